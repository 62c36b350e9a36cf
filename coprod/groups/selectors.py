"""Reads of the group directory: scoping, personal-data rights, search, duplicates and figures."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from rapidfuzz import fuzz, process

from coprod.core.text import normalise_name
from coprod.groups.choices import (
    DuplicateStatus,
    GroupStatus,
    IncomeBand,
    StatutoryRelationship,
    TrackedField,
    VenueStatus,
)
from coprod.groups.models import (
    AreaOfWork,
    CommunityGroup,
    GroupChange,
    GroupCount,
    PossibleDuplicate,
    Venue,
    VenueStatusChange,
)
from coprod.groups.rules import SAME_NUMBER, SimilarNames, registered_identifier, similar_name_reason
from coprod.neighbourhoods.models import Neighbourhood
from coprod.neighbourhoods.selectors import neighbourhood_figures
from coprod.places.models import LocalAuthority
from coprod.places.selectors import deprivation_summary
from coprod.units.selectors import UserLike, is_member, teams_for_user, works_in

# England averages 1.8 registered charities per 1,000 residents (DOMAIN.md).
ENGLAND_CHARITIES_PER_1000 = Decimal("1.8")
FUZZY_CUTOFF = 75


def groups_for_user(user: UserLike) -> QuerySet[CommunityGroup]:
    """The groups of the teams a user reaches."""
    return CommunityGroup.objects.filter(team__in=teams_for_user(user)).select_related(
        "team", "local_authority"
    )


def sees_personal_data(user: UserLike, group: CommunityGroup) -> bool:
    """Contact details and notes about people stay with the group's own team."""
    return works_in(user, group.team_id)


def venues_for_user(user: UserLike) -> QuerySet[Venue]:
    return Venue.objects.filter(team__in=teams_for_user(user)).select_related("team", "lsoa")


def areas_of_work_for_user(user: UserLike) -> QuerySet[AreaOfWork]:
    return AreaOfWork.objects.all() if is_member(user) else AreaOfWork.objects.none()


def search_groups(groups: QuerySet[CommunityGroup], query: str) -> QuerySet[CommunityGroup]:
    """Groups whose name or other names match, tolerating punctuation and small typos.

    Names and query are normalised alike ("St Mary's" and "St Marys" both become "st marys"). A group
    matches when every query word is in its names, or, failing that, when every query word is close
    to some word of its names (rapidfuzz ratio of 75 or more: "Bentile pantri" finds "Bentilee
    Community Food Pantry"). Exact matches come first, then the closest.
    """
    words = normalise_name(query).split()
    if not words:
        return groups
    exact = groups
    for word in words:
        exact = exact.filter(search_name__contains=word)
    exact_ids = list(exact.values_list("pk", flat=True)[:500])
    scored = []
    for pk, names in groups.exclude(pk__in=exact_ids).values_list("pk", "search_name"):
        name_words = names.replace(" | ", " ").split()
        total = 0.0
        for word in words:
            best = process.extractOne(word, name_words, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if best is None:
                break
            total += best[1]
        else:
            scored.append((total, pk))
    ranked = exact_ids + [pk for _, pk in sorted(scored, reverse=True)[:200]]
    if not ranked:
        return groups.none()
    order = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)], output_field=IntegerField())
    return groups.filter(pk__in=ranked).order_by(order)


def possible_duplicates_of(group: CommunityGroup) -> list[tuple[CommunityGroup, str]]:
    """(other group, reason) pairs: the same registered number or identifier anywhere, or a similar
    name in the same authority (groups.rules.SimilarNames, which an import asks too)."""
    candidates = CommunityGroup.objects.exclude(pk=group.pk)
    found: dict[int, tuple[CommunityGroup, str]] = {}
    same_number = Q(pk__in=[])
    if group.charity_number:
        same_number |= Q(charity_number=group.charity_number)
    if group.company_number:
        same_number |= Q(company_number=group.company_number)
    if registered_identifier(group.org_identifier):
        same_number |= Q(org_identifier=group.org_identifier)
    for other in candidates.filter(same_number).order_by("pk"):
        found[other.pk] = (other, SAME_NUMBER)
    if group.local_authority_id:
        names = SimilarNames()
        nearby = candidates.filter(local_authority_id=group.local_authority_id).order_by("pk")
        for pk, search_name in nearby.values_list("pk", "search_name"):
            names.add(pk, group.local_authority_id, search_name)
        scores = names.similar(group.local_authority_id, group.search_name)
        others = CommunityGroup.objects.in_bulk([pk for pk, _ in scores if pk not in found])
        for pk, score in scores:
            if pk in others:
                found[pk] = (others[pk], similar_name_reason(score))
    return list(found.values())


