"""Neighbourhoods and baselines through their services: who may, what is chosen, what is frozen."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from coprod.neighbourhoods.models import Baseline
from coprod.neighbourhoods.selectors import current_baseline, neighbourhood_figures, neighbourhoods_for_user
from coprod.neighbourhoods.services import (
    baseline_discard,
    baseline_sign_off,
    baseline_take,
    neighbourhood_create,
    neighbourhood_update,
)
from coprod.places.models import LSOA, Ward
from coprod.units.choices import Role
from tests.units.factories import member


def test_team_lead_creates_a_neighbourhood_from_wards_and_codes(stoke):
    ward = Ward.objects.get(name="Bentilee and Ubberley")
    extra = LSOA.objects.get(code="E01014260")
    hood = neighbourhood_create(
        actor=stoke["lead"], team=stoke["team"], name="Bentilee", wards=[ward], lsoas=[extra]
    )
    codes = set(hood.lsoas.values_list("code", flat=True))
    assert codes == set(ward.lsoas.values_list("code", flat=True)) | {"E01014260"}
    assert len(codes) == 8
    figures = neighbourhood_figures(hood)
    assert figures.deprivation.lsoa_count == 8
    assert figures.deprivation.decile_1_count == sum(
        1 for lsoa in hood.lsoas.all() if lsoa.deprivations.get(edition=2019).decile == 1
    )
    assert (figures.population, figures.population_source) == (None, "unknown")


def test_population_entered_is_used_when_lsoas_have_none(stoke):
    hood = neighbourhood_create(
        actor=stoke["lead"],
        team=stoke["team"],
        name="Meir",
        wards=list(Ward.objects.filter(name="Meir North")),
        population_entered=6400,
    )
    assert (neighbourhood_figures(hood).population, neighbourhood_figures(hood).population_source) == (
        6400,
        "entered",
    )


def test_worker_and_other_team_lead_cannot_create(stoke):
    ward = Ward.objects.get(name="Bentilee and Ubberley")
    with pytest.raises(PermissionDenied):
        neighbourhood_create(actor=stoke["worker"], team=stoke["team"], name="X", wards=[ward])
    other_lead = member(Role.TEAM_LEAD)
    with pytest.raises(PermissionDenied):
        neighbourhood_create(actor=other_lead, team=stoke["team"], name="X", wards=[ward])


def test_lsoas_outside_the_teams_authorities_are_refused(stoke):
    redcar_lsoa = LSOA.objects.filter(local_authority__code="E06000003").first()
    with pytest.raises(ValidationError, match=redcar_lsoa.code):
        neighbourhood_create(actor=stoke["lead"], team=stoke["team"], name="X", lsoas=[redcar_lsoa])
    with pytest.raises(ValidationError, match="at least one"):
        neighbourhood_create(actor=stoke["lead"], team=stoke["team"], name="X")


def test_update_replaces_lsoas_only_when_asked(stoke):
    ward = Ward.objects.get(name="Bentilee and Ubberley")
    hood = neighbourhood_create(actor=stoke["lead"], team=stoke["team"], name="B", wards=[ward])
    neighbourhood_update(actor=stoke["lead"], neighbourhood=hood, name="Bentilee", priority=True)
    hood.refresh_from_db()
    assert (hood.name, hood.priority, hood.lsoas.count()) == ("Bentilee", True, 7)
    neighbourhood_update(actor=stoke["lead"], neighbourhood=hood, lsoas=[LSOA.objects.get(code="E01014260")])
    assert list(hood.lsoas.values_list("code", flat=True)) == ["E01014260"]
    with pytest.raises(ValidationError, match="team"):
        neighbourhood_update(actor=stoke["lead"], neighbourhood=hood, team=None)


def test_baseline_freezes_and_a_new_one_supersedes(stoke):
    ward = Ward.objects.get(name="Bentilee and Ubberley")
    hood = neighbourhood_create(actor=stoke["lead"], team=stoke["team"], name="B", wards=[ward])
    first = baseline_take(actor=stoke["lead"], neighbourhood=hood, taken_on=datetime.date(2026, 4, 1))
    assert first.snapshot["deprivation"]["lsoa_count"] == 7
    baseline_sign_off(actor=stoke["lead"], baseline=first)
    assert current_baseline(hood) == first

    # Records change after sign-off: the frozen baseline does not move.
    neighbourhood_update(actor=stoke["lead"], neighbourhood=hood, lsoas=[LSOA.objects.get(code="E01014260")])
    first.refresh_from_db()
    assert first.snapshot["deprivation"]["lsoa_count"] == 7

    second = baseline_take(actor=stoke["lead"], neighbourhood=hood, taken_on=datetime.date(2026, 10, 1))
    assert second.snapshot["deprivation"]["lsoa_count"] == 1
    second = baseline_sign_off(actor=stoke["lead"], baseline=second)
    assert current_baseline(hood) == second
    assert second.supersedes == first
    assert Baseline.objects.filter(neighbourhood=hood).count() == 2

    with pytest.raises(ValidationError, match="already signed off"):
        baseline_sign_off(actor=stoke["lead"], baseline=first)
    with pytest.raises(ValidationError):
        baseline_discard(actor=stoke["lead"], baseline=first)
    first.notes = "changed"
    with pytest.raises(ValidationError, match="cannot be changed"):
        first.save()
    with pytest.raises(ValidationError, match="cannot be deleted"):
        first.delete()


def test_database_refuses_changes_to_a_signed_off_baseline(stoke):
    ward = Ward.objects.get(name="Bentilee and Ubberley")
    hood = neighbourhood_create(actor=stoke["lead"], team=stoke["team"], name="B", wards=[ward])
    baseline = baseline_sign_off(
        actor=stoke["lead"], baseline=baseline_take(actor=stoke["lead"], neighbourhood=hood)
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        Baseline.objects.filter(pk=baseline.pk).update(snapshot={"tampered": True})
    baseline.refresh_from_db()
    assert "tampered" not in baseline.snapshot


def test_retaking_a_draft_updates_it_and_workers_cannot(stoke):
    ward = Ward.objects.get(name="Bentilee and Ubberley")
    hood = neighbourhood_create(actor=stoke["lead"], team=stoke["team"], name="B", wards=[ward])
    draft = baseline_take(actor=stoke["lead"], neighbourhood=hood, taken_on=datetime.date(2026, 4, 1))
    again = baseline_take(actor=stoke["lead"], neighbourhood=hood, taken_on=datetime.date(2026, 4, 2))
    assert again.pk == draft.pk and again.taken_on == datetime.date(2026, 4, 2)
    with pytest.raises(PermissionDenied):
        baseline_take(actor=stoke["worker"], neighbourhood=hood)
    with pytest.raises(ValidationError, match="future"):
        baseline_take(
            actor=stoke["lead"], neighbourhood=hood, taken_on=datetime.date.today() + datetime.timedelta(1)
        )


def test_baseline_cannot_be_older_than_the_one_it_supersedes(stoke):
    ward = Ward.objects.get(name="Bentilee and Ubberley")
    hood = neighbourhood_create(actor=stoke["lead"], team=stoke["team"], name="B", wards=[ward])
    baseline_sign_off(
        actor=stoke["lead"],
        baseline=baseline_take(actor=stoke["lead"], neighbourhood=hood, taken_on=datetime.date(2026, 6, 1)),
    )
    older = baseline_take(actor=stoke["lead"], neighbourhood=hood, taken_on=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError, match="cannot be earlier"):
        baseline_sign_off(actor=stoke["lead"], baseline=older)


def test_neighbourhood_scope_follows_teams(world):
    p, h = world["people"], world["hoods"]
    assert set(neighbourhoods_for_user(p["worker"])) == {h["a1"]}
    assert set(neighbourhoods_for_user(p["manager"])) == {h["a1"], h["a2"]}
    assert set(neighbourhoods_for_user(p["director"])) == {h["a1"], h["a2"]}
    assert set(neighbourhoods_for_user(p["worker_b"])) == {h["b1"]}
    assert set(neighbourhoods_for_user(p["admin"])) == {h["a1"], h["a2"], h["b1"]}


def test_database_refuses_deleting_a_signed_off_baseline(stoke):
    ward = Ward.objects.get(name="Bentilee and Ubberley")
    hood = neighbourhood_create(actor=stoke["lead"], team=stoke["team"], name="B", wards=[ward])
    baseline = baseline_sign_off(
        actor=stoke["lead"], baseline=baseline_take(actor=stoke["lead"], neighbourhood=hood)
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        Baseline.objects.filter(pk=baseline.pk).delete()
    assert Baseline.objects.filter(pk=baseline.pk).exists()
    # The test database is rolled back after this test; a draft is never protected.
    draft = baseline_take(actor=stoke["lead"], neighbourhood=hood)
    Baseline.objects.filter(pk=draft.pk).delete()
