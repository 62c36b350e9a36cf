"""The pages of a CSV import, written once: upload and check, confirm, and the rejected rows as CSV.

An app says what its import is (ImportFlow: the template, the form, the columns, the import function,
which teams a person may import into and what to say to someone who may not) and routes three views
to it. Every import then behaves alike: the upload is checked with a dry run that shows every rejected
row, nothing is written until the person confirms, and a file that cannot be read says why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from coprod.core.csvimport import Column, ImportFileError, ImportSummary
from coprod.core.uploads import rejected_rows_response, save_upload, upload_path


@dataclass(frozen=True)
class ImportFlow:
    """One CSV import's pages.

    - template: the page, given form, columns and, after a check or an import, summary and team
      (and token and dry_run after a check);
    - form: a form taking `teams=`, with a `file` and a `team` field;
    - run: the import, called as run(actor=, team=, source=, dry_run=);
    - teams: the teams a person may import into (none: PermissionDenied with `refused`);
    - folder: where uploads wait between the check and the confirmation (core.uploads);
    - extra: more for the template (a vocabulary its column notes list, say).
    """

    template: str
    form: Callable[..., forms.Form]  # a form class whose __init__ also takes teams=
    columns: Sequence[Column]
    run: Callable[..., ImportSummary]
    teams: Callable[[Any], QuerySet]
    refused: str
    folder: str = "imports"
    extra: Mapping[str, Any] = field(default_factory=dict)  # more for the template, the same each time

    def _context(self, request: HttpRequest, form: forms.Form | None = None) -> dict[str, Any]:
        form = form or self.form(teams=self.teams(request.user))
        return {**self.extra, "form": form, "columns": self.columns}

    def upload(self, request: HttpRequest) -> HttpResponse:
        """Upload a CSV; a dry run shows what would happen and every rejected row, then the person
        confirms."""
        teams = self.teams(request.user)
        if not teams.exists():
            raise PermissionDenied(self.refused)
        form = self.form(request.POST or None, request.FILES or None, teams=teams)
        context = self._context(request, form)
        if request.method == "POST" and form.is_valid():
            token, path = save_upload(request, self.folder, form.cleaned_data["file"])
            team = form.cleaned_data["team"]
            try:
                summary = self.run(actor=request.user, team=team, source=path, dry_run=True)
            except ImportFileError as exc:
                path.unlink(missing_ok=True)
                form.add_error("file", f"Nothing can be imported: {exc}")
                return render(request, self.template, context, status=400)
            context.update(summary=summary, token=token, team=team, dry_run=True)
        return render(request, self.template, context)

    def confirm(self, request: HttpRequest, token: str) -> HttpResponse:
        """Import the checked upload for real."""
        path = upload_path(request, self.folder, token, must_exist=True)
        team = get_object_or_404(self.teams(request.user), pk=request.POST.get("team"))
        context = self._context(request)
        try:
            summary = self.run(actor=request.user, team=team, source=path)
        except ImportFileError as exc:  # the file changed since its dry run, or was never a good one
            path.unlink(missing_ok=True)
            messages.error(request, f"Nothing was imported: {exc}")
            return render(request, self.template, context, status=400)
        path.unlink(missing_ok=True)
        messages.success(request, f"Import finished: {summary.line()}.")
        return render(request, self.template, context | {"summary": summary, "team": team})

    def report(self, request: HttpRequest, token: str) -> HttpResponse:
        """The rejected rows of an upload as CSV: line, column, value and reason."""
        path = upload_path(request, self.folder, token, must_exist=True)
        team = get_object_or_404(self.teams(request.user), pk=request.GET.get("team"))
        try:
            summary = self.run(actor=request.user, team=team, source=path, dry_run=True)
        except ImportFileError as exc:
            return HttpResponse(f"Nothing can be imported: {exc}", status=400, content_type="text/plain")
        return rejected_rows_response(summary)
