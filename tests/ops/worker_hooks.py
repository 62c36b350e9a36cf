"""Loaded into a test's worker process (`celery worker --include`): makes a report's render observable
and holds it until the test lets it go, so a test can kill the worker mid-render or race two workers.

COPROD_TEST_RENDER_GATE names a folder. Each render writes a file there as it starts, then waits until
a file named "open" appears beside it (at most ten minutes) before drawing the PDF as usual.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from celery.signals import task_prerun

GATE_LIMIT_SECONDS = 600


def gate() -> Path:
    return Path(os.environ["COPROD_TEST_RENDER_GATE"])


@task_prerun.connect
def hold_renders(**_) -> None:
    # Patched here rather than at import: the worker imports this module before Django is set up.
    from coprod.reporting import services

    if "COPROD_TEST_RENDER_GATE" not in os.environ or getattr(services.render_pdf, "held", False):
        return
    render_pdf = services.render_pdf

    def held_render_pdf(*args, **kwargs):
        (gate() / f"started-{os.getpid()}-{uuid.uuid4().hex[:8]}").touch()
        deadline = time.monotonic() + GATE_LIMIT_SECONDS
        while not (gate() / "open").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        return render_pdf(*args, **kwargs)

    held_render_pdf.held = True
    services.render_pdf = held_render_pdf
