"""A group's fields are declared once (groups.fields) and every door takes them from there."""

from coprod.core.values import keys_of
from coprod.groups import exports, fields, imports
from coprod.groups.api.serializers import CommunityGroupSerializer
from coprod.groups.forms import GroupForm
from coprod.groups.models import CommunityGroup
from tests.field_specs import undeclared_fields

# Fields people do not set through the directory's doors: the key and stamps, the team (chosen once,
# apart), the authority (derived from the base LSOA or the team) and the search text (derived).
SYSTEM = {"id", "created_at", "updated_at", "team", "local_authority", "search_name"}


def test_every_field_of_a_group_is_declared_once_or_is_the_systems_own():
    repeated, undeclared = undeclared_fields(CommunityGroup, fields.FIELDS, SYSTEM)
    assert (repeated, undeclared) == ([], set()), "a new field needs a line in groups.fields"


def test_the_form_the_api_the_services_the_import_and_the_export_take_the_declaration():
    assert list(GroupForm._meta.fields) == [f.name for f in fields.FIELDS if f.form]
    api = CommunityGroupSerializer.Meta.fields
    assert [name for name in api if name in fields.API_FIELDS] == [f.name for f in fields.FIELDS]
    assert {f.name for f in fields.FIELDS} - {"areas_of_work", "neighbourhoods"} == fields.SERVICE_FIELDS
    assert keys_of(fields.GroupValues) == fields.SERVICE_FIELDS
    assert [c.name for c in imports.COLUMNS] == [f.name for f in fields.FIELDS if f.header]
    titles = [title for _, title in exports.CSV_COLUMNS]
    assert titles[0] == "Organisation identifier" and titles[-1] == "Team"
    assert set(titles[:-1]) == {f.export for f in fields.FIELDS if f.export}
