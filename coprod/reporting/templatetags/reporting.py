"""Template helpers for the dashboard and the report."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ row.intensity|get:"intensive" }}: a value from a dict, 0 when missing."""
    if not mapping:
        return 0
    return mapping.get(key, 0)


@register.filter
def pounds(value) -> str:
    """'1234.5' -> '£1,234.50'."""
    if value in (None, ""):
        return "-"
    return f"£{Decimal(value):,.2f}"


@register.filter
def or_dash(value):
    return "-" if value in (None, "") else value
