"""A contact's fields are declared once (engagements.fields) and every door takes them from there."""

from coprod.core.values import keys_of
from coprod.engagements import fields, imports
from coprod.engagements.api.serializers import EngagementSerializer
from coprod.engagements.forms import EngagementForm
from coprod.engagements.models import Engagement
from tests.field_specs import undeclared_fields

# Fields people do not set through the log's doors: the key and the stamps, and the phone's
# idempotency key (sent by the quick log and the API, never shown).
SYSTEM = {"id", "created_at", "updated_at", "idempotency_key"}


def test_every_field_of_a_contact_is_declared_once_or_is_the_systems_own():
    repeated, undeclared = undeclared_fields(Engagement, fields.FIELDS, SYSTEM)
    assert (repeated, undeclared) == ([], set()), "a new field needs a line in engagements.fields"


def test_the_form_the_api_the_services_and_the_import_take_the_declaration():
    form = [name for name in EngagementForm.base_fields if name not in SYSTEM]
    assert sorted(form) == sorted(fields.FORM_FIELDS), "the quick-log form and the declaration differ"
    api = EngagementSerializer.Meta.fields
    assert [name for name in api if name not in SYSTEM] == [f.name for f in fields.FIELDS]
    assert {f.name for f in fields.FIELDS if f.value} == fields.SERVICE_FIELDS
    assert keys_of(fields.EngagementValues) == fields.SERVICE_FIELDS
    assert "team" not in fields.SERVICE_FIELDS and "minutes" in fields.SERVICE_FIELDS
    assert [c.name for c in imports.COLUMNS] == [f.name for f in fields.FIELDS if f.header]
    assert {c.name for c in imports.COLUMNS if c.required} == {
        "date",
        "worker",
        "activity_type",
        "dimension",
        "minutes",
    }
