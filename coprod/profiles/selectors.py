"""Profiles of the local community sector, for anyone to read: what groups a place has, how dense,
how many below the radar, the venues they depend on, and how deprived the place is.

A profile counts the groups of every team's directory that are based in the place or serve a
neighbourhood in it (an authority, a ward, or a team's neighbourhood). It names no group and holds no
personal data; counts of 1 or 2 are held back as "fewer than 3" wherever they are shown, and so is any
share or density worked out of them (core.disclosure). Each profile is read in a fixed number of
queries, whatever the number of groups.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from coprod.core.disclosure import SMALLEST_SHOWN, shown_count
from coprod.funding.models import Allocation
from coprod.groups.choices import GroupStatus, IncomeBand, LegalForm, VenueStatus
from coprod.groups.models import AreaOfWork, CommunityGroup, Venue
from coprod.groups.selectors import ENGLAND_CHARITIES_PER_1000, density_per_1000, groups_displaced
from coprod.neighbourhoods.models import Neighbourhood
from coprod.neighbourhoods.selectors import neighbourhood_figures
from coprod.places.models import LSOA, LocalAuthority, Ward
from coprod.places.selectors import DeprivationSummary, authority_by_code, current_lsoas, deprivation_summary
from coprod.profiles.models import ProfileSnapshot

LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
# Groups below the radar by their form: no constitution, or an association that is not incorporated.
UNREGISTERED_FORMS = (LegalForm.INFORMAL, LegalForm.UNINCORPORATED)


def public(n: int) -> int | None:
    """A count as published: None for 1 or 2 (shown "fewer than 3"), else the count."""
    return None if 0 < n < SMALLEST_SHOWN else n


@dataclass(frozen=True)
class Count_:
    """One row of a breakdown: what is counted and how many."""

    label: str
    count: int

    @property
    def published(self) -> int | None:
        return public(self.count)

    @property
    def shown(self) -> str:
        return shown_count(self.count)


@dataclass(frozen=True)
class Profile:
    """The community sector of one place, as published."""

    kind: str  # "authority", "ward" or "neighbourhood"
    code: str  # the ONS code, or the neighbourhood's slug
    name: str
    within: str  # the authority a ward or neighbourhood is in, or the region of an authority
    as_at: datetime.date
    groups: int  # every group of the place, whatever its status
    active: int
    by_status: list[Count_]
    by_area: list[Count_]
    by_legal_form: list[Count_]
    by_income_band: list[Count_]
    below_radar: int
    population: int | None
    population_source: str
    venues: list[Count_]
    assets_of_community_value: int
    displaced: int  # groups that used a venue which closed and went dormant or folded within a year
    deprivation: DeprivationSummary
    reference_per_1000: Decimal = ENGLAND_CHARITIES_PER_1000
    notes: list[str] = field(default_factory=list)

    @property
    def density_per_1000(self) -> Decimal | None:
        """Active groups per 1,000 residents, held back when the count is fewer than 3."""
        if public(self.active) is None:
            return None
        return density_per_1000(self.active, self.population)

    @property
    def below_radar_share(self) -> Decimal | None:
        """The share of active groups below the radar (%), held back when either count is 1 or 2."""
        if not self.active or public(self.active) is None or public(self.below_radar) is None:
            return None
        return (Decimal(100 * self.below_radar) / Decimal(self.active)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def as_json(self) -> dict:
        """The profile as its JSON download: counts of 1 or 2 are null, as the page's "fewer than 3"."""

        def rows(items: list[Count_]) -> list[dict]:
            return [{"label": c.label, "count": c.published} for c in items]

        density = self.density_per_1000
        share = self.below_radar_share
        summary = self.deprivation
        return {
            "place": {"kind": self.kind, "code": self.code, "name": self.name, "within": self.within},
            "as_at": self.as_at.isoformat(),
            "licence": LICENCE,
            "suppressed": "a count of 1 or 2 is null, and so is any share or density worked out of it",
            "groups": {
                "all": public(self.groups),
                "active": public(self.active),
                "by_status": rows(self.by_status),
                "by_area_of_work": rows(self.by_area),
                "by_legal_form": rows(self.by_legal_form),
                "by_income_band": rows(self.by_income_band),
                "below_the_radar": public(self.below_radar),
                "below_the_radar_percent": None if share is None else str(share),
            },
            "population": self.population,
            "population_source": self.population_source,
            "density_per_1000": None if density is None else str(density),
            "england_per_1000": str(self.reference_per_1000),
            "venues": {
                "by_status": rows(self.venues),
                "assets_of_community_value": public(self.assets_of_community_value),
                "groups_displaced": public(self.displaced),
            },
            "deprivation": summary.as_json(),
        }

    def csv_rows(self) -> list[list[str]]:
        """The profile as rows of its CSV download (section, item, value), counts as the page shows them."""
        density = self.density_per_1000
        share = self.below_radar_share
        out = [
            ["place", "name", self.name],
            ["place", "code", self.code],
            ["place", "as at", self.as_at.isoformat()],
            ["groups", "all", shown_count(self.groups)],
            ["groups", "active", shown_count(self.active)],
        ]
        out += [["groups by status", c.label, c.shown] for c in self.by_status]
        out += [["active groups by area of work", c.label, c.shown] for c in self.by_area]
        out += [["active groups by legal form", c.label, c.shown] for c in self.by_legal_form]
        out += [["active groups by income band", c.label, c.shown] for c in self.by_income_band]
        out += [
            ["groups", "below the radar", shown_count(self.below_radar)],
            ["groups", "below the radar (%)", "-" if share is None else str(share)],
            ["population", self.population_source, "" if self.population is None else str(self.population)],
            ["density", "active groups per 1,000 residents", "-" if density is None else str(density)],
            ["density", "England reference per 1,000", str(self.reference_per_1000)],
        ]
        out += [["venues by status", c.label, c.shown] for c in self.venues]
        out.append(["venues", "assets of community value", shown_count(self.assets_of_community_value)])
        out.append(["venues", "groups displaced", shown_count(self.displaced)])
        summary = self.deprivation
        if summary.not_for_wales:
            out.append(["deprivation", "IMD", "not available for Wales"])
        else:
            out += [
                ["deprivation", f"LSOAs in IMD decile {d}", str(n)] for d, n in summary.decile_counts.items()
            ]
            rank = summary.population_weighted_mean_rank
            out.append(["deprivation", "population-weighted mean rank", "" if rank is None else str(rank)])
        out.append(["licence", LICENCE["name"], LICENCE["url"]])
        return out


