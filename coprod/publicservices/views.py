"""HTML pages of public services: offers and their capacity, referral counts, and where referrals
have nowhere to go."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coprod.audit.services import record_export
from coprod.core.import_flow import ImportFlow
from coprod.core.periods import Quarter
from coprod.core.views import form_page
from coprod.funding.selectors import regions_managed_by
from coprod.groups.exports import ANONYMOUS
from coprod.groups.forms import ImportForm
from coprod.groups.selectors import groups_for_user
from coprod.places.models import Region
from coprod.publicservices import services
from coprod.publicservices.choices import ReferralSource
from coprod.publicservices.exports import hsds_services
from coprod.publicservices.forms import (
    CapacityReadingForm,
    FrontlineHoursForm,
    OfferForm,
    PublicBodyForm,
    ReferralCountForm,
)
from coprod.publicservices.imports import REFERRAL_COLUMNS, referrals_import
from coprod.publicservices.models import Offer
from coprod.publicservices.policy import FRONTLINE_HOURS, OFFER, PUBLIC_BODY
from coprod.publicservices.selectors import (
    offer_capacity,
    offers_for_user,
    public_bodies_for_user,
    referral_figures,
    services_figures,
)
from coprod.units.models import Team
from coprod.units.selectors import audit_scope, led_teams, own_teams, teams_for_user

FORM = "publicservices/form.html"

REFERRAL_IMPORT = ImportFlow(
    template="publicservices/referral_import.html",
    form=ImportForm,
    columns=REFERRAL_COLUMNS,
    run=referrals_import,
    teams=led_teams,
    refused="Only a team's lead can import its referral counts.",
    folder="referral-imports",
    extra={"sources": ReferralSource.choices},
)
referral_import = login_required(REFERRAL_IMPORT.upload)
referral_import_confirm = login_required(require_POST(REFERRAL_IMPORT.confirm))
referral_import_report = login_required(REFERRAL_IMPORT.report)


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
    capacity = offer_capacity(offers_for_user(request.user), on=today)
    figures = services_figures(
        teams_for_user(request.user).values_list("pk", flat=True),
        start=quarter.start,
        end=quarter.end,
        as_at=today,
    )
    return render(
        request,
        "publicservices/offer_list.html",
        {
            "capacity": capacity,
            "full": [c for c in capacity if c.at_capacity],
            "quarter": quarter,
            "figures": figures,
            "referrals": figures.referrals,
            "frontline": figures.frontline,
            "can_record_frontline": own_teams(request.user).exists(),
            "can_import_referrals": led_teams(request.user).exists(),
        },
    )


def nowhere_to_go(request: HttpRequest, code: str) -> HttpResponse:
    """Where referrals have nowhere to go in a region, for anyone to read, signed in or not (the public
    bodies that refer people among them): offers at capacity and neighbourhoods where referrals are
    declined for want of places, this quarter. No personal data: groups that asked to be anonymous are
    not named, and counts of 1 or 2 read "fewer than 3" (core.disclosure)."""
    region = get_object_or_404(Region, code=code)
    today = timezone.localdate()
    quarter = Quarter.containing(today)
    teams = Team.objects.filter(unit__region=region).values_list("pk", flat=True)
    figures = services_figures(teams, start=quarter.start, end=quarter.end, as_at=today)
    full = [c for c in figures.capacity if c.at_capacity]
    return render(
        request,
        "publicservices/nowhere_to_go.html",
        {"region": region, "quarter": quarter, "figures": figures, "full": full, "anonymous": ANONYMOUS},
    )


@login_required
def offer_export_hsds(request: HttpRequest) -> HttpResponse:
    """The offers the user reaches as Open Referral HSDS 3.1 services, with their capacity today."""
    offers = offers_for_user(request.user)
    response = HttpResponse(
        json.dumps(hsds_services(offers, on=timezone.localdate()), indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="services.json"'
    record_export(
        model=Offer,
        what="Offers HSDS JSON",
        rows=offers.count(),
        details={},
        **audit_scope(offers.values_list("group__team_id", flat=True).distinct()),
    )
    return response


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


@login_required
def public_body_list(request: HttpRequest) -> HttpResponse:
    """The public bodies of the reader's region(s), with the authorities they serve."""
    bodies = (
        public_bodies_for_user(request.user).prefetch_related("authorities").order_by("region__name", "name")
    )
    return render(
        request,
        "publicservices/public_body_list.html",
        {"bodies": bodies, "can_add": regions_managed_by(request.user).exists()},
    )


@login_required
def public_body_create(request: HttpRequest) -> HttpResponse:
    regions = regions_managed_by(request.user)
    region = regions.order_by("name").first()
    if region is None:
        raise PermissionDenied(PUBLIC_BODY.refusal("create", "record the region's public bodies"))

    def save(data):
        services.public_body_save(actor=request.user, region=region, **data)
        return "Public body added.", reverse("public-body-list")

    return _page(
        request,
        form=PublicBodyForm(request.POST or None, region=region),
        title=f"Add a public body in {region.name}",
        intro="A council department, primary care network, GP practice, police team, housing provider.",
        back=reverse("public-body-list"),
        save=save,
    )


@login_required
def public_body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(public_bodies_for_user(request.user), pk=pk)
    PUBLIC_BODY.require("update", request.user, body, "change it")

    def save(data):
        services.public_body_save(actor=request.user, body=body, **data)
        return "Public body changed.", reverse("public-body-list")

    return _page(
        request,
        form=PublicBodyForm(request.POST or None, instance=body, region=body.region),
        title=f"Change {body.name}",
        intro="",
        back=reverse("public-body-list"),
        save=save,
    )


@login_required
def frontline_hours_add(request: HttpRequest) -> HttpResponse:
    """Front-line hours for the user's own team (the first, for someone in two)."""
    team = own_teams(request.user).order_by("name").first()
    if team is None or not FRONTLINE_HOURS.may("create", request.user, team):
        raise PermissionDenied(FRONTLINE_HOURS.refusal("create", "record its front-line hours"))
    quarter = Quarter.containing(timezone.localdate())

    def save(data):
        services.frontline_hours_record(actor=request.user, team=team, **data)
        return "Front-line hours recorded.", reverse("offer-list")

    return _page(
        request,
        form=FrontlineHoursForm(
            request.POST or None,
            team=team,
            bodies=public_bodies_for_user(request.user).filter(region=team.unit.region_id),
            initial={"period_start": quarter.start, "period_end": quarter.end},
        ),
        title=f"Front-line hours with {team.name}'s groups",
        intro="Hours a public body's front-line workers gave to groups, never counted as the team's own.",
        back=reverse("offer-list"),
        save=save,
    )
