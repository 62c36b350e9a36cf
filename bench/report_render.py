"""Time rendering a progress report in a warm worker (target: a 12-page report in at most 3 s).

Makes a unit with `manage.py bench_data` (not timed), freezes its figures for the last closed quarter,
renders the PDF once to warm the process (fonts, templates, charts), then times repeated renders of the
same figures and prints the page count, the median and the slowest, for two reports:
- a 12-page report (the target's size): the unit's figures with as many neighbourhoods as fit in 12 pages;
- the whole unit's report (30 teams, 300 neighbourhoods).

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


def timed_renders(figures: dict, repeat: int) -> tuple[bytes, int, list[float]]:
    pdf, pages = render_pdf(figures, generated_on=timezone.localdate())  # warm the worker
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        pdf, pages = render_pdf(figures, generated_on=timezone.localdate())
        times.append(time.perf_counter() - started)
    return pdf, pages, times


def twelve_pages(figures: dict) -> dict:
    """The same figures with as many of the neighbourhoods as fill a 12-page report: the report of a
    smaller unit, laid out by the same template."""
    low, high = 0, len(figures["neighbourhoods"])
    while low < high:  # the most neighbourhoods that still fit in 12 pages
        middle = (low + high + 1) // 2
        _, pages = render_pdf(
            figures | {"neighbourhoods": figures["neighbourhoods"][:middle]},
            generated_on=timezone.localdate(),
        )
        low, high = (middle, high) if pages <= 12 else (low, middle - 1)
    return figures | {"neighbourhoods": figures["neighbourhoods"][:low]}


def report(label: str, figures: dict, repeat: int, target: float | None) -> None:
    pdf, pages, times = timed_renders(figures, repeat)
    median = statistics.median(times)
    verdict = f"; target <= {target:g} s: {'met' if max(times) <= target else 'NOT met'}" if target else ""
    print(
        f"{label}: {pages} pages ({len(pdf) / 1024:.0f} KB, {len(figures['neighbourhoods'])} neighbourhoods, "
        f"{len(figures['teams'])} teams): median {median:.2f} s, slowest {max(times):.2f} s "
        f"over {repeat} warm renders, {median / pages * 1000:.0f} ms a page{verdict}"
    )


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
    report("12-page report", twelve_pages(figures), args.repeat, target=3)
    report("the whole unit's report", figures, args.repeat, target=None)


if __name__ == "__main__":
    main()
