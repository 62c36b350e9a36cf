"""Template helpers for the dashboard and the report."""

from decimal import Decimal, InvalidOperation

from django import template

from coprod.core.html import format_row

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


@register.filter
def figure(value) -> str:
    """A count or an amount with thousands separators, keeping its decimal places: 100900 -> '100,900',
    '1234.5' -> '1,234.5' (the frozen report holds amounts as text); '-' when there is none."""
    if value is None or value == "":
        return "-"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    return f"{number:,}" if number.is_finite() else str(value)


# The dashboard's row of a neighbourhood's residents and volunteering, written out here for the same
# reason as the view's HOOD_ROW: a unit has hundreds of neighbourhoods.
RESIDENTS_ROW = (
    '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{label}'
    '<span class="govuk-hint coprod-subtext">{team}</span></th>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{intensive}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{regular}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{occasional}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{service_users}</td>'
    '<td class="govuk-table__cell">{counted_over}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{hours}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{fte}</td>'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{helped_intensive} / {helped_moderate}</td>'
    "</tr>"
)


def _day(value) -> str:
    return value.strftime("%-d %b %Y") if hasattr(value, "strftime") else str(value)


@register.filter
def residents_row(area) -> str:
    """A neighbourhood's (AreaFigures) resident involvement, volunteer hours a week and groups helped."""
    counted = area.involvement_start is not None
    return format_row(
        RESIDENTS_ROW,
        label=area.label,
        team=area.team,
        intensive=figure(area.residents_intensive) if counted else "-",
        regular=figure(area.residents_regular) if counted else "-",
        occasional=figure(area.residents_occasional) if counted else "-",
        service_users=figure(area.service_users) if counted else "-",
        counted_over=f"{_day(area.involvement_start)} to {_day(area.involvement_end)}"
        if counted
        else "No record",
        hours=figure(area.volunteer_hours_week),
        fte=figure(area.volunteer_fte),
        helped_intensive=figure(area.intensity.get("intensive", 0)),
        helped_moderate=figure(area.intensity.get("moderate", 0)),
    )
