"""Exports of the directory: CSV for the team's own use and HSDS JSON for publishing.

Both take a queryset the caller has already scoped with groups_for_user and filtered. Personal data
(contact details and notes about people) appears only in the CSV, only when a team lead asks for it,
and only for their own team's groups. Groups that asked to be anonymous are anonymous in everything
published (HSDS) and, in the CSV, to anyone outside their team.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from coprod.core.csvsafe import csv_lines
from coprod.core.hsds import Ids, compact
from coprod.groups.fields import EXPORTED
from coprod.groups.models import CommunityGroup, GroupContact
from coprod.units.selectors import UserLike, led_teams, own_teams

ANONYMOUS = "Anonymous group"
CSV_COLUMNS = [*EXPORTED, ("team_name", "Team")]  # groups.fields, and the team
PERSONAL_COLUMNS = [("contact_details", "Contacts"), ("notes", "Notes")]
# Identifying fields blanked when a group is shown anonymously.
IDENTIFYING = {"org_identifier", "other_names", "charity_number", "company_number", "base_postcode"}


# Groups read from the database at a time by a streamed export, with their lists.
CHUNK = 500


def _prefetched(groups: QuerySet[CommunityGroup]) -> QuerySet[CommunityGroup]:
    return groups.select_related("team").prefetch_related(
        "areas_of_work",
        "neighbourhoods",
        Prefetch("contacts", queryset=GroupContact.objects.order_by("name")),
    )


def _value(group: CommunityGroup, field: str):
    if field == "areas":
        return "; ".join(a.name for a in group.areas_of_work.all())
    if field == "neighbourhood_names":
        return "; ".join(n.name for n in group.neighbourhoods.all())
    if field == "team_name":
        return group.team.name
    if field == "other_names":
        return "; ".join(group.other_names.splitlines())
    if field == "contact_details":
        return "; ".join(
            ", ".join(x for x in (c.name, c.role, c.email, c.phone) if x) for c in group.contacts.all()
        )
    value = getattr(group, field)
    labels = CHOICE_LABELS.get(field)
    return labels.get(value, value) if labels is not None and value else value


# Each choice field's labels, read once: get_FOO_display() rebuilds them for every call.
CHOICE_LABELS = {
    f.name: {k: str(v) for k, v in f.flatchoices} for f in CommunityGroup._meta.concrete_fields if f.choices
}


def groups_csv_lines(
    user: UserLike, groups: QuerySet[CommunityGroup], *, include_personal: bool = False
) -> Iterator[str]:
    """The directory's CSV, line by line, reading CHUNK groups at a time: memory does not grow with
    the number of groups."""
    own = set(own_teams(user).values_list("pk", flat=True))
    personal_teams = set(led_teams(user).values_list("pk", flat=True)) if include_personal else set()
    columns = CSV_COLUMNS + (PERSONAL_COLUMNS if personal_teams else [])
    personal = dict(PERSONAL_COLUMNS)

    def rows() -> Iterator[list]:
        for group in _prefetched(groups).iterator(chunk_size=CHUNK):
            anonymous = group.anonymous_in_publications and group.team_id not in own
            row = []
            for field, _ in columns:
                if field in personal and group.team_id not in personal_teams:
                    row.append("")
                elif anonymous and field == "name":
                    row.append(ANONYMOUS)
                elif anonymous and field in IDENTIFYING:
                    row.append("")
                else:
                    row.append(_value(group, field))
            yield row

    return csv_lines([label for _, label in columns], rows())


def groups_csv(user: UserLike, groups: QuerySet[CommunityGroup], *, include_personal: bool = False) -> str:
    """The directory's CSV as one text (groups_csv_lines, joined)."""
    return "".join(groups_csv_lines(user, groups, include_personal=include_personal))


def split_org_id(org_identifier: str) -> tuple[str, str]:
    """An org-id.guide identifier as (scheme, identifier): GB-CHC-1123456 is ("GB-CHC", "1123456"),
    360G-coprod-42 is ("360G", "coprod-42")."""
    parts = org_identifier.split("-")
    cut = 1 if parts[0] == "360G" else 2
    return "-".join(parts[:cut]), "-".join(parts[cut:])


def hsds_organization(group: CommunityGroup, ids: Ids) -> dict:
    """One group as an HSDS 3 organization, as published: no personal data at all, and nothing that
    identifies a group that asked to be anonymous (core.hsds: its id is fresh in each export)."""
    anonymous = group.anonymous_in_publications
    org_id = ids.of("organization", group.pk, anonymous=anonymous)
    identifiers = []
    if not anonymous:
        held = [("GB-CHC", group.charity_number), ("GB-COH", group.company_number)]
        if group.org_identifier:
            held.append(split_org_id(group.org_identifier))
        for scheme, value in dict.fromkeys((s, v) for s, v in held if v):  # each once, in order
            identifiers.append(
                {
                    "id": ids.of("organization_identifier", f"{group.pk}:{scheme}:{value}"),
                    "organization_id": org_id,
                    "identifier_scheme": scheme,
                    "identifier_type": "registration",
                    "identifier": value,
                }
            )
    return compact(
        {
            "id": org_id,
            "name": ANONYMOUS if anonymous else group.name,
            "alternate_name": None if anonymous else "; ".join(group.other_names.splitlines()),
            "description": "; ".join(a.name for a in group.areas_of_work.all()) or "A community group.",
            "legal_status": CHOICE_LABELS["legal_form"].get(group.legal_form, group.legal_form),
            "year_incorporated": None if anonymous else group.founded_year,
            "tax_id": None if anonymous else group.charity_number,
            "tax_status": "Registered charity" if group.charity_number and not anonymous else None,
            "organization_identifiers": identifiers,
        }
    )


def hsds_organizations(groups: QuerySet[CommunityGroup]) -> list[dict]:
    """Organisations in the Open Referral HSDS 3 shape, as published (hsds_organization)."""
    ids = Ids()
    return [hsds_organization(group, ids) for group in _prefetched(groups)]