def _choice_counts(groups: QuerySet[CommunityGroup], field_name: str, choices) -> list[Count_]:
    found = dict(groups.order_by().values_list(field_name).annotate(n=Count("pk")))
    return [Count_(label, found[value]) for value, label in choices if found.get(value)]


def _profile(
    *,
    kind: str,
    code: str,
    name: str,
    within: str,
    groups: QuerySet[CommunityGroup],
    lsoas: QuerySet[LSOA],
    population: tuple[int | None, str] | None = None,
) -> Profile:
    everyone = CommunityGroup.objects.filter(pk__in=groups.values("pk"))
    active = everyone.filter(status=GroupStatus.ACTIVE)
    by_status = _choice_counts(everyone, "status", GroupStatus.choices)
    areas = dict(
        AreaOfWork.objects.filter(groups__in=active.values("pk"))
        .values_list("name")
        .annotate(n=Count("groups"))
        .order_by()
    )
    # Below the radar: no constitution or an unincorporated association, or on no official register
    # (no charity or company number) and in no grants data the region has imported.
    granted = Exists(Allocation.objects.filter(groups=OuterRef("pk")))
    below = active.alias(granted=granted).filter(
        Q(legal_form__in=UNREGISTERED_FORMS) | Q(charity_number="", company_number="", granted=False)
    )
    summary = deprivation_summary(lsoas)
    if population is None:
        population = (summary.population, "LSOAs" if summary.population is not None else "unknown")
    venues = Venue.objects.filter(lsoa__in=lsoas.values("pk"))
    venue_counts = dict(venues.order_by().values_list("status").annotate(n=Count("pk")))
    return Profile(
        kind=kind,
        code=code,
        name=name,
        within=within,
        as_at=timezone.localdate(),
        groups=sum(c.count for c in by_status),
        active=next((c.count for c in by_status if c.label == GroupStatus.ACTIVE.label), 0),
        by_status=by_status,
        by_area=[
            Count_(label, n) for label, n in sorted(areas.items(), key=lambda item: (-item[1], item[0]))
        ],
        by_legal_form=_choice_counts(active, "legal_form", LegalForm.choices),
        by_income_band=_choice_counts(active, "income_band", IncomeBand.choices),
        below_radar=below.count(),
        population=population[0],
        population_source=population[1],
        venues=[
            Count_(label, venue_counts[value])
            for value, label in VenueStatus.choices
            if venue_counts.get(value)
        ],
        assets_of_community_value=venues.filter(asset_of_community_value=True).count(),
        displaced=len(groups_displaced(venues)),
        deprivation=summary,
    )


