"""Time the import of the whole of England (and Wales) from ../shared/data: lookup, then IMD 2019.

Runs each import into a fresh database, twice (a first load and an unchanged re-run), and prints the
seconds for each and the total. Target: both files under 60 s on a 2-core machine.

    .venv/bin/python bench/import_england.py              # a throwaway SQLite file
    DATABASE_URL=postgres://... .venv/bin/python bench/import_england.py
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("COPROD_SHARED_DATA", ROOT.parent / "shared" / "data"))
LOOKUP = DATA / "lsoa11_ward19_lad19_lookup.csv"
IMD = DATA / "imd2019_lsoa_rank_decile.csv"

tmp = tempfile.TemporaryDirectory()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from coprod.places.services import geography_import, imd_import  # noqa: E402


def timed(label: str, func, **kwargs) -> float:
    start = time.perf_counter()
    summary = func(**kwargs)
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds:6.2f} s   {summary.line()}")
    return seconds


def main() -> None:
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    if connection.vendor == "postgresql":
        # A fresh schema each run, in the database named by DATABASE_URL.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    first = timed("geography, first load", geography_import, source=LOOKUP)
    first += timed("IMD 2019, first load", imd_import, source=IMD, edition=2019)
    again = timed("geography, re-run", geography_import, source=LOOKUP)
    again += timed("IMD 2019, re-run", imd_import, source=IMD, edition=2019)
    print(f"both files, first load: {first:.2f} s (target under 60 s: {'met' if first < 60 else 'NOT met'})")
    print(f"both files, re-run:     {again:.2f} s")


if __name__ == "__main__":
    main()
