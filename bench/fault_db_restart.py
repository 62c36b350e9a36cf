"""Fault: PostgreSQL restarts (pg_ctl restart -m fast) while workers log contacts and managers read.

Prints what clients were told during the outage (status codes and the start of each answer), whether
every 201 has its row with its groups and themes (no partial writes), whether every contact was
logged exactly once once the phones resent it with its key, and how soon after the restart requests
succeeded again. Exit status 1 when a check fails.

    make bench-faults
    .venv/bin/python bench/fault_db_restart.py [--workers 50] [--restart-at 10] [--seconds 40]

Runs under its own throwaway PostgreSQL (scripts/with-postgres.sh), which it restarts.
"""

import argparse
import asyncio
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

import stack  # noqa: E402

RECOVERY_LIMIT_SECONDS = 10
LEAKS = ("Traceback", "psycopg", "OperationalError", "/tmp/", "postgres://", "connection to server")


def pg_ctl(*arguments: str) -> list[str]:
    bindir, data = os.environ.get("COPROD_PG_BINDIR"), os.environ.get("COPROD_PG_DATA")
    if not bindir or not data:
        raise SystemExit(
            "Run under scripts/with-postgres.sh (make bench-faults): it names the cluster to restart."
        )
    command = [f"{bindir}/pg_ctl", "-D", data, *arguments]
    # The cluster belongs to the postgres user when scripts/with-postgres.sh runs as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def server_options() -> str:
    """The options the server runs with (its postmaster.opts, less the program and -D), to start it again."""
    words = shlex.split(Path(os.environ["COPROD_PG_DATA"], "postmaster.opts").read_text())[1:]
    while "-D" in words:
        at = words.index("-D")
        del words[at : at + 2]
    return shlex.join(words)


async def run(command: list[str]) -> int:
    process = await asyncio.create_subprocess_exec(
        *command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return await process.wait()


async def restart_later(at: float, down: float, results: stack.Results, window: dict) -> None:
    await results.sending.wait()
    await asyncio.sleep(at)
    window["began"] = time.monotonic() - results.started
    if down:
        options = server_options()
        window["exit"] = await run(pg_ctl("-m", "fast", "-w", "stop"))
        await asyncio.sleep(down)
        window["exit"] |= await run(pg_ctl("-w", "-o", options, "-l", os.devnull, "start"))
    else:
        window["exit"] = await run(pg_ctl("-m", "fast", "-w", "restart"))
    window["ended"] = time.monotonic() - results.started


async def scenario(base, cast, results, args, window) -> None:
    await asyncio.gather(
        stack.run_users(
            base,
            cast,
            results,
            contacts=args.contacts,
            pages=args.pages,
            think=args.think,
            seconds=args.seconds,
            retry_until_logged=True,
        ),  # fmt: skip
        restart_later(args.restart_at, args.down_seconds, results, window),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--managers", type=int, default=5)
    parser.add_argument("--contacts", type=int, default=12, help="contacts each worker logs")
    parser.add_argument("--pages", type=int, default=12, help="pages each manager reads")
    parser.add_argument("--think", type=float, default=3.0, help="mean seconds between a person's requests")
    parser.add_argument("--restart-at", type=float, default=12, help="seconds into the run")
    parser.add_argument(
        "--down-seconds", type=float, default=0, help="stop, wait this long, start (0: pg_ctl restart)"
    )
    parser.add_argument("--seconds", type=float, default=60, help="stop sending after this long")
    parser.add_argument("--web-workers", type=int, default=4)
    args = parser.parse_args()
    stack.run_under_throwaway_postgres()
    pg_ctl()

    print(f"Preparing: migrate, demo, {args.workers} workers and {args.managers} unit managers", flush=True)
    cast = stack.prepare(workers=args.workers, managers=args.managers)
    results = stack.Results()
    window: dict = {}
    server_log = Path(tempfile.mkdtemp(prefix="coprod-bench-")) / "gunicorn.log"
    with stack.gunicorn(workers=args.web_workers, log_path=server_log) as base:
        print(f"gunicorn at {base}; PostgreSQL restarts about {args.restart_at:.0f} s in", flush=True)
        asyncio.run(scenario(base, cast, results, args, window))
    if "ended" not in window:
        print("FAIL: the run ended before the restart; raise --seconds")
        return 1
    began, ended = window["began"], window["ended"]
    how = (
        f"stopped for {args.down_seconds:.0f} s, then started"
        if args.down_seconds
        else "pg_ctl restart -m fast"
    )
    print(f"\nPostgreSQL {how}: from {began:.1f} s to {ended:.1f} s (exit {window['exit']})")
    logged = server_log.read_text().count("OperationalError")
    print(f"server log ({server_log}): {logged} lines naming OperationalError; none of it reaches clients\n")

    print("answers per second (t = seconds since the start; 0 = no answer at all):")
    per_second: dict[int, Counter] = defaultdict(Counter)
    for at, _, status in results.timeline:
        per_second[int(at)][status] += 1
    for second in range(int(began) - 2, int(ended) + 8):
        if second in per_second:
            marks = "  <- restarting" if int(began) <= second <= int(ended) else ""
            counts = ", ".join(f"{s}×{n}" for s, n in sorted(per_second[second].items()))
            print(f"  t={second:>3}  {counts}{marks}")

    errors = [(at, kind, status) for at, kind, status in results.timeline if status not in (200, 201)]
    print("\nerror answers by status:", dict(Counter(status for *_, status in errors)) or "none")
    for body, n in results.error_bodies.most_common():
        print(f"  {n:>4} × {body}")
    after = [(at, status) for at, _, status in results.timeline if at >= ended]
    first_ok = next((at for at, status in sorted(after) if status in (200, 201)), None)
    last_error = max((at for at, _, _ in errors), default=None)
    recovered = (first_ok - ended) if first_ok is not None else None
    settled = max(0.0, last_error - ended) if last_error is not None else 0.0
    print(
        f"first success after the restart: {recovered:.1f} s"
        if recovered is not None
        else "no success after it"
    )
    print(f"last error: {settled:.1f} s after the restart ended")

    print()
    writes = stack.check_writes(results)
    for name, value in writes.items():
        print(f"{name:<52}{value:>8}")
    unlogged = sum(1 for s in results.sent if not set(s.statuses) & {200, 201})
    retried = [s for s in results.sent if s.statuses[0] != 201]
    print(f"contacts the phones had to resend: {len(retried)}")
    for sent in retried:
        if sent.created_id is None:  # logged, but the answer that said so was lost: the resend says 200
            print(f"  contact {sent.key[:8]}: answers in turn {sent.statuses}")

    failures = []
    if any(status == 500 or status == stack.NETWORK_ERROR for *_, status in errors):
        failures.append("answers other than 503 during the outage")
    if any(leak in body for body in results.error_bodies for leak in LEAKS):
        failures.append("an error answer shows internals")
    if (
        writes["lost writes (201 without its row)"]
        or writes["partial writes (row without its groups or themes)"]
    ):
        failures.append("writes lost or partial")
    if writes["rows in the database"] != writes["contacts sent"] or unlogged:
        failures.append(f"{unlogged} contacts never logged; rows and contacts differ")
    if recovered is None or settled > RECOVERY_LIMIT_SECONDS:
        failures.append(f"errors went on more than {RECOVERY_LIMIT_SECONDS} s after the restart")
    print("\n" + ("FAIL: " + "; ".join(failures) if failures else "PASS: every check held"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
