"""The Celery app; tasks are discovered in each app's tasks.py.

With no CELERY_BROKER_URL set, settings make tasks run in-process (eagerly), so a laptop needs no
broker; with one set, the same code queues to Redis and workers pick the tasks up.
"""

import functools
import os

from celery import Celery
from kombu.transport import redis as kombu_redis

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings.base")

app = Celery("coprod")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _connection_gone(qos) -> bool:
    return getattr(qos.channel.connection, "client", None) is None


def _not_through_a_dropped_connection(method):
    """When a worker loses Redis, it drops the broken connection and closes its channel. Two things
    then still go through that dropped connection and fail with an AttributeError, which stops the
    worker for good instead of letting it reconnect: handing back the unacknowledged task it has in
    hand (as the channel closes), and acknowledging that task when it finishes after the reconnect.
    Both are skipped: Redis still holds the task as unacknowledged and gives it out again after the
    visibility timeout, and every task is safe to run twice (a report whose task the broker lost is
    sent again by redispatch).
    """

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        if _connection_gone(self):
            if method.__name__ == "restore_unacked":
                self._delivered.clear()
            return None
        return method(self, *args, **kwargs)

    return guarded


# Patching kombu's methods in place is the point here, which mypy flags as method-assign.
kombu_redis.QoS.restore_unacked = _not_through_a_dropped_connection(  # type: ignore[method-assign]
    kombu_redis.QoS.restore_unacked
)
kombu_redis.QoS.ack = _not_through_a_dropped_connection(kombu_redis.QoS.ack)  # type: ignore[method-assign]
