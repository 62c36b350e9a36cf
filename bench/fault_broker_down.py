"""Fault: the Redis broker down for a minute while unit managers ask for progress reports.

gunicorn, a Celery worker and Celery beat run against PostgreSQL and a Redis server of this script's
own. Unit managers ask for reports through the reports page before, during and after the outage;
/healthz is polled throughout. Redis is stopped (it keeps nothing on disk, so whatever it held is
lost, as with a broker that lost its data) and started again. Prints how long each request took
while the broker was down, what /healthz said, and, once the queue has caught up, whether every
report asked for was delivered, once to each regional director. Exit status 1 when a check fails.

    make bench-faults
    .venv/bin/python bench/fault_broker_down.py [--down-seconds 60] [--managers 4] [--every 5]

Runs under its own throwaway PostgreSQL (scripts/with-postgres.sh). Beat resends reports every 10 s
here (COPROD_REPORT_REDISPATCH_SECONDS) and a report the broker lost after 30 s
(COPROD_REPORT_RESEND_SECONDS), instead of 5 minutes each in production, so the run stays short.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from email import message_from_string
from pathlib import Path

import httpx

sys.path.insert(0, os.path.dirname(__file__))

import stack  # noqa: E402

REQUEST_LIMIT_SECONDS = 10
QUARTERS = [f"{year}-Q{q}" for year in range(2019, 2027) for q in range(1, 5)]
DIRECTORS_PER_UNIT = 2


class RedisServer:
    """redis-server on a unix socket in folder, nothing saved to disk; stopped and started at will."""

    def __init__(self, folder: Path):
        self.folder, self.process = folder, None
        self.socket = folder / "redis.sock"
        self.url = f"redis+socket://{self.socket}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise SystemExit("redis-server is not installed (apt-get install redis-server)")
        command = [
            binary, "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700",
            "--dir", str(self.folder), "--save", "", "--appendonly", "no",
        ]  # fmt: skip
        with open(self.folder / "redis.log", "a") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        import redis

        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis(unix_socket_path=str(self.socket), socket_timeout=1).ping()
                return
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise SystemExit("redis-server did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.socket.unlink(missing_ok=True)


def celery(arguments: list[str], log: Path) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "celery"), "-A", "coprod", *arguments, "--loglevel=INFO"]
    with open(log, "w") as handle:
        return subprocess.Popen(
            command, cwd=stack.ROOT, env={**os.environ, **stack.SERVER_ENV}, stdout=handle, stderr=handle
        )


def add_directors() -> list[str]:
    """Regional directors with an e-mail address for every unit; returns the units' slugs, in the
    order stack.prepare gave the unit managers theirs."""
    import datetime

    from django.db import connections

    from coprod.units.choices import Role
    from coprod.units.models import CoProductionUnit
    from coprod.units.services import membership_grant, user_create

    units = list(CoProductionUnit.objects.order_by("slug"))
    for unit in units:
        for n in range(DIRECTORS_PER_UNIT):
            user = user_create(
                username=f"bench.director.{unit.slug}.{n}",
                password=uuid.uuid4().hex,
                email=f"director{n}.{unit.slug}@example.org",
            )
            membership_grant(
                user=user, role=Role.REGIONAL_DIRECTOR, unit=unit, start_date=datetime.date(2019, 1, 1)
            )
    connections.close_all()
    return [u.slug for u in units]


class Run:
    def __init__(self):
        self.started = time.monotonic()
        self.phase = "before"
        self.requests: list[tuple[str, float, int, str]] = []  # phase, seconds, status, period
        self.health: list[tuple[str, int, dict]] = []

    def now(self) -> float:
        return time.monotonic() - self.started


async def manager(client, session: str, unit: str, run: Run, *, every: float, stop: asyncio.Event) -> None:
    """Opens the reports page, then asks for one quarter's report after another until told to stop."""
    cookies = {"sessionid": session}
    page = await client.get("/reports/", cookies=cookies)
    cookies["csrftoken"] = page.cookies.get("csrftoken") or client.cookies.get("csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    for period in QUARTERS:
        if stop.is_set():
            return
        phase, began = run.phase, time.monotonic()
        try:
            response = await client.post(
                "/reports/new/",
                data={"unit": unit, "period": period, "csrfmiddlewaretoken": token},
                cookies=cookies,
            )
            status = response.status_code
        except httpx.HTTPError:
            status = stack.NETWORK_ERROR
        run.requests.append((phase, time.monotonic() - began, status, period))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every)


