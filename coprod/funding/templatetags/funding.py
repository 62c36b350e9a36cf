"""Money and percentages on the ledger's pages, formatted from Decimal (never through float)."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    """£1,234,567.89; an empty value shows as a dash."""
    if value is None or value == "":
        return "-"
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


@register.filter
def percent(value) -> str:
    if value is None:
        return "-"
    return f"{Decimal(value)}%"
