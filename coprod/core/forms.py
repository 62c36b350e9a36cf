"""Form helpers shared by every app's pages."""

from django.core.exceptions import ValidationError


def form_errors_from(exc: ValidationError, form) -> None:
    """Put a service's ValidationError on the form, so the page keeps what the user typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
