"""A measurement's fields are declared once (outcomes.fields) and every door takes them from there."""

from coprod.core.values import keys_of
from coprod.outcomes import fields, imports
from coprod.outcomes.api.serializers import MeasurementSerializer
from coprod.outcomes.forms import MeasurementForm
from coprod.outcomes.models import Measurement
from tests.field_specs import undeclared_fields

# The key and stamps, and who recorded it (the person acting, never typed).
SYSTEM = {"id", "created_at", "updated_at", "recorded_by"}


def test_every_field_of_a_measurement_is_declared_once_or_is_the_systems_own():
    repeated, undeclared = undeclared_fields(Measurement, fields.FIELDS, SYSTEM)
    assert (repeated, undeclared) == ([], set()), "a new field needs a line in outcomes.fields"


def test_the_form_the_api_the_services_and_the_import_take_the_declaration():
    assert sorted(MeasurementForm.base_fields) == sorted(fields.FORM_FIELDS)
    api = MeasurementSerializer.Meta.fields
    assert [name for name in api if name not in SYSTEM] == [f.name for f in fields.FIELDS]
    assert {
        "period_start",
        "period_end",
        "value",
        "source",
        "sample_size",
        "method",
    } == fields.CHANGED_FIELDS
    assert [c.name for c in imports.COLUMNS] == [f.name for f in fields.FIELDS if f.header]
    assert {c.name for c in imports.COLUMNS if not c.required} == {"sample_size", "method"}
    assert keys_of(fields.MeasurementChanges) == fields.CHANGED_FIELDS
