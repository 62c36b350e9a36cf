"""Time the engagement list at scale, in-process (server time, no network), on the data of
`manage.py bench_data` (made here if the database has fewer contacts than asked for):

- the API's filtered list, `GET /api/v1/engagements/?neighbourhood=<slug>&date_from=...&date_to=...`
  (one neighbourhood, the quarter to its latest contact, pages of 50), as the unit manager and as a worker;
- the team's log page, `/log/`, as a worker;
- `/healthz` in the same run, the baseline the list is printed as a ratio of;

each as the median and 90th percentile of repeated requests, with the number of queries and the
plan PostgreSQL chose for the list's main query.

    DATABASE_URL=postgres://... .venv/bin/python bench/engagement_list.py [--engagements 1000000]
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings.test")
os.environ.setdefault("CONN_MAX_AGE", "60")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from coprod.engagements.models import Engagement  # noqa: E402
from coprod.engagements.selectors import engagements_for_user  # noqa: E402


def timed(client: Client, url: str, repeat: int) -> tuple[list[float], int]:
    client.get(url)  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return times, len(queries)


def line(label: str, times: list[float], queries: int, base: float | None = None) -> str:
    median = statistics.median(times)
    p90 = sorted(times)[int(len(times) * 0.9) - 1]
    ratio = f", {base / median:.3f}× the rate of /healthz" if base else ""
    return f"{label}: median {median:.1f} ms, p90 {p90:.1f} ms, {queries} queries{ratio}"


def main() -> None:
    setup_test_environment()  # the test client's host, as the test suite allows it
    parser = argparse.ArgumentParser()
    parser.add_argument("--engagements", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    have = Engagement.objects.count()
    if have < args.engagements:
        call_command("bench_data", engagements=args.engagements)
    users = get_user_model().objects
    manager, worker = users.get(username="bench.manager"), users.get(username="bench.00.0")
    hood = worker.memberships.get().team.neighbourhoods.order_by("slug").first()
    mine = engagements_for_user(worker).filter(neighbourhood=hood).order_by("-date").first()
    assert mine is not None
    end = mine.date
    start = end - datetime.timedelta(days=91)  # a quarter
    query = f"neighbourhood={hood.slug}&date_from={start:%Y-%m-%d}&date_to={end:%Y-%m-%d}"
    print(f"{Engagement.objects.count():,} contacts; the list: {query}")

    clients = {}
    for name, user in (("manager", manager), ("worker", worker)):
        clients[name] = Client()
        clients[name].force_login(user)
    health, _ = timed(Client(), "/healthz", args.repeat)
    base = statistics.median(health)
    print(line("/healthz", health, 0))
    for name in ("manager", "worker"):
        url = f"/api/v1/engagements/?{query}"
        times, queries = timed(clients[name], url, args.repeat)
        rows = clients[name].get(url).json()["count"]
        print(line(f"API list as the {name} ({rows:,} rows)", times, queries, base))
    times, queries = timed(clients["worker"], "/log/", args.repeat)
    print(line("log page as a worker", times, queries, base))

    listed = (
        engagements_for_user(manager)
        .filter(neighbourhood=hood, date__gte=start, date__lte=end)
        .order_by("-date", "-pk")[:50]
    )
    with connection.cursor() as cursor:
        sql, params = listed.query.sql_with_params()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
    print("plan of the manager's page of the list:")
    for row in plan:
        print("   ", row)


if __name__ == "__main__":
    main()
