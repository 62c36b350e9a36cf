"""One rule, one message: the survey form, the API and the CSV import all apply outcomes.rules, so the
same bad measurement is refused with the same message on the same field wherever it was typed."""

import datetime
import io

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from coprod.outcomes import rules, services
from coprod.outcomes.imports import measurements_import
from coprod.outcomes.models import Indicator, Measurement

NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=31)
BASE = {
    "indicator": "cls-belong",  # a Community Life Survey item, in percent
    "period_start": "2025-03-01",
    "period_end": "2025-03-31",
    "value": "57",
    "sample_size": "120",
    "method": "",
    "source": "Spring survey",
}

BROKEN = [
    ({"period_start": "2025-03-31", "period_end": "2025-03-01"}, "period_end", rules.PERIOD),
    (
        {"period_start": timezone.localdate().isoformat(), "period_end": NEXT_MONTH.isoformat()},
        "period_end",
        rules.FUTURE.format(day=NEXT_MONTH),
    ),
    ({"value": "150"}, "value", rules.PERCENT.format(value="150")),
    ({"value": "-5"}, "value", rules.PERCENT.format(value="-5")),
    ({"value": "100.5"}, "value", rules.PERCENT.format(value="100.5")),
    ({"sample_size": ""}, "sample_size", rules.SURVEY_SAMPLE),
    ({"sample_size": "0"}, "sample_size", rules.SAMPLE_SIZE),
    ({"sample_size": "-3"}, "sample_size", rules.SAMPLE_SIZE),
]


def refused_everywhere(client, world, values: dict, indicator, field: str, message: str) -> None:
    """The page, the API and the import each refuse these values on `field` with `message`, and
    nothing is saved."""
    worker, hood = world["people"]["worker"], world["hoods"]["a1"]
    client.force_login(worker)
    page = client.post(
        f"/neighbourhoods/{hood.slug}/outcomes/results/new/", {**values, "indicator": indicator.pk}
    )
    assert page.status_code == 400
    assert page.context["form"].errors[field] == [message]

    api = APIClient()
    api.force_authenticate(worker)
    body = {**values, "neighbourhood": hood.slug, "sample_size": values["sample_size"] or None}
    response = api.post("/api/v1/measurements/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()[field] == [message]

    columns = ["neighbourhood", *BASE]
    row = {**values, "neighbourhood": hood.name}
    source = io.BytesIO((",".join(columns) + "\n" + ",".join(row[c] for c in columns) + "\n").encode())
    summary = measurements_import(actor=worker, team=hood.team, source=source)
    assert (summary.created, summary.updated, summary.rejected) == (0, 0, 1)
    error = summary.errors[0]
    assert (error.line, error.column, error.reason) == (2, field, message)
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("bad, field, message", BROKEN)
def test_the_form_the_api_and_the_import_refuse_a_value_with_the_same_message(
    client, world, bad, field, message
):
    values = {**BASE, **bad}
    indicator = Indicator.objects.get(code=values["indicator"])
    refused_everywhere(client, world, values, indicator, field, message)


def test_a_good_measurement_is_recorded_by_each_channel(client, world):
    """The base values break no rule, so each refusal above is the bad value's alone."""
    worker, hood = world["people"]["worker"], world["hoods"]["a1"]
    indicator = Indicator.objects.get(code="cls-belong")
    client.force_login(worker)
    page = client.post(
        f"/neighbourhoods/{hood.slug}/outcomes/results/new/", {**BASE, "indicator": indicator.pk}
    )
    assert page.status_code == 302
    api = APIClient()
    api.force_authenticate(worker)
    body = {**BASE, "neighbourhood": hood.slug, "period_start": "2025-04-01", "period_end": "2025-04-30"}
    assert api.post("/api/v1/measurements/", body, format="json").status_code == 201
    columns = ["neighbourhood", *BASE]
    row = {**BASE, "neighbourhood": hood.name, "period_start": "2025-05-01", "period_end": "2025-05-31"}
    source = io.BytesIO((",".join(columns) + "\n" + ",".join(row[c] for c in columns) + "\n").encode())
    assert measurements_import(actor=worker, team=hood.team, source=source).created == 1
    assert Measurement.objects.count() == 3


@pytest.fixture
def volunteers_counted(world):
    """A community-defined count: not a survey, so a sample size is optional."""
    return services.indicator_define(
        actor=world["people"]["lead"],
        team=world["teams"]["a1"],
        name="Volunteers at the summer fair",
        definition="People who helped run it, counted on the day.",
        unit="count",
        direction="higher",
    )


@pytest.mark.parametrize(
    "bad, field, message",
    [
        ({"value": "-2"}, "value", rules.NEGATIVE.format(value="-2", unit="count")),
        # The API alone used to record a sample of nobody for an indicator that is not a survey.
        ({"sample_size": "0"}, "sample_size", rules.SAMPLE_SIZE),
    ],
)
def test_a_community_indicator_is_judged_by_the_same_rules_everywhere(
    client, world, volunteers_counted, bad, field, message
):
    values = {**BASE, "indicator": volunteers_counted.code, "value": "40", "sample_size": "", **bad}
    refused_everywhere(client, world, values, volunteers_counted, field, message)
