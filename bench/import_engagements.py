"""Time importing historical contacts (target: 1,000,000 rows into PostgreSQL in at most 120 s).

Makes the CSV first (not timed), then times the import and an unchanged re-run, and prints both:

    bash scripts/with-postgres.sh .venv/bin/python bench/import_engagements.py [--rows 1000000]
"""

import argparse
import csv
import datetime
import os
import random
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

from coprod.engagements.imports import engagements_import  # noqa: E402
from coprod.engagements.models import Engagement  # noqa: E402
from coprod.units.models import Team  # noqa: E402

TYPES = ["outreach", "one-to-one", "group-development", "listening", "networking"]
DIMENSIONS = ["isolated_people", "groups", "services", "co_production"]


def make_csv(path: Path, rows: int, team: Team) -> None:
    rng = random.Random(11)
    hoods = list(team.neighbourhoods.values_list("slug", flat=True))
    groups = list(team.groups.values_list("org_identifier", flat=True))
    start = datetime.date(2019, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["date", "worker", "activity_type", "dimension", "minutes", "neighbourhood", "groups",
             "people_present", "new_people", "themes", "notes"]
        )  # fmt: skip
        for i in range(rows):
            present = rng.randint(1, 20)
            writer.writerow(
                [(start + datetime.timedelta(days=rng.randint(0, 2500))).isoformat(),
                 rng.choice(["stoke.worker", "stoke.lead"]), rng.choice(TYPES), rng.choice(DIMENSIONS),
                 rng.choice([15, 30, 45, 60, 90, 120]), rng.choice(hoods),
                 rng.choice(groups) if rng.random() < 0.5 else "", present, rng.randint(0, present // 4),
                 rng.choice(["housing", "health", "food", ""]), f"Visit {i}"]
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"database: {connection.vendor}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", verbosity=0, stdout=quiet)
    team = Team.objects.get(slug="stoke")
    path = Path(tmp.name) / "engagements.csv"
    make_csv(path, args.rows, team)
    for label in ("first import", "re-run (unchanged)"):
        start = time.perf_counter()
        summary = engagements_import(actor=None, team=team, source=path)
        seconds = time.perf_counter() - start
        print(f"{label:<20} {args.rows:>8} rows  {seconds:7.2f} s   {summary.line()}")
    print(f"engagements in the team's log: {Engagement.objects.filter(team=team).count()}")


if __name__ == "__main__":
    main()
