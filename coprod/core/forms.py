"""Form helpers shared by every app's pages."""

from django import forms
from django.core.exceptions import ValidationError

# Browsers show a date input's value only when it is an ISO date.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def form_errors_from(exc: ValidationError, form) -> None:
    """Put a service's ValidationError on the form, so the page keeps what the user typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
