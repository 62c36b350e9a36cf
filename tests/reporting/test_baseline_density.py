"""The dashboard's density beside each neighbourhood's baseline: the value its current signed-off
baseline froze, read from the snapshot, not the density of today."""

import datetime

import pytest

from coprod.groups.services import group_create
from coprod.neighbourhoods.services import baseline_sign_off, baseline_take, neighbourhood_create
from coprod.places.models import Ward
from coprod.reporting.selectors import unit_figures

pytestmark = pytest.mark.django_db


def test_the_baseline_column_is_the_frozen_density(stoke):
    lead, team = stoke["lead"], stoke["team"]
    ward = Ward.objects.get(name="Bentilee and Ubberley")
    hood = neighbourhood_create(actor=lead, team=team, name="Bentilee", wards=[ward])
    hood.population_entered = 2000
    hood.save()
    group_create(actor=lead, team=team, name="First Group", neighbourhoods=[hood])
    baseline = baseline_take(actor=lead, neighbourhood=hood, taken_on=datetime.date.today())
    frozen = baseline.snapshot["indicators"]["group-density"]["value"]
    assert frozen == "0.50"  # one group for 2,000 residents
    unsigned = unit_figures(
        team.unit,
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2026, 6, 30),
        today=datetime.date.today(),
    )
    assert unsigned.neighbourhoods[0].density_baseline is None  # not signed off: no baseline yet
    baseline_sign_off(actor=lead, baseline=baseline)
    for n in range(3):
        group_create(actor=lead, team=team, name=f"Later Group {n}", neighbourhoods=[hood])
    (row,) = unit_figures(
        team.unit,
        start=datetime.date(2026, 4, 1),
        end=datetime.date(2026, 6, 30),
        today=datetime.date.today(),
    ).neighbourhoods
    assert str(row.density_baseline) == frozen and row.density > row.density_baseline
