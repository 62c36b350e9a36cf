"""An allocation's fields are declared once (funding.fields) and every door takes them from there."""

from coprod.core.values import keys_of
from coprod.funding import exports, fields, imports
from coprod.funding.api.serializers import AllocationSerializer
from coprod.funding.forms import AllocationForm
from coprod.funding.models import Allocation
from tests.field_specs import undeclared_fields

# The key and stamps, the initiative (the ledger's place of every allocation, chosen apart) and the
# record that keeps an entry (set by that record's own service, never typed).
SYSTEM = {"id", "created_at", "updated_at", "initiative", "kept_by"}


def test_every_field_of_an_allocation_is_declared_once_or_is_the_systems_own():
    repeated, undeclared = undeclared_fields(Allocation, fields.FIELDS, SYSTEM)
    assert (repeated, undeclared) == ([], set()), "a new field needs a line in funding.fields"


def test_the_form_the_api_the_services_the_import_and_the_export_take_the_declaration():
    assert list(AllocationForm.base_fields) == sorted(
        fields.FORM_FIELDS, key=list(AllocationForm.base_fields).index
    )
    assert set(AllocationForm.base_fields) == set(fields.FORM_FIELDS)
    api = [name for name in AllocationSerializer.Meta.fields if name not in SYSTEM]
    assert [name for name in api if not name.startswith("other_teams_")] == [f.name for f in fields.FIELDS]
    assert {f.name for f in fields.FIELDS if f.value} == fields.SERVICE_FIELDS
    assert keys_of(fields.AllocationValues) == fields.SERVICE_FIELDS
    assert "neighbourhoods" not in fields.SERVICE_FIELDS
    # Every 360Giving column a field is filled from is one the grants import reads.
    read = {column.label for column in imports.COLUMNS}
    assert {f.giving for f in fields.FIELDS if f.giving} <= read
    assert set(fields.COMPARED) == {
        "amount", "date", "title", "recipient_name", "recipient_identifier", "grant_programme",
        "recipient_postcode",
    }  # fmt: skip
    assert exports.ALLOCATION_COLUMNS[4:] == [f.export for f in fields.FIELDS]
