"""The offers section of a group's page, drawn here so the directory need not know of offers."""

from django import template
from django.utils import timezone

from coprod.publicservices.policy import OFFER
from coprod.publicservices.selectors import offer_capacity, offers_for_user

register = template.Library()


@register.inclusion_tag("publicservices/includes/group_offers.html", takes_context=True)
def group_offers(context, group):
    user = context["request"].user
    return {
        "group": group,
        "capacity": offer_capacity(offers_for_user(user).filter(group=group), on=timezone.localdate()),
        "can_add": OFFER.may("create", user, group.team_id),
    }
