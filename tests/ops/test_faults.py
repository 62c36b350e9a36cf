"""Progress reports under faults, with real Celery worker processes and real Redis: a worker killed
mid-render, two workers on one report, and the broker down while managers ask for reports. Each report
is still delivered, once to each regional director."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from coprod.reporting import services
from coprod.reporting.choices import ReportStatus
from coprod.reporting.models import Report, ReportDelivery
from coprod.reporting.tasks import redispatch_reports, report_render_task
from coprod.units.choices import Role
from tests.ops.conftest import point_celery_at
from tests.units.factories import UnitFactory, member

HOOKS = "tests.ops.worker_hooks"
# Seconds before Redis gives an unacknowledged task to another worker (an hour in production).
VISIBILITY_TIMEOUT = 3
# Generous: the machine may be busy, and the request only has to not hang.
REQUEST_LIMIT_SECONDS = 10


def unit_with_directors():
    unit = UnitFactory()
    directors = []
    for name in ("north", "south"):
        director = member(Role.REGIONAL_DIRECTOR, unit=unit)
        director.email = f"director.{name}@example.org"
        director.save()
        directors.append(director)
    return unit, directors


def renders_started(gate: Path) -> list[Path]:
    """The renders a held worker began (tests.ops.worker_hooks marks each one in the gate folder)."""
    return sorted(gate.glob("started-*"))


def pdfs() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def task_ids(log: str) -> list[str]:
    return re.findall(r"render_report\[([0-9a-f-]+)\] received", log)


def assert_delivered_once(report: Report, directors, outbox) -> None:
    report.refresh_from_db()
    assert report.status == ReportStatus.DELIVERED
    deliveries = Counter(ReportDelivery.objects.filter(report=report).values_list("recipient_id", flat=True))
    assert deliveries == {d.pk: 1 for d in directors}
    sent = Counter(m["To"] for m in outbox if m["Subject"].endswith(report.period_label))
    assert sent == {d.email: 1 for d in directors}


def test_a_worker_killed_mid_render_leaves_the_report_to_the_next_which_delivers_it_once(
    workers, redis_broker_url, tmp_path
):
    unit, directors = unit_with_directors()
    gate = tmp_path / "gate"
    gate.mkdir()
    fast_redelivery = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    point_celery_at(redis_broker_url, eager=False)
    first = workers.start(
        redis_broker_url, env={**fast_redelivery, "COPROD_TEST_RENDER_GATE": str(gate)}, include=(HOOKS,)
    )

    report, _ = services.report_request(actor=None, unit=unit, period="2026-27-Q2")  # commits, then queues
    first.wait_for(lambda: bool(renders_started(gate)))
    taken = time.monotonic()
    first.kill()

    report.refresh_from_db()
    assert report.status == ReportStatus.RENDERING and not report.pdf
    assert not ReportDelivery.objects.filter(report=report).exists() and not workers.outbox()
    # Nobody acknowledged the task, so Redis gives it to the next worker once the timeout has passed.
    time.sleep(max(0.0, VISIBILITY_TIMEOUT + 1 - (time.monotonic() - taken)))
    second = workers.start(redis_broker_url, env=fast_redelivery)
    second.wait_for(lambda: Report.objects.get(pk=report.pk).status == ReportStatus.DELIVERED, timeout=90)

    assert task_ids(second.log) == task_ids(first.log)  # the same task, handed on
    assert_delivered_once(report, directors, workers.outbox())
    assert len(workers.outbox()) == 2
    assert len(pdfs()) == 1 and report.attempts == 2
    assert len(renders_started(gate)) == 1  # the killed render; the second worker is not held

    again = report_render_task.delay(report.pk)  # the same task sent once more changes nothing
    second.wait_for(lambda: f"[{again.id}] succeeded" in second.log)
    assert_delivered_once(report, directors, workers.outbox())
    assert len(workers.outbox()) == 2 and len(pdfs()) == 1


def test_two_workers_given_the_same_report_render_it_once_and_deliver_it_once(
    workers, redis_broker_url, tmp_path
):
    unit, directors = unit_with_directors()
    gate = tmp_path / "gate"
    gate.mkdir()
    point_celery_at(redis_broker_url, eager=False)
    held = {"COPROD_TEST_RENDER_GATE": str(gate)}
    pair = [workers.start(redis_broker_url, env=held, include=(HOOKS,)) for _ in range(2)]

    report, _ = services.report_request(actor=None, unit=unit, period="2026-27-Q2")
    pair[0].wait_for(lambda: bool(renders_started(gate)))
    duplicate = report_render_task.delay(report.pk)  # as a redispatch racing the first task would
    done = f"[{duplicate.id}] succeeded"
    pair[0].wait_for(lambda: any(done in w.log for w in pair))
    stood_aside = next(w for w in pair if done in w.log)
    assert re.search(re.escape(done) + r" in [0-9.]+s: 'rendering'", stood_aside.log)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RENDERING

    (gate / "open").touch()
    pair[0].wait_for(lambda: Report.objects.get(pk=report.pk).status == ReportStatus.DELIVERED)

    assert len(renders_started(gate)) == 1  # one render, not two
    assert_delivered_once(report, directors, workers.outbox())
    assert len(workers.outbox()) == 2 and len(pdfs()) == 1


def test_reports_asked_for_while_the_broker_is_down_are_sent_once_it_is_back(
    workers, own_redis, client, settings, tmp_path
):
    unit, directors = unit_with_directors()
    manager = member(Role.UNIT_MANAGER, unit=unit)
    client.force_login(manager)
    settings.CELERY_BROKER_URL = own_redis.url  # what /healthz checks
    point_celery_at(own_redis.url, eager=False)
    gate = tmp_path / "gate"
    gate.mkdir()
    held = {"COPROD_TEST_RENDER_GATE": str(gate)}
    # As in production: tasks in child processes, and room for a second while the first is in hand,
    # so the worker is waiting on the broker when it goes.
    worker = workers.start(own_redis.url, env=held, include=(HOOKS,), pool="prefork", concurrency=2)

    def ask(period: str):
        began = time.monotonic()
        response = client.post(reverse("report-request"), {"unit": unit.slug, "period": period})
        return response, time.monotonic() - began

    response, _ = ask("2025-26-Q4")
    assert response.status_code == 302
    worker.wait_for(lambda: bool(renders_started(gate)))
    assert client.get("/healthz").json() == {"database": "ok", "broker": "ok"}

    own_redis.stop()  # with the first report in the worker's hands: it finishes it, but cannot say so
    (gate / "open").touch()
    worker.wait_for(lambda: Report.objects.get(period="2025-26-Q4").status == ReportStatus.DELIVERED)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json() == {"database": "ok", "broker": "unavailable"}
    for period in ("2026-27-Q1", "2026-27-Q2", "2026-27-Q3", "2026-27-Q1"):  # Q2 asked for twice
        response, seconds = ask(period)
        assert response.status_code == 302 and seconds < REQUEST_LIMIT_SECONDS
    refused = Report.objects.exclude(period="2025-26-Q4")
    assert sorted(refused.values_list("period", flat=True)) == ["2026-27-Q1", "2026-27-Q2", "2026-27-Q3"]
    assert all(r.status == ReportStatus.QUEUED and r.dispatched_at is None for r in refused)

    own_redis.start()
    assert client.get("/healthz").status_code == 200
    assert worker.process.poll() is None, worker.log  # the worker lived through it
    redispatch_reports.delay()  # as beat does every few minutes; the worker runs it
    worker.wait_for(lambda: not Report.objects.exclude(status=ReportStatus.DELIVERED).exists(), timeout=120)

    outbox = workers.outbox()
    for report in Report.objects.all():
        assert_delivered_once(report, directors, outbox)
    assert len(outbox) == 4 * len(directors)
    assert services.redispatch() == 0  # nothing left to send


def test_a_frozen_broker_holds_no_request_and_the_report_goes_when_it_answers(
    own_redis, send_tasks_to, client, settings, transactional_db
):
    unit, _ = unit_with_directors()
    client.force_login(member(Role.UNIT_MANAGER, unit=unit))
    settings.CELERY_BROKER_URL = own_redis.url
    send_tasks_to(own_redis.url)

    own_redis.freeze()  # accepts connections, answers nothing, as a hung server does
    try:
        began = time.monotonic()
        response = client.post(reverse("report-request"), {"unit": unit.slug, "period": "2026-27-Q2"})
        seconds = time.monotonic() - began
        health = client.get("/healthz")
    finally:
        own_redis.thaw()

    assert response.status_code == 302 and seconds < REQUEST_LIMIT_SECONDS
    assert health.status_code == 503 and health.json()["broker"] == "unavailable"
    report = Report.objects.get(unit=unit)
    assert report.status == ReportStatus.QUEUED and report.dispatched_at is None
    assert services.redispatch() == 1  # the broker answers again: handed over this time
    report.refresh_from_db()
    assert report.dispatched_at is not None
