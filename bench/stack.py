"""What the load and fault scripts share: a throwaway PostgreSQL with the demo and people, gunicorn on a
free loopback port, virtual users sending real requests, and the figures they print.

Every request goes to 127.0.0.1 only; every loop is bounded by a request count and a deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The server's environment: production settings, on plain HTTP on loopback.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "coprod.settings.base",
    "SECRET_KEY": "bench-" + uuid.uuid4().hex,
    "DEBUG": "false",
    # Fifty simulated workers share one loopback address: the per-address limit is off for the bench.
    "COPROD_API_RATE_ADDRESS": "",
    "COPROD_API_RATE_PERSON": "",
    "ALLOWED_HOSTS": "127.0.0.1",
    # Plain HTTP on loopback: no redirect to HTTPS (every request would answer 301), no Secure cookies.
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "CELERY_BROKER_URL": "",
    "CONN_MAX_AGE": "60",
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "LOG_LEVEL": "WARNING",
}
WORKER_PREFIX = "bench.worker"
MANAGER_PREFIX = "bench.manager"
# Pages a unit manager reads: the dashboard first among them.
MANAGER_PAGES = ["/dashboard/", "/figures/", "/neighbourhoods/", "/groups/", "/funding/"]
ACTIVITY_TYPES = ["outreach", "one-to-one", "group-development", "training"]
DIMENSIONS = ["isolated_people", "groups", "services", "co_production"]
THEMES = ["housing", "health", "young-people", "older-people"]


def run_under_throwaway_postgres() -> None:
    """Re-run this script under scripts/with-postgres.sh unless it already runs against PostgreSQL."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    script = [sys.executable, *sys.argv]
    os.execvp("bash", ["bash", str(ROOT / "scripts" / "with-postgres.sh"), *script])


def setup_django() -> None:
    os.environ.update(SERVER_ENV)
    import django

    django.setup()


@dataclass
class Worker:
    username: str
    token: str
    team: str
    neighbourhoods: list[str]
    groups: list[int]


@dataclass
class Cast:
    workers: list[Worker]
    manager_sessions: list[str]


def prepare(*, workers: int, managers: int) -> Cast:
    """Migrate, load the demo, and make the workers (spread over the demo teams) and unit managers."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    env = {**os.environ, **SERVER_ENV}
    subprocess.run([*manage, "migrate", "--verbosity", "0"], check=True, env=env, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    setup_django()

    import datetime

    from django.db import connections
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from coprod.groups.models import CommunityGroup
    from coprod.neighbourhoods.models import Neighbourhood
    from coprod.units.choices import Role
    from coprod.units.models import CoProductionUnit, Team
    from coprod.units.services import membership_grant, user_create

    start = datetime.date(2025, 4, 1)
    teams = list(Team.objects.order_by("slug"))
    units = list(CoProductionUnit.objects.order_by("slug"))
    cast = Cast(workers=[], manager_sessions=[])
    for i in range(workers):
        team = teams[i % len(teams)]
        user = user_create(username=f"{WORKER_PREFIX}{i:03d}", password=uuid.uuid4().hex)
        membership_grant(user=user, role=Role.WORKER, team=team, start_date=start)
        cast.workers.append(
            Worker(
                username=user.username,
                token=Token.objects.create(user=user).key,
                team=team.slug,
                neighbourhoods=list(Neighbourhood.objects.filter(team=team).values_list("slug", flat=True)),
                groups=list(CommunityGroup.objects.filter(team=team).values_list("pk", flat=True)),
            )
        )
    for i in range(managers):
        user = user_create(username=f"{MANAGER_PREFIX}{i:02d}", password=uuid.uuid4().hex)
        membership_grant(user=user, role=Role.UNIT_MANAGER, unit=units[i % len(units)], start_date=start)
        client = Client()
        client.force_login(user)
        cast.manager_sessions.append(client.cookies["sessionid"].value)
    connections.close_all()
    return cast


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*, workers: int, log_path: Path | None = None):
    """gunicorn on a free loopback port, its log in log_path if given; yields its base URL once /healthz
    answers."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "coprod.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--graceful-timeout", "5",
        "--no-control-socket", "--log-level", "warning",
    ]  # fmt: skip
    log = open(log_path, "w") if log_path else None  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        if log:
            log.close()


