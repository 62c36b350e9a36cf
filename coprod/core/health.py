"""The health check a load balancer polls: is the database reachable, and the Celery broker?"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"
NOT_USED = "not used"
# A load balancer polls every few seconds: a broker that does not answer within this is down.
BROKER_TIMEOUT_SECONDS = 1.0


def database_status() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.warning("Health check: the database is unreachable", exc_info=True)
        return UNAVAILABLE
    return OK


def broker_status() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return NOT_USED  # tasks run in-process
    options = {
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "max_retries": 0,
    }
    try:
        with Connection(url, connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=options) as conn:
            conn.ensure_connection(
                max_retries=1,
                interval_start=0,
                interval_step=0,
                # kombu takes seconds as a float here; its stubs say int.
                timeout=2 * BROKER_TIMEOUT_SECONDS,  # type: ignore[arg-type]
            )
            conn.default_channel  # noqa: B018 (opening a channel talks to the server)
    except Exception:
        # The log, not the answer, may say more: the URL can hold a password.
        logger.warning("Health check: the broker is unreachable", exc_info=True)
        return UNAVAILABLE
    return OK


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker both answer; 503 naming the part that does not."""
    report = {"database": database_status(), "broker": broker_status()}
    healthy = UNAVAILABLE not in report.values()
    return JsonResponse(report, status=200 if healthy else 503)
