"""The audit trail page and personal data requests (subject access and erasure)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify

from coprod.audit.registry import HIDDEN
from coprod.core.forms import form_errors_from
from coprod.privacy import services
from coprod.privacy.filtersets import AuditEntryFilterSet
from coprod.privacy.forms import ErasureForm, PersonForm
from coprod.privacy.selectors import audit_entries_for_user, can_handle_personal_data, can_read_audit


def _require_reader(request: HttpRequest) -> None:
    if not can_read_audit(request.user):
        raise PermissionDenied("Only administrators and unit managers can read the audit trail.")


def _require_handler(request: HttpRequest) -> None:
    if not can_handle_personal_data(request.user):
        raise PermissionDenied(
            "Subject access and erasure are for team leads (for their own teams) and administrators."
        )


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    visible = audit_entries_for_user(request.user)
    filterset = AuditEntryFilterSet(request.GET or None, queryset=visible)
    entries = filterset.qs if filterset.is_bound and filterset.is_valid() else visible
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "privacy/audit_list.html",
        {"filterset": filterset, "page": page, "query": query.urlencode(), "hidden": HIDDEN},
        status=400 if filterset.is_bound and not filterset.is_valid() else 200,
    )


@login_required
def personal_data(request: HttpRequest) -> HttpResponse:
    _require_handler(request)
    return render(
        request,
        "privacy/personal_data.html",
        {"access_form": PersonForm(), "erasure_form": ErasureForm(prefix="erase")},
    )


@login_required
def subject_access(request: HttpRequest) -> HttpResponse:
    _require_handler(request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.subject_access_export(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            response = HttpResponse(
                json.dumps(document, indent=2, default=str), content_type="application/json"
            )
            name = slugify(form.cleaned_data["reference"]) or "subject-access"
            response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate()}.json"'
            return response
    return render(
        request,
        "privacy/personal_data.html",
        {"access_form": form, "erasure_form": ErasureForm(prefix="erase")},
        status=400 if form.errors else 200,
    )


@login_required
def erasure(request: HttpRequest) -> HttpResponse:
    _require_handler(request)
    form = ErasureForm(request.POST or None, prefix="erase")
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ("name", "email", "reference")}
        try:
            done = services.person_erase(actor=request.user, **values)
        except ValidationError as exc:
            form_errors_from(exc, form)
        else:
            messages.success(
                request,
                f"Erased: {done['contacts_deleted']} contact record(s) deleted, "
                f"{done['mentions_redacted']} mention(s) in notes removed.",
            )
            return redirect("personal-data")
    return render(
        request,
        "privacy/personal_data.html",
        {"access_form": PersonForm(), "erasure_form": form},
        status=400 if form.errors else 200,
    )
