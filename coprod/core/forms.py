"""Form helpers shared by every app's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# Browsers show a date input's value only when it is an ISO date.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A form's field that chooses records (one or many), as such: for setting its queryset."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def form_errors_from(exc: ValidationError, form) -> None:
    """Put a service's ValidationError on the form, so the page keeps what the user typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
