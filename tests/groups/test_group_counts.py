"""The directory rollup (GroupCount) always equals the directory counted directly, through every way
groups change; and it is what the dashboard's counts are read from."""

from collections import Counter

from coprod.groups import rollups
from coprod.groups.imports import groups_import
from coprod.groups.models import CommunityGroup, GroupCount
from coprod.groups.selectors import active_by_intensity, active_serving_by_intensity
from coprod.groups.services import group_create, group_delete, group_merge, group_update
from coprod.neighbourhoods.models import Neighbourhood
from tests.groups.factories import GroupFactory
from tests.groups.test_imports import HEADER, csv_file, good_rows
from tests.neighbourhoods.factories import NeighbourhoodFactory


def counted_directly():
    by_team = Counter()
    for team, status, level in CommunityGroup.objects.values_list("team", "status", "support_intensity"):
        by_team[(team, status, level)] += 1
    links = Counter()
    through = CommunityGroup.neighbourhoods.through.objects
    for hood, team, status, level in through.values_list(
        "neighbourhood", "communitygroup__team", "communitygroup__status", "communitygroup__support_intensity"
    ):
        links[(team, hood, status, level)] += 1
    return by_team, links


def rolled_up():
    by_team, links = Counter(), Counter()
    for team, hood, status, level, n in GroupCount.objects.values_list(
        "team", "neighbourhood", "status", "support_intensity", "n"
    ):
        if hood is None:
            by_team[(team, status, level)] += n
        else:
            links[(team, hood, status, level)] += n
    return by_team, links


def assert_equal():
    assert rolled_up() == counted_directly()
    hoods = Neighbourhood.objects.all()
    serving = Counter()
    for hood, level in CommunityGroup.neighbourhoods.through.objects.filter(
        communitygroup__status="active"
    ).values_list("neighbourhood", "communitygroup__support_intensity"):
        serving[(hood, level)] += 1
    assert active_serving_by_intensity(hoods) == dict(serving)
    teams = CommunityGroup.objects.values_list("team", flat=True).distinct()
    active = Counter(CommunityGroup.objects.filter(status="active").values_list("team", "support_intensity"))
    assert active_by_intensity(list(teams)) == dict(active)


def test_the_directory_rollup_follows_every_change(world):
    lead, a1, a2 = world["people"]["lead"], world["teams"]["a1"], world["teams"]["a2"]
    hood, other = world["hoods"]["a1"], NeighbourhoodFactory(team=a1)
    made = [
        group_create(actor=lead, team=a1, name=f"Group {i}", support_intensity=level, neighbourhoods=hoods)
        for i, (level, hoods) in enumerate(
            [("intensive", [hood]), ("moderate", [hood, other]), ("light", []), ("none", [other])]
        )
    ]
    assert GroupCount.objects.exists()
    assert_equal()

    group_update(actor=lead, group=made[0], support_intensity="light", status="dormant")
    assert_equal()
    group_update(actor=lead, group=made[2], neighbourhoods=[hood, other])
    assert_equal()
    other.groups.remove(made[1])  # from the neighbourhood's side, as the admin might
    assert_equal()
    other.groups.add(made[0])
    assert_equal()
    other.groups.clear()
    assert_equal()

    group_merge(actor=lead, survivor=made[1], merged=made[3])
    assert_equal()
    group_delete(actor=lead, group=made[2])
    assert_equal()

    moved = GroupFactory(team=a1)
    moved.neighbourhoods.add(hood)
    moved.team = a2  # moved to another team's directory (the admin can)
    moved.save()
    assert_equal()

    summary = groups_import(actor=None, team=a1, source=csv_file(HEADER, *good_rows(hood.name)))
    assert summary.created == 3
    assert_equal()
    dry = groups_import(
        actor=None, team=a1, dry_run=True,
        source=csv_file(HEADER, "Another group,,informal_group,,micro,,,,,,,active,intensive,no"),
    )  # fmt: skip
    assert dry.created == 1
    assert_equal()


def test_the_dashboard_reads_the_directory_rollup_and_rebuild_recounts(world):
    lead, a1 = world["people"]["lead"], world["teams"]["a1"]
    hood = world["hoods"]["a1"]
    group_create(actor=lead, team=a1, name="Counted", support_intensity="intensive", neighbourhoods=[hood])
    assert active_serving_by_intensity(Neighbourhood.objects.all()) == {(hood.pk, "intensive"): 1}
    GroupCount.objects.update(n=7)  # as if written by something else
    assert active_serving_by_intensity(Neighbourhood.objects.all()) == {(hood.pk, "intensive"): 7}
    assert active_by_intensity([a1.pk]) == {(a1.pk, "intensive"): 7}
    rollups.rebuild()
    assert active_serving_by_intensity(Neighbourhood.objects.all()) == {(hood.pk, "intensive"): 1}
    assert active_by_intensity([a1.pk]) == {(a1.pk, "intensive"): 1}
