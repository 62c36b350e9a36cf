"""The browser tests' live server: on SQLite it answers one request at a time.

On SQLite the test database is in memory, and the live server shares the test's one connection to it.
Two requests at once (a page and its service worker's own fetches, say) would interleave their
transactions on that connection. PostgreSQL gives each request thread its own connection, so there
the server stays threaded.
"""

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread


class OneRequestAtATime(WSGIServer):
    request_queue_size = 64  # a browser opens several connections; they wait their turn

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


@pytest.fixture(scope="session", autouse=True)
def one_request_at_a_time_on_sqlite(django_db_setup):
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = OneRequestAtATime  # type: ignore[assignment]
    yield
