"""The neighbourhood's outcome form pages save through their services and say what they did."""

import datetime
from decimal import Decimal

from django.contrib.messages import get_messages

from coprod.engagements.services import work_programme_save
from coprod.outcomes.models import Indicator, Measurement, ResidentInvolvement, Story, Target


def said(response) -> str:
    """The message a page left for the next one to show (the latest, as the earlier ones were not
    shown: the test does not follow the redirects)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_each_page_saves_and_says_so_then_goes_back_to_the_outcomes(client, world):
    lead, hood = world["people"]["lead"], world["hoods"]["a1"]
    client.force_login(lead)
    back = f"/neighbourhoods/{hood.slug}/outcomes/"
    belong = Indicator.objects.get(code="cls-belong")
    result = {
        "indicator": belong.pk, "period_start": "2025-01-01", "period_end": "2025-03-31", "value": "61",
        "source": "Door-to-door survey", "sample_size": "120", "method": "door_to_door",
    }  # fmt: skip
    first = client.post(f"{back}results/new/", result)
    assert (first.status_code, first.url) == (302, back)
    assert said(first) == "Result recorded."
    again = client.post(f"{back}results/new/", {**result, "value": "63"})
    assert said(again) == "Result for that period updated."
    assert Measurement.objects.get().value == Decimal("63")

    programme = work_programme_save(
        actor=lead, team=hood.team, name="Belonging", start=datetime.date(2025, 1, 1),
        end=datetime.date(2027, 3, 31), planned_hours=Decimal(100),
    )  # fmt: skip
    target = client.post(
        f"{back}targets/new/",
        {
            "work_programme": programme.pk, "indicator": belong.pk, "baseline_value": "61",
            "baseline_on": "2025-03-31", "target_value": "70", "target_on": "2027-03-31",
        },
    )  # fmt: skip
    assert said(target) == "Target set." and Target.objects.filter(neighbourhood=hood).exists()

    involvement = client.post(
        f"{back}involvement/new/",
        {
            "period_start": "2025-01-01", "period_end": "2025-03-31", "intensive": "4", "regular": "12",
            "occasional": "30", "service_users": "200",
        },
    )  # fmt: skip
    assert said(involvement) == "Resident involvement recorded."
    assert ResidentInvolvement.objects.get(neighbourhood=hood).regular == 12

    story = client.post(
        f"{back}stories/new/", {"title": "The pantry opens", "told_on": "2025-03-01", "body": "It opened."}
    )
    assert said(story) == "Story saved." and Story.objects.get().title == "The pantry opens"