async def poll_health(client, run: Run, stop: asyncio.Event) -> None:
    while not stop.is_set():
        phase = run.phase
        try:
            response = await client.get("/healthz")
            run.health.append((phase, response.status_code, response.json()))
        except (httpx.HTTPError, ValueError):
            run.health.append((phase, stack.NETWORK_ERROR, {}))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=2)


def in_flight() -> dict[str, int]:
    from django.db import connections

    from coprod.reporting.models import Report

    connections.close_all()
    return {
        "queued, refused by the broker": Report.objects.filter(status="queued", dispatched_at=None).count(),
        "queued, handed to the broker": Report.objects.filter(status="queued")
        .exclude(dispatched_at=None)
        .count(),
        "rendering": Report.objects.filter(status="rendering").count(),
        "ready or delivered": Report.objects.filter(status__in=["ready", "delivered"]).count(),
    }


async def scenario(base, cast, units, run, args, redis_server, marks) -> None:
    stop = asyncio.Event()
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        users = [
            asyncio.create_task(
                manager(client, session, units[i % len(units)], run, every=args.every, stop=stop)
            )
            for i, session in enumerate(cast.manager_sessions)
        ]
        health = asyncio.create_task(poll_health(client, run, stop))
        await asyncio.sleep(args.before)
        marks["before stop"] = await asyncio.to_thread(in_flight)
        await asyncio.to_thread(redis_server.stop)
        run.phase, marks["down"] = "down", run.now()
        print(f"t={run.now():5.1f} s  Redis stopped", flush=True)
        await asyncio.sleep(args.down_seconds)
        marks["at restart"] = await asyncio.to_thread(in_flight)
        await asyncio.to_thread(redis_server.start)
        run.phase, marks["up"] = "after", run.now()
        print(f"t={run.now():5.1f} s  Redis started again", flush=True)
        await asyncio.sleep(args.after)
        stop.set()
        await asyncio.gather(*users, health)


def wait_for_the_queue(deadline_seconds: float) -> float | None:
    """Seconds until no report is left queued or rendering; None if some still are at the deadline."""
    from django.db import connections

    from coprod.reporting.models import Report

    began = time.monotonic()
    while time.monotonic() - began < deadline_seconds:
        connections.close_all()
        if not Report.objects.exclude(status__in=["delivered", "failed"]).exists():
            return time.monotonic() - began
        time.sleep(1)
    return None


