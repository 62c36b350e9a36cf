"""Two writers on two real database connections, interleaved on purpose: the first holds its
transaction open for a while after its write returns, and the second starts as soon as it has."""

import threading
import time

from django.db import connections, transaction

HELD = 1.0  # seconds the first writer keeps its transaction open after its write returns


def interleave(first, second) -> dict:
    """Run `first` in a transaction held open for HELD seconds after it returns, and `second` on
    another connection as soon as `first` has returned; when each committed, and any errors."""
    done: dict = {"errors": []}
    first_returned = threading.Event()

    def run_first():
        try:
            with transaction.atomic():
                first()
                first_returned.set()
                time.sleep(HELD)
            done["first_committed"] = time.monotonic()
        except Exception as exc:  # reported by the test below
            done["errors"].append(exc)
            first_returned.set()
        finally:
            connections.close_all()

    def run_second():
        first_returned.wait(10)
        done["second_started"] = time.monotonic()
        try:
            second()
            done["second_committed"] = time.monotonic()
        except Exception as exc:
            done["errors"].append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return done
