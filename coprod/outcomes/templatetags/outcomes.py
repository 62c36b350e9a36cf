"""Template helpers for outcomes: values written in their unit, and a group's outcomes on its page."""

from decimal import Decimal

from django import template

from coprod.outcomes.choices import Unit
from coprod.outcomes.policy import GROUP_OUTCOME
from coprod.outcomes.selectors import group_outcomes_for_user

register = template.Library()


@register.filter
def in_unit(value, unit: str) -> str:
    """57 -> '57%'; 5.06 per 1,000 -> '5.06 per 1,000'; 12.5 hours -> '12.5 h'."""
    if value is None or value == "":
        return "-"
    number = Decimal(value)
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    if unit == Unit.PERCENT:
        return f"{text}%"
    if unit == Unit.PER_1000:
        return f"{text} per 1,000"
    if unit == Unit.HOURS:
        return f"{text} h"
    return text


@register.inclusion_tag("outcomes/includes/group_outcomes.html", takes_context=True)
def group_outcomes(context, group):
    user = context["request"].user
    return {
        "group": group,
        "outcomes": group_outcomes_for_user(user).filter(group=group)[:20],
        "can_record": GROUP_OUTCOME.may("create", user, group.team_id),
    }
