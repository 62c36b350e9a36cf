"""Load: 50 workers logging contacts through the API and 5 unit managers reading their pages, against
gunicorn and PostgreSQL on loopback. Prints p50/p95/p99 per kind of request and checks them
(logging a contact p95 ≤ 150 ms, every other request p95 ≤ 300 ms, p99 ≤ 800 ms), no errors, no
lost writes (every 201 has its row, with its groups and themes), and no figure drifted (after the
run every precomputed figure is rebuilt from the records and every dashboard figure compared).
Exit status 1 when a check fails.

    make bench-load
    .venv/bin/python bench/load.py [--workers 50] [--managers 5] [--contacts 20] [--seconds 120]

Runs under its own throwaway PostgreSQL (scripts/with-postgres.sh) unless DATABASE_URL names one.
"""

import argparse
import asyncio
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

import stack  # noqa: E402

P95_MS, P99_MS = 300, 800
P95_MS_BY_KIND = {"log contact": 150}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--managers", type=int, default=5)
    parser.add_argument("--contacts", type=int, default=20, help="contacts each worker logs")
    parser.add_argument("--pages", type=int, default=20, help="pages each manager reads")
    parser.add_argument("--think", type=float, default=3.0, help="mean seconds between a worker's requests")
    parser.add_argument("--seconds", type=float, default=120, help="stop sending after this long")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn worker processes")
    args = parser.parse_args()
    stack.run_under_throwaway_postgres()

    print(f"Preparing: migrate, demo, {args.workers} workers and {args.managers} unit managers", flush=True)
    cast = stack.prepare(workers=args.workers, managers=args.managers)
    results = stack.Results()
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    with stack.gunicorn(workers=args.web_workers) as base:
        print(f"gunicorn ({args.web_workers} workers) at {base}; sending", flush=True)
        asyncio.run(
            stack.run_users(
                base,
                cast,
                results,
                contacts=args.contacts,
                pages=args.pages,
                think=args.think,
                seconds=args.seconds,
            )  # fmt: skip
        )
        elapsed = time.monotonic() - results.started
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = [a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime for a, b in zip(after, before, strict=True)]
    total = sum(len(v) for v in results.latencies.values())
    print(f"\n{total} requests in {elapsed:.1f} s ({total / elapsed:.0f}/s) on {os.cpu_count()} cores")
    print(f"CPU: gunicorn {cpu[1]:.1f} s ({cpu[1] / total * 1000:.0f} ms a request), this load generator")
    print(f"{cpu[0]:.1f} s; load average {os.getloadavg()[0]:.1f} (other work on the machine counts too)\n")
    figures = stack.print_latencies(results)
    writes = stack.check_writes(results)
    drift = stack.check_figures()
    print()
    for name, value in {**writes, **drift}.items():
        print(f"{name:<52}{value:>8}")

    failures = []
    for kind, (_, p95, p99) in figures.items():
        limit = P95_MS_BY_KIND.get(kind, P95_MS)
        if p95 > limit:
            failures.append(f"{kind}: p95 {p95:.0f} ms > {limit} ms")
        if p99 > P99_MS:
            failures.append(f"{kind}: p99 {p99:.0f} ms > {P99_MS} ms")
    errors = sum(n for c in results.statuses.values() for s, n in c.items() if s not in (200, 201))
    if errors:
        failures.append(f"{errors} error answers")
        for body, n in results.error_bodies.most_common(5):
            print(f"  {n:>4} × {body}")
    resent_wrong = sum(1 for s in results.sent if s.statuses[1:] and any(x != 200 for x in s.statuses[1:]))
    if resent_wrong:
        failures.append(f"{resent_wrong} resent contacts were not answered 200")
    if (
        writes["lost writes (201 without its row)"]
        or writes["partial writes (row without its groups or themes)"]
    ):
        failures.append("writes lost or partial")
    if writes["rows in the database"] != writes["acknowledged (a 201 received)"]:
        failures.append("rows and 201s differ")
    if drift["figures drifted"]:
        failures.append(f"{drift['figures drifted']} figures drifted from the records")
    print("\n" + ("FAIL: " + "; ".join(failures) if failures else "PASS: every check held"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