def duplicates_for_user(user: UserLike) -> QuerySet[PossibleDuplicate]:
    """Open flags the user can act on: both groups visible to them."""
    visible = groups_for_user(user)
    return (
        PossibleDuplicate.objects.filter(status=DuplicateStatus.OPEN, group__in=visible, other__in=visible)
        .select_related("group", "other", "group__team", "other__team")
        .order_by("-flagged_at", "pk")
    )


@dataclass(frozen=True)
class DirectoryFigures:
    """Group density and the shape of the directory for one area.

    density_per_1000 = active groups serving the area / its population × 1,000.
    micro_share = active groups in the micro income band / active groups whose band is known (%).
    no_dealings_share = active groups with few or no dealings with statutory bodies / active groups
    whose relationship is known (%).
    """

    active_groups: int
    population: int | None
    density_per_1000: Decimal | None
    micro_share: Decimal | None
    no_dealings_share: Decimal | None
    reference_per_1000: Decimal = ENGLAND_CHARITIES_PER_1000


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def density_per_1000(active_groups: int, population: int | None) -> Decimal | None:
    """Group density: active groups per 1,000 residents, to two decimal places."""
    if not population:
        return None
    return (Decimal(active_groups) * 1000 / Decimal(population)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class ActiveGroupCounts:
    """The directory rollup's (groups.rollups) active groups, read in one query for a dashboard.

    - serving: active groups serving each neighbourhood, by support intensity, {(neighbourhood,
      intensity): n}; each group's link to a neighbourhood counts once, whichever team holds it;
    - by_team: each team's own active groups by support intensity, {(team, intensity): n};
    - hours_by_team / hours_serving: their volunteer hours a week, summed over the groups that have
      an estimate, {team or neighbourhood: (hours, groups with an estimate)}. A group serving several
      neighbourhoods counts in full in each, as it does in their group density.

    A test holds the rollup equal to the links and groups counted directly."""

    serving: dict[tuple[int, str], int]
    by_team: dict[tuple[int, str], int]
    hours_by_team: dict[int, tuple[Decimal, int]]
    hours_serving: dict[int, tuple[Decimal, int]]


def active_group_counts(team_ids, neighbourhoods) -> ActiveGroupCounts:
    """ActiveGroupCounts of some teams' own groups and of the groups serving some neighbourhoods."""
    rows = (
        GroupCount.objects.filter(status=GroupStatus.ACTIVE)
        .filter(Q(team__in=team_ids, neighbourhood__isnull=True) | Q(neighbourhood__in=neighbourhoods))
        .values_list("team", "neighbourhood", "support_intensity", "n", "hours_week", "estimates")
    )
    serving: dict[tuple[int, str], int] = defaultdict(int)
    by_team: dict[tuple[int, str], int] = {}
    hours_by_team: dict[int, tuple[Decimal, int]] = {}
    hours_serving: dict[int, tuple[Decimal, int]] = {}
    for team, hood, level, n, hours, estimates in rows:
        if hood is None:
            by_team[(team, level)] = n
            held, counted = hours_by_team.get(team, (Decimal("0.0"), 0))
            hours_by_team[team] = (held + hours, counted + estimates)
        else:
            serving[(hood, level)] += n
            held, counted = hours_serving.get(hood, (Decimal("0.0"), 0))
            hours_serving[hood] = (held + hours, counted + estimates)
    return ActiveGroupCounts(dict(serving), by_team, hours_by_team, hours_serving)


def active_serving_by_intensity(neighbourhoods) -> dict[tuple[int, str], int]:
    """Active groups serving each neighbourhood, by support intensity (ActiveGroupCounts.serving)."""
    return active_group_counts([], neighbourhoods).serving


def active_by_intensity(team_ids) -> dict[tuple[int, str], int]:
    """Each team's active groups by support intensity (ActiveGroupCounts.by_team)."""
    return active_group_counts(team_ids, Neighbourhood.objects.none()).by_team


def directory_figures(groups: QuerySet[CommunityGroup], *, population: int | None) -> DirectoryFigures:
    """The directory figures of a set of groups serving an area of the given population."""
    active = CommunityGroup.objects.filter(pk__in=groups.values("pk"), status=GroupStatus.ACTIVE)
    counts = active.aggregate(
        total=Count("pk"),
        banded=Count("pk", filter=~Q(income_band=IncomeBand.UNKNOWN)),
        micro=Count("pk", filter=Q(income_band=IncomeBand.MICRO)),
        related=Count("pk", filter=~Q(statutory_relationship=StatutoryRelationship.UNKNOWN)),
        no_dealings=Count("pk", filter=Q(statutory_relationship=StatutoryRelationship.NONE)),
    )
    density = density_per_1000(counts["total"], population)
    return DirectoryFigures(
        active_groups=counts["total"],
        population=population,
        density_per_1000=density,
        micro_share=_percent(counts["micro"], counts["banded"]),
        no_dealings_share=_percent(counts["no_dealings"], counts["related"]),
    )


def neighbourhood_directory_figures(user: UserLike, neighbourhood: Neighbourhood) -> DirectoryFigures:
    groups = groups_for_user(user).filter(neighbourhoods=neighbourhood)
    return directory_figures(groups, population=neighbourhood_figures(neighbourhood).population)


def authority_directory_figures(user: UserLike, authority: LocalAuthority) -> DirectoryFigures:
    """Groups based in the authority or serving a neighbourhood in it, over its LSOAs' population."""
    groups = groups_for_user(user).filter(
        Q(local_authority=authority) | Q(neighbourhoods__lsoas__local_authority=authority)
    )
    return directory_figures(groups, population=deprivation_summary(authority.lsoas.all()).population)


def started_with_team_by_team(team_ids, *, start, end) -> dict[int, int]:
    """Groups started with each team's help on a day from start to end: {team: n}.

    A group counts for the team named as the one whose help started it (started_with_team), on the
    day it was started (started_with_team_on), whatever its status now and whichever team's directory
    holds it; when it was added to the directory does not matter."""
    rows = (
        CommunityGroup.objects.filter(
            started_with_team__in=team_ids, started_with_team_on__gte=start, started_with_team_on__lte=end
        )
        .order_by()
        .values_list("started_with_team")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


DISPLACED_WITHIN = datetime.timedelta(days=365)


def groups_displaced(venues: QuerySet[Venue]) -> set[int]:
    """Groups displaced: groups that used one of these venues which closed, and went dormant or folded
    within a year of its closing (on the day it closed or up to 365 days after). Read in two queries."""
    closings: dict[int, list[datetime.date]] = {}
    for venue, on in VenueStatusChange.objects.filter(
        venue__in=venues.values("pk"), status=VenueStatus.CLOSED
    ).values_list("venue", "on"):
        closings.setdefault(venue, []).append(on)
    if not closings:
        return set()
    users = Venue.groups.through.objects.filter(venue__in=list(closings)).values_list(
        "venue", "communitygroup"
    )
    used: dict[int, list[datetime.date]] = {}
    for venue, group in users:
        used.setdefault(group, []).extend(closings[venue])
    stopped = GroupChange.objects.filter(
        group__in=list(used), field=TrackedField.STATUS, value__in=[GroupStatus.DORMANT, GroupStatus.FOLDED]
    ).values_list("group", "on")
    return {
        group
        for group, on in stopped
        if any(closed <= on <= closed + DISPLACED_WITHIN for closed in used[group])
    }
