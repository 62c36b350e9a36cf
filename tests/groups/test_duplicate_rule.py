"""One duplicate rule (groups.rules.SimilarNames and the registered numbers): a group typed in and a
group imported are flagged against the same groups, for the same reasons."""

import io
import random

import pytest

from coprod.groups.imports import groups_import
from coprod.groups.models import CommunityGroup, PossibleDuplicate
from coprod.groups.rules import MOST_SIMILAR
from coprod.groups.services import group_create
from coprod.units.choices import Role
from tests.units.factories import TeamFactory, member

pytestmark = pytest.mark.django_db

WORDS = ["Bentilee", "Food", "Pantry", "Tenants", "Youth", "Club", "Garden", "Lunch", "Friends", "Park"]


def _flags(team) -> set[tuple[str, str, str]]:
    return set(
        PossibleDuplicate.objects.filter(group__team=team).values_list("group__name", "other__name", "reason")
    )


def _names() -> list[str]:
    """Names made to collide: the same words in another order, typos, numbers, and more than
    MOST_SIMILAR near-twins of one name; no two of them the same once normalised."""
    rng = random.Random(3)
    names: dict[str, str] = {}
    while len(names) < 60:
        words = rng.sample(WORDS, 3)
        if rng.random() < 0.3:
            i = rng.randrange(3)
            words[i] = words[i][:-1] + rng.choice("aeiouy")
        if rng.random() < 0.2:
            words.append(str(rng.randint(1, 3)))
        name = " ".join(words)
        names.setdefault(name.lower(), name)
    twins = [f"Bentilee Lunch Club {letter}" for letter in "abcdefghijklmnopqrstuvwxy"]
    return [*names.values(), *twins]


def test_typing_one_at_a_time_and_importing_flag_the_same_pairs(world):
    """The same names typed into one team's directory and imported into another's (in another
    authority, so the two never meet) give the same flags, the limit of MOST_SIMILAR included."""
    names = _names()
    typed_team, imported_team = world["teams"]["a1"], world["teams"]["b1"]
    assert typed_team.host_authority_id != imported_team.host_authority_id
    for name in names:
        group_create(actor=world["people"]["lead"], team=typed_team, name=name)
    summary = groups_import(
        actor=None, team=imported_team, source=io.BytesIO(("name\n" + "\n".join(names)).encode())
    )
    assert (summary.created, summary.rejected) == (len(names), 0)

    typed, imported = _flags(typed_team), _flags(imported_team)
    assert typed == imported
    assert len(typed) > 40  # the names do collide
    last = PossibleDuplicate.objects.filter(group__team=typed_team, group__name="Bentilee Lunch Club y")
    assert last.count() == MOST_SIMILAR  # 24 near-twins before it, the 20 closest kept


@pytest.mark.parametrize(
    ("held", "new", "reason"),
    [
        ("St Mary's Tenants' Association", "St Marys Tenants Assn", "the same name in the same authority"),
        ("Bentilee Food Pantry", "Bentilee Food Pantri", "a similar name in the same authority (95%)"),
        ("Bentilee Food Pantry", "Pantry Food Bentilee", "the same name in the same authority"),
        ("Bentilee Scouts 1", "Bentilee Scouts 2", None),  # two troops: the numbers differ
        ("Bentilee Food Pantry", "Bentilee Knit and Natter", None),
    ],
)
def test_worked_examples_of_the_name_rule_typed_and_imported(world, held, new, reason):
    """The group held is another team's of the same authority (a row matching a team's own group by
    name updates that group rather than adding one)."""
    typed_team, imported_team = world["teams"]["a1"], world["teams"]["b1"]
    for team in (typed_team, imported_team):
        neighbour = TeamFactory(unit=team.unit, host_authority=team.host_authority)
        group_create(actor=member(Role.TEAM_LEAD, team=neighbour), team=neighbour, name=held)
    group_create(actor=world["people"]["lead"], team=typed_team, name=new)
    groups_import(actor=None, team=imported_team, source=io.BytesIO(f"name\n{new}\n".encode()))
    for team in (typed_team, imported_team):
        added = CommunityGroup.objects.get(team=team, name=new)
        reasons = list(PossibleDuplicate.objects.filter(group=added).values_list("other__name", "reason"))
        assert reasons == ([] if reason is None else [(held, reason)]), team


def test_a_group_in_another_authority_is_not_a_name_twin(world):
    group_create(actor=world["people"]["worker_b"], team=world["teams"]["b1"], name="Bentilee Food Pantry")
    added = group_create(
        actor=world["people"]["lead"], team=world["teams"]["a1"], name="Bentilee Food Pantry"
    )
    assert not PossibleDuplicate.objects.filter(group=added).exists()