def authority_profile(authority: LocalAuthority) -> Profile:
    """Groups based in the authority or serving a neighbourhood in it, over its LSOAs."""
    groups = CommunityGroup.objects.filter(
        Q(local_authority=authority) | Q(neighbourhoods__lsoas__local_authority=authority)
    )
    region = authority.region.name if authority.region else ""
    return _profile(
        kind="authority",
        code=authority.code,
        name=authority.name,
        within=region,
        groups=groups,
        lsoas=current_lsoas().filter(local_authority=authority),
    )


def ward_profile(ward: Ward) -> Profile:
    """Groups based in an LSOA of the ward or serving a neighbourhood with one, over its LSOAs."""
    lsoas = current_lsoas().filter(ward__code=ward.code)
    groups = CommunityGroup.objects.filter(
        Q(base_lsoa__in=lsoas.values("pk")) | Q(neighbourhoods__lsoas__in=lsoas.values("pk"))
    )
    return _profile(
        kind="ward",
        code=ward.code,
        name=ward.name,
        within=ward.local_authority.name,
        groups=groups,
        lsoas=lsoas,
    )


def neighbourhood_profile(neighbourhood: Neighbourhood) -> Profile:
    """Groups serving a team's neighbourhood, over its LSOAs (or its entered population)."""
    figures = neighbourhood_figures(neighbourhood)
    source = {"lsoas": "LSOAs", "entered": "entered by the team"}.get(figures.population_source, "unknown")
    return _profile(
        kind="neighbourhood",
        code=neighbourhood.slug,
        name=neighbourhood.name,
        within=neighbourhood.team.host_authority.name if neighbourhood.team.host_authority_id else "",
        groups=CommunityGroup.objects.filter(neighbourhoods=neighbourhood),
        lsoas=neighbourhood.lsoas.all(),
        population=(figures.population, source),
    )


def place_by_code(code: str) -> LocalAuthority | Ward | None:
    """The authority or ward an ONS code names (the authority of the current LSOAs, the newest ward)."""
    authority = authority_by_code(LocalAuthority.objects.select_related("region"), code)
    if authority is not None:
        return authority
    return Ward.objects.filter(code=code).select_related("local_authority").order_by("-year").first()


def profiled_authorities() -> QuerySet[LocalAuthority]:
    """The authorities the teams work in: the index of profiles. Neighbourhoods, named by their teams,
    are not listed; each team links its own to their profiles."""
    return LocalAuthority.objects.filter(teams__isnull=False).distinct().order_by("name", "-year")


def wards_of(authority: LocalAuthority) -> QuerySet[Ward]:
    """The wards of the authority's current LSOAs, for its profile's links."""
    return Ward.objects.filter(
        pk__in=current_lsoas().filter(local_authority=authority).values("ward")
    ).order_by("name")


def snapshots_of(kind: str, code: str) -> QuerySet[ProfileSnapshot]:
    """A place's kept yearly snapshots, the newest first."""
    return ProfileSnapshot.objects.filter(kind=kind, code=code).order_by("-year")