def outbox(folder: Path) -> list:
    messages = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_text().split("\n" + "-" * 79 + "\n"):
            if chunk.strip():
                messages.append(message_from_string(chunk))
    return messages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--managers", type=int, default=4, help="unit managers asking for reports")
    parser.add_argument("--every", type=float, default=5, help="seconds between one manager's requests")
    parser.add_argument("--before", type=float, default=10, help="seconds before Redis stops")
    parser.add_argument("--down-seconds", type=float, default=60)
    parser.add_argument("--after", type=float, default=10, help="seconds of requests after it is back")
    parser.add_argument("--settle", type=float, default=300, help="seconds allowed for the queue to catch up")
    parser.add_argument("--web-workers", type=int, default=2)
    args = parser.parse_args()
    stack.run_under_throwaway_postgres()

    work = Path(tempfile.mkdtemp(prefix="coprod-broker-"))
    mail = work / "outbox"
    mail.mkdir()
    redis_server = RedisServer(work)
    redis_server.start()
    stack.SERVER_ENV.update(
        {
            "CELERY_BROKER_URL": redis_server.url,
            "EMAIL_URL": f"filemail:///{mail}",
            "MEDIA_ROOT": str(work / "media"),
            "COPROD_REPORT_REDISPATCH_SECONDS": "10",
            "COPROD_REPORT_RESEND_SECONDS": "30",
        }
    )
    print(f"Preparing: migrate, demo, {args.managers} unit managers, regional directors", flush=True)
    cast = stack.prepare(workers=0, managers=args.managers)
    units = add_directors()
    processes = [
        celery(["worker", "--concurrency", "2", "--without-gossip", "--without-mingle"], work / "worker.log"),
        celery(["beat", "--schedule", str(work / "beat-schedule")], work / "beat.log"),
    ]
    run, marks = Run(), {}
    try:
        with stack.gunicorn(workers=args.web_workers, log_path=work / "gunicorn.log") as base:
            print(
                f"gunicorn at {base}, a Celery worker and beat; Redis stops {args.before:.0f} s in for "
                f"{args.down_seconds:.0f} s",
                flush=True,
            )
            run.started = time.monotonic()
            asyncio.run(scenario(base, cast, units, run, args, redis_server, marks))
            print(f"t={run.now():5.1f} s  requests stopped; waiting for the queue to catch up", flush=True)
            caught_up = wait_for_the_queue(args.settle)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        redis_server.stop()

    from django.db import connections
    from django.db.models import Count

    from coprod.reporting.models import Report, ReportDelivery

    connections.close_all()
    print("\nrequests for a report (POST /reports/new/):")
    print(f"  {'phase':<8}{'requests':>9}{'p50 s':>8}{'max s':>8}  statuses")
    by_phase = defaultdict(list)
    for phase, seconds, status, _ in run.requests:
        by_phase[phase].append((seconds, status))
    for phase in ("before", "down", "after"):
        rows = by_phase.get(phase, [])
        if rows:
            times = [s for s, _ in rows]
            statuses = ", ".join(f"{s}×{n}" for s, n in sorted(Counter(s for _, s in rows).items()))
            print(
                f"  {phase:<8}{len(rows):>9}{stack.percentile(times, 50):>8.2f}{max(times):>8.2f}  {statuses}"
            )
    print("\n/healthz (polled every 2 s):")
    for phase in ("before", "down", "after"):
        answers = Counter(
            f"{status} broker={body.get('broker', '?')}" for p, status, body in run.health if p == phase
        )
        print(f"  {phase:<8}" + ", ".join(f"{a} ×{n}" for a, n in answers.most_common()))
    for when in ("before stop", "at restart"):
        print(f"\nreports {when}: " + ", ".join(f"{k} {v}" for k, v in marks[when].items()))

    reports = Report.objects.all()
    statuses = Counter(reports.values_list("status", flat=True))
    deliveries = ReportDelivery.objects.values("report", "recipient").annotate(n=Count("pk"))
    double_rows = sum(1 for d in deliveries if d["n"] > 1)
    messages = outbox(mail)
    sent = Counter((m["Subject"], m["To"]) for m in messages)
    double_mail = {key: n for key, n in sent.items() if n > 1}
    from coprod.reporting.services import recipients

    expected = sum(len(recipients(report.unit)) for report in reports.select_related("unit"))
    print(
        f"\nrequests made: {len(run.requests)} ({len(by_phase['down'])} while Redis was down), "
        f"for {reports.count()} distinct reports (a unit and quarter asked for again is the same report)"
    )
    print(f"reports by status: {dict(statuses)}")
    print(
        "the queue caught up "
        + (f"{caught_up:.0f} s after requests stopped" if caught_up is not None else "NOT within the limit")
    )
    recorded = ReportDelivery.objects.count()
    print(f"deliveries recorded: {recorded} (expected {expected}); duplicated: {double_rows}")
    print(f"e-mails sent: {len(messages)} (expected {expected}); duplicated: {len(double_mail)}")

    failures = []
    if statuses.get("delivered", 0) != reports.count():
        failures.append(f"{reports.count() - statuses.get('delivered', 0)} reports not delivered (lost)")
    if double_rows or double_mail or len(messages) != expected:
        failures.append("a report delivered more than once, or not to everyone")
    slow = [s for phase, s, _, _ in run.requests if s > REQUEST_LIMIT_SECONDS]
    if slow:
        failures.append(f"{len(slow)} requests took more than {REQUEST_LIMIT_SECONDS} s")
    if any(status != 302 for _, _, status, _ in run.requests):
        failures.append("a request for a report was not answered with the reports page")
    if not any(p == "down" and status == 503 for p, status, _ in run.health):
        failures.append("/healthz did not report the broker down")
    print("\n" + ("FAIL: " + "; ".join(failures) if failures else "PASS: every check held"))
    print(f"(logs in {work})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
