"""Outcomes' rules: progress, frozen baselines, one subject, the Wrexham counts, computed indicators."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from coprod.engagements.services import work_programme_save
from coprod.groups.choices import SupportIntensity
from coprod.neighbourhoods import services as hood_services
from coprod.outcomes import services
from coprod.outcomes.choices import COMPUTED_INDICATORS, OutcomeCategory, Reading
from coprod.outcomes.computed import COMPUTED, FUNCTIONS
from coprod.outcomes.models import Indicator, Measurement
from coprod.outcomes.selectors import (
    Point,
    baseline_values,
    group_outcome_counts,
    group_outcomes_for_user,
    neighbourhood_outcomes,
    progress,
)
from tests.groups.factories import GroupFactory

D = datetime.date
JAN, JUL, NEXT_JAN = D(2025, 1, 1), D(2025, 7, 2), D(2026, 1, 1)


def read(direction, latest_value, *, latest_on=JUL, milestones=(), baseline=40, target=60):
    return progress(
        direction=direction,
        baseline=Point(JAN, Decimal(baseline)),
        target=Point(NEXT_JAN, Decimal(target)),
        latest=None if latest_value is None else Point(latest_on, Decimal(latest_value)),
        milestones=[Point(d, Decimal(v)) for d, v in milestones],
    )


# The progress rule on worked examples -----------------------------------------------------------------


def test_higher_is_better_on_the_straight_line():
    # 40% on 1 January 2025 to 60% on 1 January 2026: on 2 July (182 of 365 days) the line is at 49.97.
    assert read("higher", "52").expected == Decimal("49.97")
    assert read("higher", "52").reading == Reading.ON_TRACK
    assert read("higher", "49.97").reading == Reading.ON_TRACK
    assert read("higher", "49.96").reading == Reading.BEHIND
    assert read("higher", "60").reading == Reading.ACHIEVED
    assert read("higher", None).reading == Reading.NO_DATA
    assert read("higher", "55", latest_on=JAN).reading == Reading.NO_DATA  # nothing after the baseline


def test_lower_is_better_feeling_isolated():
    # Feel isolated: 14% (the most deprived areas' figure) down to 8% over the year.
    assert read("lower", "10", baseline=14, target=8).expected == Decimal("11.01")
    assert read("lower", "10", baseline=14, target=8).reading == Reading.ON_TRACK
    assert read("lower", "12", baseline=14, target=8).reading == Reading.BEHIND
    assert read("lower", "8", baseline=14, target=8).reading == Reading.ACHIEVED
    assert read("lower", "7.5", baseline=14, target=8).reading == Reading.ACHIEVED
    # A higher-is-better reading of the same numbers would be the other way round.
    assert read("higher", "12", baseline=14, target=8).reading == Reading.ACHIEVED


def test_after_the_target_date_anything_short_of_the_target_is_behind():
    assert read("higher", "59.99", latest_on=D(2026, 3, 1)).reading == Reading.BEHIND


def test_milestones_bend_the_line():
    # A slow start agreed in advance: 42 by 1 July, then the rest in the second half of the year.
    milestones = [(D(2025, 7, 1), "42")]
    assert read("higher", "43", milestones=milestones).reading == Reading.ON_TRACK
    assert read("higher", "43").reading == Reading.BEHIND
    assert read("higher", "42", latest_on=D(2025, 7, 1), milestones=milestones).expected == Decimal("42.00")


# The one-subject rule -------------------------------------------------------------------------------


def _cls(code="cls-belong"):
    return Indicator.objects.get(code=code)


@pytest.mark.parametrize("subjects", ["both", "neither"])
def test_the_database_refuses_a_measurement_of_two_subjects_or_none(world, subjects):
    hood = world["hoods"]["a1"]
    group = GroupFactory(team=hood.team)
    values = {"neighbourhood": hood, "group": group} if subjects == "both" else {}
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(
            indicator=_cls(),
            period_start=D(2025, 1, 1),
            period_end=D(2025, 3, 31),
            value=Decimal("60"),
            source="Door-to-door survey",
            sample_size=120,
            recorded_by=world["people"]["worker"],
            **values,
        )


def test_the_service_refuses_both_subjects_with_a_message(world):
    hood = world["hoods"]["a1"]
    with pytest.raises(ValidationError, match="one neighbourhood or one group"):
        services.measurement_record(
            actor=world["people"]["worker"],
            indicator=_cls(),
            neighbourhood=hood,
            group=GroupFactory(team=hood.team),
            period_start=D(2025, 1, 1),
            period_end=D(2025, 3, 31),
            value=Decimal("60"),
            source="survey",
            sample_size=100,
        )


# Measurements --------------------------------------------------------------------------------------


def record(world, code="cls-belong", value="57", end=D(2025, 3, 31), person="worker", hood="a1", **extra):
    values = {"source": "Door-to-door survey", "sample_size": 150, "method": "door_to_door"} | extra
    return services.measurement_record(
        actor=world["people"][person],
        indicator=_cls(code),
        neighbourhood=world["hoods"][hood],
        period_start=end.replace(day=1),
        period_end=end,
        value=Decimal(value),
        **values,
    )


def test_computed_indicators_cannot_be_typed_in(world):
    with pytest.raises(ValidationError, match="computed from coprod's records"):
        record(world, code="group-density", value="3")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"value": "101"}, "not a percentage"),
        ({"value": "-1"}, "not a percentage"),
        ({"sample_size": None}, "number of people who answered"),
        ({"end": D(2099, 1, 31)}, "in the future"),
    ],
)
def test_bad_survey_results_are_refused_with_the_reason(world, extra, message):
    with pytest.raises(ValidationError, match=message):
        record(world, **extra)


def test_a_second_result_for_the_same_period_updates_the_first(world):
    first, created = record(world, value="57")
    again, created_again = record(world, value="58.5")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and Measurement.objects.get().value == Decimal("58.5")


def test_only_the_neighbourhoods_team_records_its_measurements(world):
    for person in ("worker_a2", "manager", "worker_b", "director"):
        with pytest.raises(PermissionDenied):
            record(world, person=person)


def test_community_defined_indicators_sit_beside_national_ones(world):
    lead = world["people"]["lead"]
    indicator = services.indicator_define(
        actor=lead,
        team=world["teams"]["a1"],
        name="Children using the play street each week",
        definition="Counted by volunteers on the street on Saturdays.",
        unit="count",
        direction="higher",
    )
    assert indicator.source == "community" and indicator.team == world["teams"]["a1"]
    with pytest.raises(PermissionDenied):
        services.indicator_define(
            actor=world["people"]["worker"], team=world["teams"]["a1"], name="x", definition="x",
            unit="count", direction="higher",
        )  # fmt: skip
    with pytest.raises(ValidationError, match="another team's community"):
        services.measurement_record(
            actor=world["people"]["worker_a2"],
            indicator=indicator,
            neighbourhood=world["hoods"]["a2"],
            period_start=D(2025, 1, 1),
            period_end=D(2025, 1, 31),
            value=Decimal(12),
            source="volunteers' count",
        )


# Freezing a baseline ---------------------------------------------------------------------------------


def test_a_signed_off_baseline_keeps_its_values_when_the_records_change(world):
    hood, lead = world["hoods"]["a1"], world["people"]["lead"]
    hood.population_entered = 2000
    hood.save()
    record(world, value="57")
    for group in GroupFactory.create_batch(3, team=hood.team):
        group.neighbourhoods.add(hood)
    baseline = hood_services.baseline_take(
        actor=lead,
        neighbourhood=hood,
        taken_on=D(2025, 4, 1),
        options={"indicators": ["cls-belong", "group-density"]},
    )
    hood_services.baseline_sign_off(actor=lead, baseline=baseline)
    frozen = baseline_values(baseline)
    assert frozen["cls-belong"].value == Decimal("57")
    assert frozen["group-density"].value == Decimal("1.50")  # 3 groups for 2,000 residents
    assert set(baseline.snapshot["indicators"]) == {"cls-belong", "group-density"}

    # Later: a corrected survey result, three more groups, a new population estimate.
    record(world, value="64")
    for group in GroupFactory.create_batch(3, team=hood.team):
        group.neighbourhoods.add(hood)
    hood.population_entered = 1000
    hood.save()

    baseline.refresh_from_db()
    assert baseline_values(baseline) == frozen
    rows = {row.indicator.code: row for row in neighbourhood_outcomes(hood, today=D(2025, 6, 1))}
    assert rows["cls-belong"].baseline.value == Decimal("57")
    assert rows["cls-belong"].latest.value == Decimal("64")
    assert rows["group-density"].baseline.value == Decimal("1.50")
    assert rows["group-density"].latest.value == Decimal("6.00")


def test_with_no_choice_a_baseline_freezes_computed_and_measured_indicators(world):
    hood = world["hoods"]["a1"]
    record(world, value="57")
    baseline = hood_services.baseline_take(
        actor=world["people"]["lead"], neighbourhood=hood, taken_on=D(2025, 4, 1)
    )
    assert set(baseline.snapshot["indicators"]) == {"cls-belong", *COMPUTED}


# Group outcomes: the Wrexham counts -------------------------------------------------------------------

WREXHAM = {
    OutcomeCategory.MUTUAL_AID: 30,
    OutcomeCategory.SERVICES_TO_OTHERS: 25,
    OutcomeCategory.PARTICIPATION: 23,
    OutcomeCategory.FUNDRAISING: 22,
    OutcomeCategory.INFLUENCE_AUTHORITIES: 17,
    OutcomeCategory.STIMULATING: 15,
    OutcomeCategory.ADDITIONAL_GROUPS: 11,
    OutcomeCategory.INFLUENCE_POLICIES: 11,
}


def test_the_wrexham_outcome_counts_come_from_the_records(world):
    worker, team = world["people"]["worker"], world["teams"]["a1"]
    groups = GroupFactory.create_batch(39, team=team, support_intensity=SupportIntensity.INTENSIVE)
    for category, count in WREXHAM.items():
        # Spread each category over different groups; the first group also gets a second mutual-aid
        # outcome, which must not count twice.
        for i in range(count):
            group = groups[(i * 7 + len(category)) % 39]
            services.group_outcome_record(
                actor=worker, group=group, category=category, achieved_on=D(2024, 6, 1), evidence="Minutes."
            )
    # Make sure every one of the 39 groups achieved something.
    for group in groups:
        if not group.outcomes.exists():
            services.group_outcome_record(
                actor=worker, group=group, category=OutcomeCategory.MUTUAL_AID, achieved_on=D(2024, 6, 1),
                evidence="Minutes.",
            )  # fmt: skip
    counts = group_outcome_counts(group_outcomes_for_user(world["people"]["manager"]))
    expected_mutual_aid = len({g.pk for g in groups if g.outcomes.filter(category="mutual_aid").exists()})
    assert counts.groups == 39
    assert counts.by_category[OutcomeCategory.MUTUAL_AID] == expected_mutual_aid
    for category, count in WREXHAM.items():
        if category != OutcomeCategory.MUTUAL_AID:
            assert counts.by_category[category] == count, category
    # Another region sees none of it.
    assert group_outcome_counts(group_outcomes_for_user(world["people"]["worker_b"])).groups == 0


def test_group_outcomes_in_the_future_or_from_another_team_are_refused(world):
    group = GroupFactory(team=world["teams"]["a1"])
    with pytest.raises(ValidationError, match="in the future"):
        services.group_outcome_record(
            actor=world["people"]["worker"], group=group, category="fundraising",
            achieved_on=D(2099, 1, 1), evidence="x",
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.group_outcome_record(
            actor=world["people"]["worker_a2"], group=group, category="fundraising",
            achieved_on=D(2024, 1, 1), evidence="x",
        )  # fmt: skip


# Computed indicators ---------------------------------------------------------------------------------


def test_every_seeded_computed_indicator_has_a_calculation(db):
    seeded = set(Indicator.objects.filter(computed=True).values_list("code", flat=True))
    assert seeded == {row[0] for row in COMPUTED_INDICATORS} == set(FUNCTIONS)
    assert Indicator.objects.filter(source="cls").count() == 10
    isolated = Indicator.objects.get(code="cls-isolated")
    assert (isolated.direction, isolated.reference_least_deprived, isolated.reference_most_deprived) == (
        "lower",
        Decimal("6.00"),
        Decimal("14.00"),
    )


# Targets --------------------------------------------------------------------------------------------


def test_targets_are_read_against_the_latest_value(world):
    lead, hood = world["people"]["lead"], world["hoods"]["a1"]
    programme = work_programme_save(
        actor=lead, team=hood.team, name="2025", start=JAN, end=NEXT_JAN, neighbourhoods=[hood],
        planned_hours=Decimal(400),
    )  # fmt: skip
    target = services.target_set(
        actor=lead, work_programme=programme, indicator=_cls("cls-isolated"), neighbourhood=hood,
        baseline_value=Decimal(14), baseline_on=JAN, target_value=Decimal(8), target_on=NEXT_JAN,
    )  # fmt: skip
    record(world, code="cls-isolated", value="12", end=D(2025, 6, 30))
    rows = {r.indicator.code: r for r in neighbourhood_outcomes(hood, today=D(2025, 7, 15))}
    assert rows["cls-isolated"].targets[0].target == target
    assert rows["cls-isolated"].targets[0].progress.reading == Reading.BEHIND
    record(world, code="cls-isolated", value="10", end=D(2025, 7, 14))
    rows = {r.indicator.code: r for r in neighbourhood_outcomes(hood, today=D(2025, 7, 15))}
    assert rows["cls-isolated"].targets[0].progress.reading == Reading.ON_TRACK
    with pytest.raises(PermissionDenied):
        services.target_set(
            actor=world["people"]["worker"], work_programme=programme, indicator=_cls(), neighbourhood=hood,
            baseline_value=Decimal(50), baseline_on=JAN, target_value=Decimal(60), target_on=NEXT_JAN,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="between the baseline and the target"):
        services.target_set(
            actor=lead, work_programme=programme, indicator=_cls(), neighbourhood=hood,
            baseline_value=Decimal(50), baseline_on=JAN, target_value=Decimal(60), target_on=NEXT_JAN,
            milestones=[(D(2027, 1, 1), Decimal(55))],
        )  # fmt: skip
