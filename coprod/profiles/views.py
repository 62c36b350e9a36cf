"""Public profiles of the local community sector: pages anyone may read, signed in or not, and their
CSV and JSON downloads under the Open Government Licence. They name no group and hold no personal
data (profiles.selectors)."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from coprod.core.csvsafe import csv_lines
from coprod.core.periods import financial_year_label
from coprod.core.views import streamed_csv
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LocalAuthority, Ward
from coprod.profiles.selectors import (
    LICENCE,
    Profile,
    authority_profile,
    neighbourhood_profile,
    place_by_code,
    profiled_authorities,
    snapshots_of,
    ward_profile,
    wards_of,
)

FORMATS = ("csv", "json")


def _place(code: str) -> LocalAuthority | Ward:
    place = place_by_code(code)
    if place is None:
        raise Http404("No authority or ward has that code.")
    return place


def _place_profile(place: LocalAuthority | Ward) -> Profile:
    return authority_profile(place) if isinstance(place, LocalAuthority) else ward_profile(place)


def _neighbourhood_profile(slug: str) -> Profile:
    return neighbourhood_profile(get_object_or_404(Neighbourhood.objects.select_related("team"), slug=slug))


def _page(
    request: HttpRequest, profile: Profile, download: str, key: dict[str, str], wards=()
) -> HttpResponse:
    downloads = {fmt: reverse(f"{download}-{fmt}", kwargs=key) for fmt in FORMATS}
    context = {
        "profile": profile,
        "licence": LICENCE,
        "downloads": downloads,
        "wards": wards,
        "snapshots": [
            (financial_year_label(s.year), s.taken_on, f"{downloads['json']}?year={s.year}")
            for s in snapshots_of(profile.kind, profile.code)
        ],
    }
    return render(request, "profiles/profile.html", context)


def _snapshot(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """A kept year's snapshot, as it was taken (?year=2025 for 2025/26)."""
    text = request.GET["year"]
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return HttpResponse(
            f"year: '{text}' is not a financial year; give the year it opens, like 2025 for 2025/26",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    snapshot = snapshots_of(kind, code).filter(year=int(text)).first()
    if snapshot is None:
        raise Http404("No snapshot of this profile was kept for that year.")
    response = HttpResponse(
        json.dumps(snapshot.data, indent=2), content_type="application/json; charset=utf-8"
    )
    name = f"community-sector-profile-{code}-{snapshot.taken_on.isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


def _download(profile: Profile, fmt: str) -> HttpResponseBase:
    name = f"community-sector-profile-{profile.code}-{profile.as_at.isoformat()}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(profile.as_json(), indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    return streamed_csv(csv_lines(["section", "item", "value"], profile.csv_rows()), f"{name}.csv")


def profile_index(request: HttpRequest) -> HttpResponse:
    """The places with a profile: the authorities and neighbourhoods the teams work in."""
    return render(request, "profiles/index.html", {"authorities": profiled_authorities()})


def place_profile(request: HttpRequest, code: str) -> HttpResponse:
    """The profile of an authority or a ward, by its ONS code (E06000021, E05...)."""
    place = _place(code)
    wards = wards_of(place) if isinstance(place, LocalAuthority) else ()
    return _page(request, _place_profile(place), "profile", {"code": code}, wards)


def place_profile_download(request: HttpRequest, code: str, fmt: str) -> HttpResponseBase:
    place = _place(code)
    if fmt == "json" and "year" in request.GET:
        return _snapshot(request, "authority" if isinstance(place, LocalAuthority) else "ward", code)
    return _download(_place_profile(place), fmt)


def neighbourhood_profile_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The profile of a team's neighbourhood."""
    return _page(request, _neighbourhood_profile(slug), "profile-neighbourhood", {"slug": slug})


def neighbourhood_profile_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    if fmt == "json" and "year" in request.GET:
        get_object_or_404(Neighbourhood, slug=slug)
        return _snapshot(request, "neighbourhood", slug)
    return _download(_neighbourhood_profile(slug), fmt)
