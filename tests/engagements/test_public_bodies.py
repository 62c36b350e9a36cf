"""A contact's partners name the public bodies now kept in coprod: through the form, the API and the
import alike, only bodies of the team's region; and the data migration links existing contacts'
partner kinds to the one body of that kind their team can name, leaving the rest as they were."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from coprod.engagements.imports import engagements_import
from coprod.engagements.models import ActivityType, Engagement
from coprod.engagements.services import engagement_log, engagement_update
from coprod.places.models import PublicBody
from tests.places.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def bodies(world):
    region = world["units"]["a"].region
    home = world["teams"]["a1"].host_authority
    elsewhere = LocalAuthorityFactory(region=region)
    return {
        "police": PublicBody.objects.create(
            region=region, kind="police_neighbourhood_team", name="Bentilee SNT"
        ),
        "pcn": PublicBody.objects.create(
            region=region, kind="primary_care_network", name="Hanley PCN", ods_code="U12345"
        ),
        "far_pcn": PublicBody.objects.create(region=region, kind="primary_care_network", name="Far PCN"),
        "other_region": PublicBody.objects.create(
            region=world["units"]["b"].region, kind="police_neighbourhood_team", name="Other SNT"
        ),
        "home": home,
        "elsewhere": elsewhere,
    }


def _values(**more):
    return {
        "activity_type": ActivityType.objects.get(slug="outreach"),
        "dimension": "groups",
        "minutes": 60,
        "date": TODAY,
        **more,
    }


def test_the_service_names_bodies_of_the_teams_region_only(world, bodies):
    worker, team = world["people"]["worker"], world["teams"]["a1"]
    contact, _ = engagement_log(worker=worker, team=team, public_bodies=[bodies["police"]], **_values())
    assert list(contact.public_bodies.all()) == [bodies["police"]]
    with pytest.raises(ValidationError) as refused:
        engagement_log(worker=worker, team=team, public_bodies=[bodies["other_region"]], **_values())
    assert "Not a public body of" in str(refused.value) and "Other SNT" in str(refused.value)
    engagement_update(actor=worker, engagement=contact, public_bodies=[bodies["pcn"]])
    assert list(contact.public_bodies.all()) == [bodies["pcn"]]


def test_the_form_offers_the_bodies_serving_the_teams_area(client, world, bodies):
    bodies["far_pcn"].authorities.set([bodies["elsewhere"]])  # serves another authority only
    bodies["pcn"].authorities.set([bodies["home"]])
    client.force_login(world["people"]["worker"])
    page = client.get("/log/new/").content.decode()
    assert "Bentilee SNT" in page and "Hanley PCN" in page
    assert "Far PCN" not in page and "Other SNT" not in page


def test_the_api_takes_and_shows_bodies_and_refuses_another_regions(world, bodies):
    api = APIClient()
    api.force_authenticate(world["people"]["worker"])
    body = {
        "team": world["teams"]["a1"].slug,
        "activity_type": "outreach",
        "dimension": "groups",
        "minutes": 30,
    }
    made = api.post("/api/v1/engagements/", {**body, "public_bodies": [bodies["pcn"].pk]}, format="json")
    assert made.status_code == 201 and made.json()["public_bodies"] == [bodies["pcn"].pk]
    refused = api.post(
        "/api/v1/engagements/", {**body, "public_bodies": [bodies["other_region"].pk]}, format="json"
    )
    assert refused.status_code == 400 and "public_bodies" in refused.json()


def test_the_import_names_bodies_by_name_or_ods_code(world, bodies):
    """The services' rule, as the API has it: any body of the team's region, even one serving another
    of its authorities (the quick log offers only those serving the team's area)."""
    bodies["far_pcn"].authorities.set([bodies["elsewhere"]])
    worker = world["people"]["worker"]
    text = (
        "date,worker,activity type,dimension,minutes,public bodies\n"
        f"{TODAY},{worker.username},outreach,groups,30,U12345; Bentilee SNT\n"
        f"{TODAY},{worker.username},outreach,groups,45,Other SNT\n"
        f"{TODAY},{worker.username},outreach,groups,50,Far PCN\n"
    )
    summary = engagements_import(actor=None, team=world["teams"]["a1"], source=io.StringIO(text))
    assert (summary.created, summary.rejected) == (2, 1)
    (error,) = summary.errors
    assert (error.line, error.column, error.value) == (3, "public bodies", "Other SNT")
    assert "public body of the team's region" in error.reason
    assert list(Engagement.objects.get(minutes=50).public_bodies.all()) == [bodies["far_pcn"]]
    contact = Engagement.objects.get(minutes=30)
    assert set(contact.public_bodies.all()) == {bodies["pcn"], bodies["police"]}


def test_the_data_migration_links_partner_kinds_to_the_one_body_of_that_kind(world, bodies):
    migration = importlib.import_module("coprod.engagements.migrations.0011_partners_to_public_bodies")
    worker, team = world["people"]["worker"], world["teams"]["a1"]
    police_and_gp, _ = engagement_log(
        worker=worker, team=team, **_values(partners=["police", "primary_care_network"])
    )
    business, _ = engagement_log(worker=worker, team=team, **_values(partners=["business"]))
    none, _ = engagement_log(worker=worker, team=team, **_values())
    b_worker, b_team = world["people"]["worker_b"], world["teams"]["b1"]
    other, _ = engagement_log(worker=b_worker, team=b_team, **_values(partners=["police"]))
    before = list(Engagement.objects.order_by("pk").values_list("pk", "partners"))

    migration.link_partners(apps, None)

    # Two primary care networks serve the whole region: which one is not known, so none is linked.
    assert list(police_and_gp.public_bodies.all()) == [bodies["police"]]
    assert not business.public_bodies.exists() and not none.public_bodies.exists()
    assert list(other.public_bodies.all()) == [bodies["other_region"]]
    assert list(Engagement.objects.order_by("pk").values_list("pk", "partners")) == before  # nothing lost

    bodies["far_pcn"].authorities.set([bodies["elsewhere"]])  # now one network serves the team's area
    migration.link_partners(apps, None)  # and a second run adds only what is new
    assert set(police_and_gp.public_bodies.all()) == {bodies["police"], bodies["pcn"]}
    assert Engagement.public_bodies.through.objects.count() == 3
