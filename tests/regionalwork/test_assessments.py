"""Impact assessments: frozen once signed off, refused at sign-off while a negative effect has no
mitigation, superseded by a new one; sign-off is the unit managers'; another region's plans are 404."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from coprod.regionalwork.models import ImpactAssessment
from coprod.regionalwork.selectors import current_assessments
from coprod.regionalwork.services import assessment_save, assessment_sign_off, assessment_supersede


@pytest.fixture
def draft(world, plan):
    return assessment_save(
        actor=world["people"]["manager"], plan=plan, neighbourhood=world["hoods"]["a1"],
        jobs_income="positive", services="negative", services_mitigation="A new surgery in the first phase",
        evidence="Residents' survey, 2026",
    )  # fmt: skip


def test_a_signed_off_assessment_cannot_be_changed_by_later_edits(world, draft):
    manager = world["people"]["manager"]
    signed = assessment_sign_off(actor=manager, assessment=draft)
    assert signed.signed_off_by == manager and signed.signed_off_at is not None
    with pytest.raises(ValidationError, match="signed off and frozen"):
        assessment_save(actor=manager, assessment=signed, services="positive")
    # Nor by a save that skips the service (the admin, a script): the model refuses it too.
    signed.services = "positive"
    with pytest.raises(ValidationError, match="signed off and frozen"):
        signed.save()
    # Nor through the API.
    client = APIClient()
    client.force_authenticate(manager)
    answer = client.patch(f"/api/v1/impact-assessments/{signed.pk}/", {"services": "positive"}, format="json")
    assert answer.status_code == 400 and "frozen" in str(answer.json())
    stored = ImpactAssessment.objects.get(pk=signed.pk)
    assert (stored.services, stored.services_mitigation) == ("negative", "A new surgery in the first phase")


def test_a_new_assessment_supersedes_a_signed_off_one(world, draft):
    manager = world["people"]["manager"]
    assessment_sign_off(actor=manager, assessment=draft)
    new = assessment_supersede(actor=manager, assessment=draft, environment="negative")
    assert new.supersedes_id == draft.pk and new.signed_off_at is None
    assert (new.services_mitigation, new.evidence) == (draft.services_mitigation, draft.evidence)
    assert list(current_assessments(draft.plan)) == [new]
    with pytest.raises(ValidationError, match="supersedes this one already"):
        assessment_supersede(actor=manager, assessment=draft)
    # The new one has a negative effect with no mitigation: its sign-off is refused, naming the side.
    with pytest.raises(ValidationError) as refused:
        assessment_sign_off(actor=manager, assessment=new)
    assert "environment" in str(refused.value.message_dict)
    assert ImpactAssessment.objects.get(pk=new.pk).signed_off_at is None


def test_a_negative_effect_without_mitigation_is_refused_at_sign_off(world, plan):
    manager = world["people"]["manager"]
    draft = assessment_save(
        actor=manager, plan=plan, neighbourhood=world["hoods"]["a2"], jobs_income="negative",
        community_infrastructure="negative", community_infrastructure_mitigation="   ",
    )  # fmt: skip
    client = APIClient()
    client.force_authenticate(manager)
    body = client.get(f"/api/v1/impact-assessments/{draft.pk}/").json()
    assert body["unmitigated"] == ["jobs_income", "community_infrastructure"]
    answer = client.post(f"/api/v1/impact-assessments/{draft.pk}/sign-off/")
    assert answer.status_code == 400
    assert set(answer.json()) == {"jobs_income_mitigation", "community_infrastructure_mitigation"}
    assert ImpactAssessment.objects.get(pk=draft.pk).signed_off_at is None
    client.patch(
        f"/api/v1/impact-assessments/{draft.pk}/",
        {"jobs_income_mitigation": "Local hiring", "community_infrastructure_mitigation": "Keep the hall"},
        format="json",
    )
    assert client.post(f"/api/v1/impact-assessments/{draft.pk}/sign-off/").json()["signed_off"] is True


def test_a_team_lead_cannot_sign_off(world, draft):
    with pytest.raises(PermissionDenied, match="region's unit managers"):
        assessment_sign_off(actor=world["people"]["lead"], assessment=draft)
    client = APIClient()
    client.force_authenticate(world["people"]["lead"])
    assert client.get(f"/api/v1/impact-assessments/{draft.pk}/").status_code == 200  # read across the region
    assert client.post(f"/api/v1/impact-assessments/{draft.pk}/sign-off/").status_code == 403
    client.force_authenticate(world["people"]["director"])
    assert client.post(f"/api/v1/impact-assessments/{draft.pk}/sign-off/").status_code == 403
    assert ImpactAssessment.objects.get(pk=draft.pk).signed_off_at is None


def test_another_regions_plans_are_not_there(world, plan, draft):
    client = APIClient()
    client.force_authenticate(world["people"]["worker_b"])
    assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 404
    assert client.get(f"/api/v1/impact-assessments/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/plans/").json()["results"] == []
    assert client.post(f"/api/v1/impact-assessments/{draft.pk}/sign-off/").status_code == 404
    client.force_authenticate(world["people"]["worker"])
    assert [p["id"] for p in client.get("/api/v1/plans/").json()["results"]] == [plan.pk]


def test_an_assessment_is_of_a_neighbourhood_the_plan_touches(world, plan):
    with pytest.raises(ValidationError, match="neighbourhood the plan touches"):
        assessment_save(actor=world["people"]["manager"], plan=plan, neighbourhood=world["hoods"]["b1"])