@dataclass
class Sent:
    """One contact a worker logged: its key, what it should hold, and the answers it got."""

    key: str
    groups: int
    themes: int
    created_id: int | None = None
    statuses: list[int] = field(default_factory=list)


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    # (seconds since start, kind, status) for every answer, so a fault script can draw its timeline.
    timeline: list[tuple[float, str, int]] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    # The start of each different error answer's body, to show what a client was told.
    error_bodies: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)
    sending: asyncio.Event = field(default_factory=asyncio.Event)  # set once the warm-up is over

    def record(self, kind: str, status: int, seconds: float) -> None:
        self.latencies[kind].append(seconds)
        self.statuses[kind][status] += 1
        self.timeline.append((time.monotonic() - self.started, kind, status))


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def contact_payload(worker: Worker, rng: random.Random) -> dict:
    groups = rng.sample(worker.groups, k=min(len(worker.groups), rng.randint(1, 2)))
    return {
        "team": worker.team,
        "neighbourhood": rng.choice(worker.neighbourhoods),
        "activity_type": rng.choice(ACTIVITY_TYPES),
        "dimension": rng.choice(DIMENSIONS),
        "minutes": rng.choice([15, 30, 45, 60, 90, 120]),
        "people_present": rng.randint(1, 20),
        "groups": groups,
        "themes": rng.sample(THEMES, k=rng.randint(1, 2)),
        "notes": "Met the group at the community centre about the summer programme.",
    }


NETWORK_ERROR = 0  # recorded as the status when no answer came


async def timed(client: httpx.AsyncClient, results: Results, kind: str, method: str, url: str, **kw):
    began = time.monotonic()
    try:
        response = await client.request(method, url, **kw)
        status = response.status_code
        if status >= 400:
            results.error_bodies[f"{status} {response.text[:120]!r}"] += 1
    except httpx.HTTPError:
        response, status = None, NETWORK_ERROR
    results.record(kind, status, time.monotonic() - began)
    return response


async def worker_user(
    client, results, worker: Worker, *, contacts: int, think: float, deadline: float, retry_until_logged: bool
):
    """Logs contacts; with retry_until_logged, resends a contact (same key) until it is logged, as the
    phone does after a dropped connection."""
    rng = random.Random(worker.username)
    headers = {"Authorization": f"Token {worker.token}"}
    await asyncio.sleep(rng.uniform(0, think))  # people do not all start at the same instant
    for _ in range(contacts):
        if time.monotonic() > deadline:
            return
        payload = contact_payload(worker, rng)
        sent = Sent(key=str(uuid.uuid4()), groups=len(payload["groups"]), themes=len(payload["themes"]))
        results.sent.append(sent)
        while True:
            response = await timed(
                client, results, "log contact", "POST", "/api/v1/engagements/",
                json=payload, headers={**headers, "Idempotency-Key": sent.key},
            )  # fmt: skip
            status = response.status_code if response is not None else NETWORK_ERROR
            sent.statuses.append(status)
            if status == 201:
                sent.created_id = response.json()["id"]
            if status in (200, 201) or not retry_until_logged or time.monotonic() > deadline:
                break
            await asyncio.sleep(rng.uniform(0.5, 1.0))
        # A second send of the same contact (a phone that never saw the answer) must log nothing new.
        if status == 201 and rng.random() < 0.1:
            response = await timed(
                client, results, "resend contact", "POST", "/api/v1/engagements/",
                json=payload, headers={**headers, "Idempotency-Key": sent.key},
            )  # fmt: skip
            if response is not None:
                sent.statuses.append(response.status_code)
        await asyncio.sleep(rng.uniform(0.5, 1.5) * think)


async def manager_user(
    client, results, session: str, index: int, *, pages: int, think: float, deadline: float
):
    rng = random.Random(index)
    cookies = {"sessionid": session}
    await asyncio.sleep(rng.uniform(0, think))
    for i in range(pages):
        if time.monotonic() > deadline:
            return
        url = MANAGER_PAGES[(i + index) % len(MANAGER_PAGES)]
        await timed(client, results, f"manager {url}", "GET", url, cookies=cookies)
        await asyncio.sleep(rng.uniform(0.5, 1.5) * think)


async def warm_up(phones: httpx.AsyncClient, browsers: httpx.AsyncClient, cast: Cast, rounds: int) -> None:
    """Not measured: each gunicorn process loads its templates and URL patterns on its first requests."""
    for _ in range(rounds):
        await asyncio.gather(
            *(browsers.get(url, cookies={"sessionid": cast.manager_sessions[0]}) for url in MANAGER_PAGES),
            *(
                phones.get("/api/v1/engagements/", headers={"Authorization": f"Token {w.token}"})
                for w in cast.workers[:4]
            ),
        )


