"""Public bodies (their ODS codes, the import in the NHS ODS shape) and front-line hours, which sit
beside the team's professional hours and never enter them or the volunteer-hour ratio."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from coprod.core.periods import Quarter
from coprod.engagements.selectors import team_figures
from coprod.places import rules
from coprod.places.models import PublicBody
from coprod.publicservices.imports import public_bodies_import
from coprod.publicservices.selectors import frontline_figures, public_bodies_for_user
from coprod.publicservices.services import frontline_hours_record, public_body_save
from tests.places.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
QUARTER = Quarter.containing(TODAY)


@pytest.fixture
def region(world):
    return world["units"]["a"].region


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("primary_care_network", "U12345", None),
        ("primary_care_network", "M85001", rules.ODS_KIND["primary_care_network"]),
        ("gp_practice", "M85001", None),
        ("gp_practice", "M8500", rules.ODS_KIND["gp_practice"]),
        ("council_department", "u1", rules.ODS),
        ("council_department", "", None),
    ],
)
def test_ods_codes_by_kind(world, region, kind, code, message):
    manager = world["people"]["manager"]
    if message is None:
        body = public_body_save(actor=manager, region=region, kind=kind, name="A body", ods_code=code)
        assert body.pk
    else:
        with pytest.raises(ValidationError) as excinfo:
            public_body_save(actor=manager, region=region, kind=kind, name="A body", ods_code=code)
        assert excinfo.value.message_dict["ods_code"] == [message]


def test_only_the_regions_managers_keep_its_bodies_and_others_do_not_see_them(world, region):
    with pytest.raises(PermissionDenied):
        public_body_save(actor=world["people"]["lead"], region=region, kind="school", name="School")
    body = public_body_save(actor=world["people"]["manager"], region=region, kind="school", name="School")
    assert body in public_bodies_for_user(world["people"]["worker"])  # read across the region
    assert body not in public_bodies_for_user(world["people"]["worker_b"])


def test_front_line_hours_stay_out_of_the_teams_own_hours_and_ratio(world, region):
    from coprod.engagements.models import ActivityType
    from coprod.engagements.services import engagement_log

    team, worker, hood = world["teams"]["a1"], world["people"]["worker"], world["hoods"]["a1"]
    engagement_log(
        worker=worker, team=team, date=QUARTER.start, neighbourhood=hood, dimension="groups", minutes=90,
        activity_type=ActivityType.objects.get(slug="outreach"),
    )  # fmt: skip
    before = team_figures([team.pk], by=None, start=QUARTER.start, end=QUARTER.end).ratios[None]
    police = public_body_save(
        actor=world["people"]["manager"], region=region, kind="police_neighbourhood_team", name="Eston police"
    )
    frontline_hours_record(
        actor=worker, team=team, public_body=police, role="PCSO", neighbourhood=hood,
        period_start=QUARTER.start, period_end=QUARTER.end, hours=Decimal("40.5"),
    )  # fmt: skip
    after = team_figures([team.pk], by=None, start=QUARTER.start, end=QUARTER.end).ratios[None]
    assert after == before and after.professional_hours == Decimal("1.5")
    figures = frontline_figures([team.pk], start=QUARTER.start, end=QUARTER.end)
    assert figures.by_body == [("Eston police", "Police neighbourhood team", Decimal("40.5"))]
    assert (figures.hours, figures.professional_hours) == (Decimal("40.5"), Decimal("1.5"))


def test_a_body_of_another_region_cannot_be_named(world, region):
    other = world["units"]["b"].region
    far = public_body_save(actor=None, region=other, kind="school", name="Far school")
    with pytest.raises(ValidationError) as excinfo:
        frontline_hours_record(
            actor=world["people"]["worker"], team=world["teams"]["a1"], public_body=far, role="Teacher",
            period_start=QUARTER.start, period_end=QUARTER.start, hours=Decimal(2),
        )  # fmt: skip
    assert "public_body" in excinfo.value.message_dict


def test_a_body_that_hours_rest_on_is_not_removed(world, region):
    manager = world["people"]["manager"]
    body = public_body_save(actor=manager, region=region, kind="housing_provider", name="Housing")
    frontline_hours_record(
        actor=world["people"]["worker"], team=world["teams"]["a1"], public_body=body, role="Officer",
        period_start=QUARTER.start, period_end=QUARTER.start, hours=Decimal(3),
    )  # fmt: skip
    api = APIClient()
    api.force_authenticate(manager)
    response = api.delete(f"/api/v1/public-bodies/{body.pk}/")
    assert response.status_code == 400
    assert "rest on this body" in str(response.json())
    assert PublicBody.objects.filter(pk=body.pk).exists()


def test_the_import_in_the_ods_shape_keeps_every_valid_row_and_reports_the_rest(world, region):
    stoke = LocalAuthorityFactory(region=region, code="E06000021", name="Stoke-on-Trent")
    text = (
        "PCN Code,PCN Name,Areas,Practices\n"
        "U12345,North Stoke PCN,E06000021,M85001;M85002\n"
        "U23456,South Stoke PCN,Stoke-on-Trent\n"
        "12345,Bad code PCN,\n"
        "U34567,Far PCN,Middlesbrough\n"
        "U12345,North Stoke again,\n"
    )
    summary = public_bodies_import(source=io.BytesIO(text.encode()), region=region)
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    assert [(e.line, e.column, e.value) for e in summary.errors] == [
        (4, "PCN Code", "12345"), (5, "Areas", "Middlesbrough"), (6, "PCN Code", "U12345"),
    ]  # fmt: skip
    assert summary.errors[0].reason == rules.ODS_KIND["primary_care_network"]
    assert "Practices" in summary.warnings[0]  # a column not imported is said so
    north = PublicBody.objects.get(ods_code="U12345")
    assert (north.name, north.kind, list(north.authorities.all())) == (
        "North Stoke PCN", "primary_care_network", [stoke],
    )  # fmt: skip
    again = public_bodies_import(source=io.BytesIO(text.encode()), region=region)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 3)
    renamed = text.replace("South Stoke PCN", "Stoke South PCN")
    third = public_bodies_import(source=io.BytesIO(renamed.encode()), region=region)
    assert (third.created, third.updated) == (0, 1)
    assert PublicBody.objects.get(ods_code="U23456").name == "Stoke South PCN"
