"""Page helpers shared by every app's views."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render

from coprod.core.forms import form_errors_from


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    template: str,
    save: Callable[[dict[str, Any]], str | tuple[str, str]],
    back: str = "",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a form; a valid POST calls save(cleaned data), which writes through a service and returns
    the message to show (and, where it is not `back`, the address to go to next). A service's refusal
    lands on the form, which keeps what was typed, with status 400."""
    if request.method == "POST" and form.is_valid():
        try:
            done = save(dict(form.cleaned_data))
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            message, next_url = done if isinstance(done, tuple) else (done, back)
            messages.success(request, message)
            return redirect(next_url)
    page = {"form": form, "back": back} | (context or {})
    return render(request, template, page, status=400 if form.errors else 200)


def streamed_csv(lines: Iterable[str], filename: str) -> StreamingHttpResponse:
    """A CSV download sent as its lines are made (core.csvsafe.csv_lines), so a directory of any size
    is exported in constant memory."""
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
