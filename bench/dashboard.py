"""Time the unit dashboard at scale (targets: median server time ≤ 150 ms, a fixed number of queries,
each aggregate within 1.2× of the same query written in raw SQL).

Makes the data with `manage.py bench_data` (not timed), then prints:
- the dashboard's server time over repeated requests (median and 90th percentile), in-process, as the
  unit manager of a unit with 300 neighbourhoods, 20,000 groups and the engagements asked for;
- its number of queries, beside the same page for the small demo unit;
- each grouped aggregate the dashboard runs (on the monthly rollups and the directory), timed through
  the ORM and as hand-written SQL in the same run, and their ratio.

    bash scripts/with-postgres.sh .venv/bin/python bench/dashboard.py [--engagements 1000000]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
tmp = tempfile.TemporaryDirectory()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from coprod.engagements.models import (  # noqa: E402
    ContactMonth,
    Engagement,
)
from coprod.engagements.selectors import _engaged_by_level, _whole_months  # noqa: E402
from coprod.groups.models import CommunityGroup  # noqa: E402
from coprod.reporting.selectors import previous_quarter, quarter_bounds  # noqa: E402
from coprod.units.models import Team  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def dashboard_request(client: Client, period: str):
    def run():
        response = client.get("/dashboard/", {"period": period}, HTTP_HOST="localhost")
        assert response.status_code == 200, response.status_code

    return run


def aggregates(team_ids: list[int], start, end):
    """(name, ORM query as the selectors build it, the same in raw SQL, its parameters): the grouped
    queries the dashboard runs for a quarter, which read the monthly rollups."""
    ids = ", ".join(str(i) for i in team_ids)
    months = ContactMonth.objects.filter(team__in=team_ids, month__gte=start, month__lte=end).order_by()
    in_months = f"WHERE r.team_id IN ({ids}) AND r.month >= %s AND r.month <= %s"
    return [
        (
            "minutes and new people by team",
            lambda: list(months.values_list("team").annotate(m=Sum("minutes"), n=Sum("new_people"))),
            "SELECT r.team_id, SUM(r.minutes), SUM(r.new_people) FROM engagements_contactmonth r "
            f"{in_months} GROUP BY r.team_id",
            [start, end],
        ),
        (
            "minutes and new people by neighbourhood",
            lambda: list(months.values_list("neighbourhood").annotate(m=Sum("minutes"), n=Sum("new_people"))),
            "SELECT r.neighbourhood_id, SUM(r.minutes), SUM(r.new_people) FROM engagements_contactmonth r "
            f"{in_months} GROUP BY r.neighbourhood_id",
            [start, end],
        ),
        (
            "active groups serving each neighbourhood",
            lambda: list(
                CommunityGroup.objects.filter(neighbourhoods__team__in=team_ids, status="active")
                .order_by()
                .values_list("neighbourhoods")
                .annotate(n=Count("pk", distinct=True))
            ),
            "SELECT l.neighbourhood_id, COUNT(DISTINCT g.id) FROM groups_communitygroup g "
            "JOIN groups_communitygroup_neighbourhoods l ON l.communitygroup_id = g.id "
            "JOIN neighbourhoods_neighbourhood n ON n.id = l.neighbourhood_id "
            f"WHERE n.team_id IN ({ids}) AND g.status = 'active' GROUP BY l.neighbourhood_id",
            [],
        ),
        (
            "active groups by support intensity and team",
            lambda: list(
                CommunityGroup.objects.filter(team__in=team_ids, status="active")
                .order_by()
                .values_list("team", "support_intensity")
                .annotate(n=Count("pk"))
            ),
            f"SELECT g.team_id, g.support_intensity, COUNT(g.id) FROM groups_communitygroup g "
            f"WHERE g.team_id IN ({ids}) AND g.status = 'active' GROUP BY g.team_id, g.support_intensity",
            [],
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engagements", type=int, default=1_000_000)
    parser.add_argument("--groups", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("bench_data", engagements=args.engagements, groups=args.groups)
    print(f"bench data made in {time.perf_counter() - started:.1f} s (not part of the figures)")

    period = previous_quarter(timezone.localdate())
    start, end = quarter_bounds(period)
    users = get_user_model().objects
    client = Client()
    client.force_login(users.get(username="bench.manager"))
    request = dashboard_request(client, period)
    timed(request, 2)  # warm: first charts, connection, caches
    times = timed(request, args.repeat)
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    print(
        f"dashboard ({period}, {Engagement.objects.count():,} engagements, "
        f"{CommunityGroup.objects.count():,} groups): median {median:.0f} ms, 90th percentile {p90:.0f} ms "
        f"over {args.repeat} requests; target median <= 150 ms: {'met' if median <= 150 else 'NOT met'}"
    )

    with CaptureQueriesContext(connection) as big:
        request()
    with CaptureQueriesContext(connection) as small:  # the same unit, a quarter with no contacts
        dashboard_request(client, "2019-Q1")()
    same = len(big.captured_queries) == len(small.captured_queries)
    print(
        f"queries: {len(big.captured_queries)} for the quarter, {len(small.captured_queries)} for a quarter "
        f"with no contacts: {'the same' if same else 'DIFFERENT'}"
    )

    team_ids = list(Team.objects.filter(unit__slug="bench").values_list("pk", flat=True))
    worst = 0.0
    for name, orm, sql, params in aggregates(team_ids, start, end):

        def raw(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        orm_times, raw_times = [], []
        for _ in range(args.repeat):  # alternate, so both see the same machine
            orm_times += timed(orm, 1)
            raw_times += timed(raw, 1)
        ratio = statistics.median(orm_times) / statistics.median(raw_times)
        worst = max(worst, ratio)
        print(
            f"  {name}: ORM {statistics.median(orm_times):.1f} ms, "
            f"raw SQL {statistics.median(raw_times):.1f} ms, ratio {ratio:.2f}"
        )
    print(f"worst aggregate ratio {worst:.2f}; target <= 1.2: {'met' if worst <= 1.2 else 'NOT met'}")

    # Groups engaged and their volunteer hours are one query written in SQL (a de-duplicated union the
    # ORM cannot say); this times the selector, which runs it and reads its rows, against the query alone.
    months, edges = _whole_months(start, end)
    with CaptureQueriesContext(connection) as captured:
        _engaged_by_level(team_ids, months, edges, start=start, end=end)
    sql = captured.captured_queries[-1]["sql"]

    def selector():
        _engaged_by_level(team_ids, months, edges, start=start, end=end)

    def query():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    selector_times, query_times = [], []
    for _ in range(args.repeat):
        selector_times += timed(selector, 1)
        query_times += timed(query, 1)
    print(
        f"  groups engaged and volunteer hours by unit, team and neighbourhood: selector "
        f"{statistics.median(selector_times):.1f} ms, its SQL alone {statistics.median(query_times):.1f} ms, "
        f"ratio {statistics.median(selector_times) / statistics.median(query_times):.2f}"
    )


if __name__ == "__main__":
    main()
