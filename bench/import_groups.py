"""Time importing 100,000 community groups from CSV into one team's directory (target: at most 10 s).

Makes the CSV first (not timed), then times the first import and an unchanged re-run, and prints both.
The rows are shaped like a real directory: 16 columns filled, one or two areas of work (1.5 on
average; NSCSE's shares add up to about 1.6 per group), and a neighbourhood for four groups in five
(the rest work across the authority).
Run against PostgreSQL as the issue asks:

    bash scripts/with-postgres.sh .venv/bin/python bench/import_groups.py [--rows 100000]
"""

import argparse
import csv
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

from coprod.groups.imports import groups_import  # noqa: E402
from coprod.groups.models import CommunityGroup  # noqa: E402
from coprod.units.models import Team  # noqa: E402

WORDS = [
    "Friends",
    "Park",
    "Tenants",
    "Residents",
    "Youth",
    "Club",
    "Garden",
    "Allotment",
    "Choir",
    "Food",
    "Bank",
    "Pantry",
    "Library",
    "Arts",
    "Men's",
    "Shed",
]
AREAS = ["community-development", "leisure-sport", "education", "health-wellbeing", "culture-arts", "faith"]


def make_csv(path: Path, rows: int, neighbourhoods: list[str]) -> None:
    rng = random.Random(7)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["name", "other_names", "legal_form", "charity_number", "income_band", "volunteers",
             "volunteer_hours_week", "volunteer_estimate_on", "volunteer_estimate_source", "areas_of_work",
             "neighbourhoods", "statutory_relationship", "premises", "status", "support_intensity",
             "social_enterprise"]
        )  # fmt: skip
        for i in range(rows):
            charity = str(1100000 + i) if i % 4 == 0 else ""
            writer.writerow(
                [f"{rng.choice(WORDS)} {rng.choice(WORDS)} Group {i}", f"Group {i}",
                 "registered_charity" if charity else "informal_group", charity,
                 rng.choice(["micro", "small", "medium"]), rng.randint(1, 60), rng.randint(1, 300),
                 "2026-03-31", "estimate", ";".join(rng.sample(AREAS, rng.randint(1, 2))),
                 rng.choice(neighbourhoods) if rng.random() < 0.8 else "",
                 rng.choice(["positive", "neutral", "negative", "none"]), "community_venue",
                 rng.choice(["active", "active", "dormant", "forming"]),
                 rng.choice(["intensive", "moderate", "light", "none"]), "no"]
            )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    print(f"database: {connection.vendor}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", verbosity=0, stdout=quiet)
    team = Team.objects.get(slug="stoke")
    path = Path(tmp.name) / "groups.csv"
    make_csv(path, args.rows, list(team.neighbourhoods.values_list("name", flat=True)))
    for label in ("first import", "re-run (unchanged)"):
        start = time.perf_counter()
        summary = groups_import(actor=None, team=team, source=path)
        seconds = time.perf_counter() - start
        print(f"{label:<20} {args.rows:>7} rows  {seconds:6.2f} s   {summary.line()}")
    print(f"groups in the team's directory: {CommunityGroup.objects.filter(team=team).count()}")


if __name__ == "__main__":
    main()
