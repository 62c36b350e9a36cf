"""HTML pages of public services: offers and their capacity, referral counts, and where referrals
have nowhere to go."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from coprod.core.periods import Quarter
from coprod.core.views import form_page
from coprod.groups.selectors import groups_for_user
from coprod.publicservices import services
from coprod.publicservices.forms import CapacityReadingForm, OfferForm, ReferralCountForm
from coprod.publicservices.policy import OFFER
from coprod.publicservices.selectors import offer_capacity, offers_for_user, referral_figures

FORM = "publicservices/form.html"


def _page(request, *, form, title: str, intro: str, back: str, save) -> HttpResponse:
    return form_page(
        request, form=form, template=FORM, save=save, back=back, context={"title": title, "intro": intro}
    )


def _offer(request: HttpRequest, pk: int, *, change: str | None = None):
    """An offer the user reaches (404 otherwise); with `change`, one they may change (403 otherwise)."""
    offer = get_object_or_404(offers_for_user(request.user), pk=pk)
    if change:
        OFFER.require("update", request.user, offer, change)
    return offer


@login_required
def offer_list(request: HttpRequest) -> HttpResponse:
    """Every offer the user reaches, those at capacity first, with this quarter's referrals declined
    for want of places: where referrals have nowhere to go."""
    today = timezone.localdate()
    quarter = Quarter.containing(today)
    offers = offers_for_user(request.user)
    capacity = offer_capacity(offers, on=today)
    return render(
        request,
        "publicservices/offer_list.html",
        {
            "capacity": capacity,
            "full": [c for c in capacity if c.at_capacity],
            "quarter": quarter,
            "referrals": referral_figures(offers, start=quarter.start, end=quarter.end),
        },
    )


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk)
    today = timezone.localdate()
    quarter = Quarter.containing(today)
    one = offers_for_user(request.user).filter(pk=offer.pk)
    return render(
        request,
        "publicservices/offer_detail.html",
        {
            "offer": offer,
            "capacity": offer_capacity(one, on=today)[0],
            "readings": offer.readings.all()[:12],
            "counts": offer.referrals.all()[:40],
            "quarter": quarter,
            "referrals": referral_figures(one, start=quarter.start, end=quarter.end),
            "can_change": OFFER.may("update", request.user, offer),
        },
    )


@login_required
def offer_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(groups_for_user(request.user), pk=pk)
    OFFER.require("create", request.user, group.team_id, "record the group's offers")

    def save(data):
        offer = services.offer_save(actor=request.user, group=group, **data)
        return "Offer added.", reverse("offer-detail", args=[offer.pk])

    return _page(
        request,
        form=OfferForm(request.POST or None, team=group.team),
        title=f"Add an offer of {group.name}",
        intro="Something services can refer people to, and how many places it has each week.",
        back=reverse("group-detail", args=[group.pk]),
        save=save,
    )


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk, change="change it")

    def save(data):
        services.offer_save(actor=request.user, offer=offer, **data)
        return "Offer changed."

    return _page(
        request,
        form=OfferForm(request.POST or None, instance=offer, team=offer.group.team),
        title=f"Change {offer.name}",
        intro="",
        back=reverse("offer-detail", args=[offer.pk]),
        save=save,
    )


@login_required
def capacity_add(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk, change="record its capacity")

    def save(data):
        services.capacity_reading_save(actor=request.user, offer=offer, **data)
        return "Capacity recorded."

    return _page(
        request,
        form=CapacityReadingForm(request.POST or None, initial={"on": timezone.localdate()}),
        title=f"How full is {offer.name}?",
        intro=f"Places filled on a day, of {offer.places_week} a week, and how many people are waiting.",
        back=reverse("offer-detail", args=[offer.pk]),
        save=save,
    )


@login_required
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer(request, pk, change="record its referrals")
    quarter = Quarter.containing(timezone.localdate())

    def save(data):
        services.referral_count_save(actor=request.user, offer=offer, **data)
        return "Referrals recorded."

    return _page(
        request,
        form=ReferralCountForm(
            request.POST or None, initial={"period_start": quarter.start, "period_end": quarter.end}
        ),
        title=f"Referrals to {offer.name}",
        intro="Counts from one source for a period, never names: how many were referred, accepted, declined.",
        back=reverse("offer-detail", args=[offer.pk]),
        save=save,
    )
