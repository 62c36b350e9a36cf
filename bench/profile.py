"""Time the public community sector profile of an authority (target: 2,000 groups, median server time
at most 100 ms).

Loads the demo, adds groups to the Stoke-on-Trent team's directory until the authority has as many as
asked for (spread over its neighbourhoods, legal forms, income bands, statuses and areas of work, a
tenth of them in grants data, and venues on its LSOAs), then requests the profile page and its CSV and
JSON signed out, in-process, and prints each one's median and slowest server time and its queries.

    bash scripts/with-postgres.sh .venv/bin/python bench/profile.py [--groups 2000] [--repeat 31]
"""

import argparse
import datetime
import os
import random
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

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from coprod.funding.models import Allocation  # noqa: E402
from coprod.groups import choices  # noqa: E402
from coprod.groups.models import AreaOfWork, CommunityGroup, Venue  # noqa: E402
from coprod.places.models import LSOA  # noqa: E402
from coprod.units.models import Team  # noqa: E402

CODE = "E06000021"


def add_groups(wanted: int) -> int:
    rng = random.Random(5)
    team = Team.objects.get(slug="stoke")
    have = CommunityGroup.objects.filter(local_authority__code=CODE).count()
    hoods = list(team.neighbourhoods.all())
    areas = list(AreaOfWork.objects.all())
    lsoas = list(LSOA.objects.filter(local_authority__code=CODE))
    today = datetime.date.today()
    made = CommunityGroup.objects.bulk_create(
        [
            CommunityGroup(
                team=team, local_authority=team.host_authority, name=f"Profile bench group {i}",
                search_name=f"profile bench group {i}", org_identifier=f"360G-bench-{i}",
                legal_form=rng.choice(choices.LegalForm.values),
                income_band=rng.choice(choices.IncomeBand.values),
                status=rng.choice(["active", "active", "active", "dormant", "forming"]),
                charity_number=str(1200000 + i) if rng.random() < 0.3 else "",
                status_since=today, support_intensity_since=today,
            )
            for i in range(max(0, wanted - have))
        ]
    )  # fmt: skip
    CommunityGroup.neighbourhoods.through.objects.bulk_create(
        [
            CommunityGroup.neighbourhoods.through(communitygroup=g, neighbourhood=rng.choice(hoods))
            for g in made
        ]
    )
    CommunityGroup.areas_of_work.through.objects.bulk_create(
        [
            CommunityGroup.areas_of_work.through(communitygroup=g, areaofwork=a)
            for g in made
            for a in rng.sample(areas, rng.randint(1, 2))
        ]
    )
    allocation = Allocation.objects.first()
    if allocation is not None:
        allocation.groups.add(*made[::10])
    Venue.objects.bulk_create(
        [
            Venue(team=team, name=f"Bench venue {i}", kind="community_centre", lsoa=rng.choice(lsoas),
                  status=rng.choice(choices.VenueStatus.values), asset_of_community_value=rng.random() < 0.2)
            for i in range(60)
        ]
    )  # fmt: skip
    return CommunityGroup.objects.filter(local_authority__code=CODE).count()


def timed(client: Client, url: str, repeat: int) -> tuple[list[float], int]:
    client.get(url)  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response)
    return times, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=31)
    args = parser.parse_args()
    print(f"database: {connection.vendor}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", verbosity=0, stdout=quiet)
    groups = add_groups(args.groups)
    print(f"groups based in {CODE}: {groups:,}")
    client = Client(HTTP_HOST="127.0.0.1")
    for label, url in (
        ("profile page", f"/profiles/{CODE}/"),
        ("profile CSV", f"/profiles/{CODE}/profile.csv"),
        ("profile JSON", f"/profiles/{CODE}/profile.json"),
    ):
        times, queries = timed(client, url, args.repeat)
        print(
            f"{label:<14} median {statistics.median(times):6.1f} ms   slowest {max(times):6.1f} ms   "
            f"{queries} queries   (target: median at most 100 ms)"
        )


if __name__ == "__main__":
    main()
