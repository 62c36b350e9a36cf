"""Fixtures that run coprod against real services: a Redis broker and a Celery worker in its own process.

`make test` runs these tests under scripts/with-postgres.sh and scripts/with-redis.sh with
COPROD_REQUIRE_SERVICES=1, where a missing service fails the test; run outside that harness, a test that
needs a service it has not got is skipped and says why.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.db import connection

from coprod.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent.parent
# Generous: a worker on a busy two-core machine takes a few seconds to start and to pick up a task.
WORKER_START_TIMEOUT = 60
TASK_TIMEOUT = 60


def _missing(reason: str) -> None:
    if os.environ.get("COPROD_REQUIRE_SERVICES"):
        pytest.fail(f"{reason} (COPROD_REQUIRE_SERVICES is set, so this is a failure)")
    pytest.skip(f"{reason}; `make pytest-redis` runs this test with the services it needs")


@pytest.fixture
def redis_broker_url() -> str:
    """The URL of a real Redis server, as scripts/with-redis.sh exports it."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith(("redis://", "rediss://", "redis+socket://")):
        _missing("needs a Redis server in CELERY_BROKER_URL (run under scripts/with-redis.sh)")
    return url


@pytest.fixture
def postgres_database(transactional_db) -> None:
    """A PostgreSQL test database that other processes can connect to (SQLite's is in memory)."""
    if connection.vendor != "postgresql":
        _missing("needs PostgreSQL in DATABASE_URL (run under scripts/with-postgres.sh)")


def database_url(settings_dict: dict) -> str:
    """DATABASE_URL for a settings dict, the test database's included; OPTIONS (a socket's host) go in
    the query string, as django-environ reads them."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or ""
    port = settings_dict.get("PORT") or ""
    address = f"{host}:{port}" if host and port else host
    options = {k: v for k, v in (settings_dict.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    query = f"?{urlencode(options, safe='/')}" if options else ""
    return f"postgres://{credentials}{address}/{quote(settings_dict['NAME'], safe='')}{query}"


def wait_until(predicate: Callable[[], bool], *, timeout: float, message: Callable[[], str]) -> None:
    """Poll until the predicate holds; fail with the message (say, the worker's log) if it never does."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(message())
        time.sleep(0.2)


@dataclass
class WorkerProcess:
    """A `celery worker` running in its own process, with its log collected as it goes."""

    process: subprocess.Popen
    name: str
    lines: list[str] = field(default_factory=list)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for(self, predicate: Callable[[], bool], *, timeout: float = TASK_TIMEOUT) -> None:
        """Wait until the predicate (say, a row gone from the database) holds, else fail with the log."""
        wait_until(
            predicate, timeout=timeout, message=lambda: f"The worker did not do it; its log:\n{self.log}"
        )

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)


@pytest.fixture
def celery_worker_process(postgres_database, redis_broker_url, settings, tmp_path) -> Iterator[WorkerProcess]:
    """A real Celery worker (solo pool) on the real broker and the test database; yields once it is ready.

    Tests using it see only committed data on both sides, hence the transactional database. Tasks sent
    with .delay() while it runs go through the broker, not in-process. The worker and the test share
    MEDIA_ROOT, a fresh folder.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    name = f"coprod-test-{uuid.uuid4().hex[:8]}@%h"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coprod.settings.test",
        "DATABASE_URL": database_url(connection.settings_dict),
        "CELERY_BROKER_URL": redis_broker_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "coprod", "worker", "--pool=solo", "--concurrency=1",
        "--loglevel=INFO", "-n", name, "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    worker = WorkerProcess(process=process, name=name)
    threading.Thread(target=worker._collect, daemon=True).start()

    eager = celery_app.conf.task_always_eager
    broker = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = redis_broker_url
    try:
        wait_until(
            lambda: " ready." in worker.log or process.poll() is not None,
            timeout=WORKER_START_TIMEOUT,
            message=lambda: f"The worker did not start; its log:\n{worker.log}",
        )
        if process.poll() is not None:
            pytest.fail(f"The worker stopped at start (exit {process.returncode}); its log:\n{worker.log}")
        yield worker
    finally:
        celery_app.conf.task_always_eager = eager
        celery_app.conf.broker_url = broker
        process.terminate()  # warm shutdown: finishes the task in hand, closes its database connection
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
