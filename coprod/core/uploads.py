"""Uploaded CSV files waiting to be imported: checked first, imported on confirmation.

Each upload is kept under MEDIA_ROOT/<folder>/<user id>/<token>.csv, so one person can never reach
another's file, and is removed once imported; uploads never imported are swept away after a day
(coprod.core.tasks.remove_stale_uploads_task, on Celery beat's schedule).
"""

from __future__ import annotations

import datetime
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from coprod.core.csvimport import ImportSummary
from coprod.core.csvsafe import write_csv


def upload_path(request: HttpRequest, folder: str, token: str, *, must_exist: bool = False) -> Path:
    try:
        uuid.UUID(token)
    except ValueError:
        raise Http404("No such upload.") from None
    path = Path(settings.MEDIA_ROOT) / folder / str(request.user.pk) / f"{token}.csv"
    if must_exist and not path.exists():
        raise Http404("This upload has already been imported or has expired.")
    return path


def save_upload(request: HttpRequest, folder: str, uploaded) -> tuple[str, Path]:
    token = str(uuid.uuid4())
    path = upload_path(request, folder, token)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    return token, path


def rejected_rows_response(summary: ImportSummary) -> HttpResponse:
    """The rejected rows of an upload as CSV: line, column, value and reason."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-report.csv"'
    write_csv(
        response,
        ["line", "column", "value", "reason"],
        [(e.line, e.column, e.value, e.reason) for e in summary.errors],
    )
    return response


def remove_stale_uploads(*, older_than: datetime.timedelta) -> int:
    """Remove uploads checked but never imported, older than the given age; returns how many went.

    Only files laid out as upload_path() lays them out are touched, so other media is never removed.
    """
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in Path(settings.MEDIA_ROOT).glob("*/*/*.csv"):
        if not path.parent.name.isdigit() or not _is_token(path.stem):
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # imported (and removed) while we looked
    return removed


def _is_token(name: str) -> bool:
    try:
        uuid.UUID(name)
    except ValueError:
        return False
    return True