async def run_users(
    base: str, cast: Cast, results: Results, *, contacts: int, pages: int, think: float, seconds: float,
    retry_until_logged: bool = False, warm_up_rounds: int = 4,
) -> None:  # fmt: skip
    # Two clients, as in life: the workers' phones send a token and never hold the managers' session
    # cookies (with one shared cookie jar, a token request would carry a manager's session and be
    # refused for want of a CSRF token).
    phones = httpx.AsyncClient(
        base_url=base, timeout=30, limits=httpx.Limits(max_connections=max(1, len(cast.workers)))
    )
    browsers = httpx.AsyncClient(
        base_url=base, timeout=30, limits=httpx.Limits(max_connections=max(1, len(cast.manager_sessions)))
    )
    async with phones, browsers:
        await warm_up(phones, browsers, cast, rounds=warm_up_rounds)
        deadline = time.monotonic() + seconds
        results.started = time.monotonic()
        results.sending.set()
        await asyncio.gather(
            *(
                worker_user(
                    phones,
                    results,
                    w,
                    contacts=contacts,
                    think=think,
                    deadline=deadline,
                    retry_until_logged=retry_until_logged,
                )  # fmt: skip
                for w in cast.workers
            ),
            *(
                manager_user(browsers, results, s, i, pages=pages, think=think, deadline=deadline)
                for i, s in enumerate(cast.manager_sessions)
            ),
        )


def check_writes(results: Results) -> dict[str, int]:
    """Compare the database with the answers: every 201 has its row with all its groups and themes,
    and no contact was logged twice."""
    from django.db import connections
    from django.db.models import Count

    from coprod.engagements.models import Engagement

    connections.close_all()  # the database may have restarted since this process last used it
    rows = {
        str(e["idempotency_key"]): e
        for e in Engagement.objects.filter(worker__username__startswith=WORKER_PREFIX)
        .values("pk", "idempotency_key")
        .annotate(n_groups=Count("groups", distinct=True), n_themes=Count("themes", distinct=True))
    }
    acknowledged = [s for s in results.sent if s.created_id is not None]
    lost = [s for s in acknowledged if s.key not in rows or rows[s.key]["pk"] != s.created_id]
    partial = [key for key, row in rows.items() if row["n_themes"] == 0 or row["n_groups"] == 0]
    sent_keys = {s.key for s in results.sent}
    keyed = Engagement.objects.filter(worker__username__startswith=WORKER_PREFIX).count()
    return {
        "contacts sent": len(results.sent),
        "acknowledged (a 201 received)": len(acknowledged),
        "rows in the database": keyed,
        "lost writes (201 without its row)": len(lost),
        "partial writes (row without its groups or themes)": len(partial),
        "rows never sent": len(set(rows) - sent_keys),
        "rows logged without a 201 seen": len(set(rows) - {s.key for s in acknowledged}),
    }


def print_latencies(results: Results) -> dict[str, tuple[float, float, float]]:
    figures = {}
    print(f"{'kind':<28}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    for kind in sorted(results.latencies):
        values = results.latencies[kind]
        p50, p95, p99 = (percentile(values, p) * 1000 for p in (50, 95, 99))
        figures[kind] = (p50, p95, p99)
        statuses = ", ".join(f"{s}×{n}" for s, n in sorted(results.statuses[kind].items()))
        print(f"{kind:<28}{len(values):>9}{p50:>9.0f}{p95:>9.0f}{p99:>9.0f}  {statuses}")
    return figures


def check_figures() -> dict[str, int]:
    """Every figure of every unit's dashboard (the quarter to date and the last closed quarter) as the
    rollups gave it after the run, against the same figures once every rollup is rebuilt from the
    records: how many differ."""
    from django.db import connections
    from django.utils import timezone

    from coprod.core.periods import Quarter
    from coprod.engagements import rollups
    from coprod.groups import rollups as group_rollups
    from coprod.reporting.selectors import unit_figures
    from coprod.units.models import CoProductionUnit

    connections.close_all()
    today = timezone.localdate()
    quarters = [Quarter.containing(today), Quarter.containing(today).previous()]

    def leaves(value, path=""):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from leaves(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from leaves(v, f"{path}[{i}]")
        else:
            yield path, value

    def every_figure() -> dict:
        found = {}
        for unit in CoProductionUnit.objects.order_by("slug"):
            for quarter in quarters:
                figures = unit_figures(unit, start=quarter.start, end=min(quarter.end, today), today=today)
                found |= {f"{unit.slug} {quarter.code}{p}": v for p, v in leaves(figures.as_json())}
        return found

    before = every_figure()
    rollups.rebuild()
    group_rollups.rebuild()
    after = every_figure()
    drifted = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    for key in drifted[:10]:
        print(f"  drifted: {key}: {before.get(key)!r} before the rebuild, {after.get(key)!r} after")
    return {"figures compared": len(before), "figures drifted": len(drifted)}
