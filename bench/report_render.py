"""Time rendering a progress report in a warm worker (target: a 12-page report in at most 3 s).

Makes a unit with `manage.py bench_data` (not timed), freezes its figures for the last closed quarter,
renders the PDF once to warm the process (fonts, templates, charts), then times repeated renders of the
same figures and prints the page count, the median and the slowest:

    bash scripts/with-postgres.sh .venv/bin/python bench/report_render.py [--engagements 100000]
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

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from coprod.reporting.pdf import render_pdf  # noqa: E402
from coprod.reporting.selectors import previous_quarter, quarter_bounds, unit_figures  # noqa: E402
from coprod.units.models import CoProductionUnit  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engagements", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("bench_data", engagements=args.engagements, groups=args.groups)
    unit = CoProductionUnit.objects.get(slug="bench")
    start, end = quarter_bounds(previous_quarter(timezone.localdate()))
    figures = unit_figures(unit, start=start, end=end, today=timezone.localdate()).as_json()
    pdf, pages = render_pdf(figures, generated_on=timezone.localdate())  # warm the worker
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        pdf, pages = render_pdf(figures, generated_on=timezone.localdate())
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(
        f"report of {pages} pages ({len(pdf) / 1024:.0f} KB, "
        f"{len(figures['neighbourhoods'])} neighbourhoods): "
        f"median {median:.2f} s, slowest {max(times):.2f} s over {args.repeat} warm renders; "
        f"target <= 3 s: {'met' if max(times) <= 3 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
