"""HTML written out by code rather than a template, for tables of hundreds of rows."""

import html

from django.utils.safestring import SafeString, mark_safe


def format_row(template: str, **values: object) -> SafeString:
    """format_html for plain values: each value is escaped exactly as Django escapes text (values are
    never trusted as HTML), with the standard library's escape called directly, several times faster
    on the dashboard's hundreds of rows than format_html's lazy wrappers."""
    return mark_safe(template.format(**{k: html.escape(str(v)) for k, v in values.items()}))  # noqa: S308
