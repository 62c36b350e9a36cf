"""Time and measure the directory's CSV export, streamed (target: memory that does not grow with the
directory), beside the same export gathered into one text in the same run.

Makes the data with `manage.py bench_data` (not timed), then, as the bench unit's manager (who reads
all 20,000 groups), prints the seconds of the streamed export, and the peak of memory Python allocated
(tracemalloc, which slows the run several times) streaming a quarter of the groups, streaming all of
them, and reading all of them at once as the export did before it streamed, with the ratios.

    bash scripts/with-postgres.sh .venv/bin/python bench/export_groups.py [--groups 20000]
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
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

from coprod.groups import exports  # noqa: E402
from coprod.groups.exports import groups_csv_lines  # noqa: E402
from coprod.groups.selectors import groups_for_user  # noqa: E402


def peak_of(run) -> tuple[int, int]:
    tracemalloc.start()
    rows = run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engagements", type=int, default=10_000)
    parser.add_argument("--groups", type=int, default=20_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("bench_data", engagements=args.engagements, groups=args.groups)
    manager = get_user_model().objects.get(username="bench.manager")
    groups = groups_for_user(manager).order_by("name", "pk")
    quarter = groups.filter(pk__in=groups.values("pk")[: groups.count() // 4])

    def streamed(groups=groups) -> int:
        return sum(1 for _ in groups_csv_lines(manager, groups)) - 1  # lines sent and let go

    def whole() -> int:
        """The export as it was before it streamed: every group and its lists read at once, the
        text gathered, then sent."""
        chunk, exports.CHUNK = exports.CHUNK, groups.count() + 1
        try:
            return exports.groups_csv(manager, groups).count("\n") - 1
        finally:
            exports.CHUNK = chunk

    start = time.perf_counter()
    rows = streamed()
    print(f"streamed export: {rows:,} groups in {time.perf_counter() - start:.2f} s")
    peaks = {}
    for label, run in (
        ("streamed, a quarter of them", lambda: streamed(quarter)),
        ("streamed, all", streamed),
        ("read whole, as before, all", whole),
    ):
        rows, peaks[label] = peak_of(run)
        print(f"  peak memory, {label:<28} {rows:>7,} rows  {peaks[label] / 2**20:6.1f} MiB")
    all_, part, whole_peak = (
        peaks[k] for k in ("streamed, all", "streamed, a quarter of them", "read whole, as before, all")
    )
    print(
        f"peak streamed all / streamed a quarter: {all_ / part:.2f} (1.0: memory does not grow with the rows)"
    )
    print(f"peak streamed / read whole: {all_ / whole_peak:.2f}")


if __name__ == "__main__":
    main()
