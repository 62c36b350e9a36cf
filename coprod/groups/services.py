"""Writes to the group directory: groups, their history, people, links, duplicates, merges, venues.

The HTML forms, the API and the CSV import all come through here, so a rule holds everywhere.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ManyToManyRel, ManyToOneRel, OneToOneRel, Q
from django.utils import timezone

from coprod.core.text import normalise_name
from coprod.core.values import refuse_unknown
from coprod.groups.choices import DuplicateStatus, TrackedField
from coprod.groups.fields import GroupValues
from coprod.groups.models import (
    AreaOfWork,
    CommunityGroup,
    GroupChange,
    GroupContact,
    GroupLink,
    GroupMerge,
    PossibleDuplicate,
    Venue,
    VenueStatusChange,
)
from coprod.groups.policy import GROUP, VENUE
from coprod.groups.rules import normalise_identifiers, normalise_postcode
from coprod.groups.selectors import possible_duplicates_of
from coprod.groups.signals import group_merged
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LSOA
from coprod.units.models import Team
from coprod.units.permissions import as_user
from coprod.units.selectors import UserLike

TRACKED_SINCE = {
    TrackedField.STATUS: "status_since",
    TrackedField.SUPPORT_INTENSITY: "support_intensity_since",
}

# Fields a form, the API or an import may set directly on a group (groups.fields).


def local_identifier() -> str:
    """A new identifier for a group with no registration: the local prefix and a random part."""
    return f"{settings.COPROD_LOCAL_ORG_PREFIX}-{secrets.token_hex(6)}"


def search_name_for(group: CommunityGroup) -> str:
    names = [group.name, *[n for n in group.other_names.splitlines() if n.strip()]]
    return " | ".join(normalise_name(n) for n in names)[:600]


def _check_neighbourhoods(team: Team, neighbourhoods: Iterable[Neighbourhood]) -> list[Neighbourhood]:
    neighbourhoods = list(neighbourhoods)
    outside = [n.name for n in neighbourhoods if n.team_id != team.pk]
    if outside:
        raise ValidationError({"neighbourhoods": f"Not a neighbourhood of {team}: {', '.join(outside)}."})
    return neighbourhoods


def _record_changes(group: CommunityGroup, before: dict, actor: UserLike | None) -> None:
    """Add a history entry for each tracked field whose value changed, dated by its 'since' field."""
    for field, since in TRACKED_SINCE.items():
        value = getattr(group, field)
        if before[field] != value:
            GroupChange.objects.create(
                group=group,
                field=field,
                from_value=before[field],
                value=value,
                on=getattr(group, since),
                recorded_by=as_user(actor),
            )


def _prepare(group: CommunityGroup, values: GroupValues) -> None:
    today = timezone.localdate()
    for key, value in normalise_identifiers(values).items():
        setattr(group, key, value)
    group.status_since = group.status_since or today
    group.support_intensity_since = group.support_intensity_since or today
    if group.base_lsoa_id:
        assert group.base_lsoa is not None
        group.local_authority_id = group.base_lsoa.local_authority_id
    elif group.local_authority_id is None:
        group.local_authority_id = group.team.host_authority_id
    group.search_name = search_name_for(group)


def flag_duplicates(group: CommunityGroup) -> list[PossibleDuplicate]:
    flags = []
    for other, reason in possible_duplicates_of(group):
        flag, _ = PossibleDuplicate.objects.get_or_create(
            group=group, other=other, defaults={"reason": reason}
        )
        flags.append(flag)
    return flags


@transaction.atomic
def group_create(
    *,
    actor: UserLike,
    team: Team,
    areas_of_work: Iterable[AreaOfWork] = (),
    neighbourhoods: Iterable[Neighbourhood] = (),
    **values: Unpack[GroupValues],
) -> CommunityGroup:
    """Add a group to a team's directory; possible duplicates are flagged for review, not refused."""
    GROUP.require("create", actor, team, "add groups to its directory")
    refuse_unknown(values, GroupValues, saying="Unknown fields")
    neighbourhoods = _check_neighbourhoods(team, neighbourhoods)
    group = CommunityGroup(team=team)
    _prepare(group, values)
    group.org_identifier = group.org_identifier or local_identifier()
    group.full_clean()
    group.save()
    group.areas_of_work.set(areas_of_work)
    group.neighbourhoods.set(neighbourhoods)
    flag_duplicates(group)
    return group


@transaction.atomic
def group_update(
    *,
    actor: UserLike,
    group: CommunityGroup,
    areas_of_work: Iterable[AreaOfWork] | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    **values: Unpack[GroupValues],
) -> CommunityGroup:
    """Change a group; a new status or support intensity is added to its dated history."""
    GROUP.require("update", actor, group, "change its groups")
    refuse_unknown(values, GroupValues, saying="These fields cannot be changed here")
    before = {"status": group.status, "support_intensity": group.support_intensity}
    today = timezone.localdate()
    if "status" in values and values["status"] != group.status and "status_since" not in values:
        values["status_since"] = today
    if (
        "support_intensity" in values
        and values["support_intensity"] != group.support_intensity
        and "support_intensity_since" not in values
    ):
        values["support_intensity_since"] = today
    _prepare(group, values)
    group.org_identifier = group.org_identifier or local_identifier()
    group.full_clean()
    group.save()
    if areas_of_work is not None:
        group.areas_of_work.set(areas_of_work)
    if neighbourhoods is not None:
        group.neighbourhoods.set(_check_neighbourhoods(group.team, neighbourhoods))
    _record_changes(group, before, actor)
    return group


@transaction.atomic
def group_delete(*, actor: UserLike, group: CommunityGroup) -> None:
    GROUP.require("delete", actor, group, "remove its groups")
    group.delete()


@transaction.atomic
class ContactValues(TypedDict, total=False):
    name: str
    role: str
    email: str
    phone: str
    notes: str


def contact_add(*, actor: UserLike, group: CommunityGroup, **values: Unpack[ContactValues]) -> GroupContact:
    GROUP.require("update", actor, group, "change its groups' contacts")
    contact = GroupContact(group=group, **values)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_remove(*, actor: UserLike, contact: GroupContact) -> None:
    GROUP.require("update", actor, contact.group, "change its groups' contacts")
    contact.delete()


@transaction.atomic
def link_add(*, actor: UserLike, group: CommunityGroup, kind: str, other: CommunityGroup) -> GroupLink:
    GROUP.require("update", actor, group, "link its groups")
    if other.pk == group.pk:
        raise ValidationError({"other": "A group cannot be linked to itself."})
    link = GroupLink(group=group, kind=kind, other=other)
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def duplicate_dismiss(*, actor: UserLike, flag: PossibleDuplicate) -> PossibleDuplicate:
    """Either group's team may say the two are not the same."""
    if not (GROUP.may("update", actor, flag.group) or GROUP.may("update", actor, flag.other)):
        raise PermissionDenied("Only the teams of these groups can review them.")
    flag.status = DuplicateStatus.DISMISSED
    flag.reviewed_by = as_user(actor)
    flag.reviewed_at = timezone.now()
    flag.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return flag


def _merge_links(survivor: CommunityGroup, merged: CommunityGroup) -> int:
    """Re-point the merged group's links; drop any that would link the survivor to itself or repeat."""
    moved = 0
    for link in GroupLink.objects.filter(Q(group=merged) | Q(other=merged)):
        group_id = survivor.pk if link.group_id == merged.pk else link.group_id
        other_id = survivor.pk if link.other_id == merged.pk else link.other_id
        if (
            group_id == other_id
            or GroupLink.objects.filter(group_id=group_id, kind=link.kind, other_id=other_id).exists()
        ):
            link.delete()
            continue
        link.group_id, link.other_id = group_id, other_id
        link.save()
        moved += 1
    return moved


def _merge_flags(survivor: CommunityGroup, merged: CommunityGroup) -> int:
    """Flags between the two are settled by the merge; flags with third groups move to the survivor."""
    between = Q(group=survivor, other=merged) | Q(group=merged, other=survivor)
    PossibleDuplicate.objects.filter(between).update(
        status=DuplicateStatus.MERGED, reviewed_at=timezone.now()
    )
    moved = 0
    for flag in PossibleDuplicate.objects.filter(Q(group=merged) | Q(other=merged)).exclude(between):
        group_id = survivor.pk if flag.group_id == merged.pk else flag.group_id
        other_id = survivor.pk if flag.other_id == merged.pk else flag.other_id
        pair = Q(group_id=group_id, other_id=other_id) | Q(group_id=other_id, other_id=group_id)
        if PossibleDuplicate.objects.filter(pair).exists():
            flag.delete()
            continue
        flag.group_id, flag.other_id = group_id, other_id
        flag.save(update_fields=["group", "other"])
        moved += 1
    return moved


def _move_relations(survivor: CommunityGroup, merged: CommunityGroup) -> dict[str, int]:
    """Point everything that refers to the merged group at the survivor, whatever app it is in.

    Reverse relations are found from the model's metadata, so records that later apps link to groups
    (engagements, outcomes, allocations) move without this function knowing about them.
    """
    moved = {"groups.grouplink": _merge_links(survivor, merged)}
    for field in ("areas_of_work", "neighbourhoods"):
        before = getattr(survivor, field).count()
        getattr(survivor, field).add(*getattr(merged, field).all())
        moved[f"groups.communitygroup.{field}"] = getattr(survivor, field).count() - before
    moved["groups.possibleduplicate"] = _merge_flags(survivor, merged)
    moved["groups.groupmerge"] = GroupMerge.objects.filter(survivor=merged).update(survivor=survivor)
    for rel in CommunityGroup._meta.related_objects:
        model = rel.related_model
        assert not isinstance(model, str)  # a model class, once the apps are loaded
        if model in (PossibleDuplicate, GroupMerge, GroupLink):
            continue
        label = f"{model._meta.label_lower}.{rel.field.name}"
        if isinstance(rel, ManyToManyRel):
            through = rel.through
            assert through is not None
            ours, theirs = rel.field.m2m_reverse_field_name(), rel.field.m2m_field_name()
            linked = set(
                through._default_manager.filter(**{ours: survivor.pk}).values_list(theirs, flat=True)
            )
            rows = through._default_manager.filter(**{ours: merged.pk})
            new_rows = [
                through(**{f"{ours}_id": survivor.pk, f"{theirs}_id": other})
                for other in rows.values_list(theirs, flat=True)
                if other not in linked
            ]
            through._default_manager.bulk_create(new_rows)
            rows.delete()
            moved[label] = len(new_rows)
        elif isinstance(rel, (ManyToOneRel, OneToOneRel)):
            moved[label] = model._default_manager.filter(**{rel.field.name: merged}).update(
                **{rel.field.name: survivor}
            )
    return moved


@transaction.atomic
def group_merge(*, actor: UserLike, survivor: CommunityGroup, merged: CommunityGroup) -> GroupMerge:
    """Merge one group into another: everything linked to either stays linked to the survivor.

    Names the survivor lacks become its other names; empty fields are filled from the merged record.
    """
    if survivor.pk == merged.pk:
        raise ValidationError("A group cannot be merged with itself.")
    if survivor.team_id != merged.team_id:
        raise ValidationError(
            "These groups are in different teams' directories; each team keeps its own record. "
            "Mark the pair as not a duplicate, or ask one team to delete its record."
        )
    GROUP.require("update", actor, survivor, "merge its groups")
    names = [n for n in [merged.name, *merged.other_names.splitlines()] if n.strip()]
    known = {normalise_name(n) for n in [survivor.name, *survivor.other_names.splitlines()]}
    extra = [n for n in names if normalise_name(n) not in known]
    if extra:
        survivor.other_names = "\n".join([*survivor.other_names.splitlines(), *extra]).strip()
    for field in ("charity_number", "company_number", "base_postcode", "notes", "user_group_kind"):
        if not getattr(survivor, field) and getattr(merged, field):
            setattr(survivor, field, getattr(merged, field))
    for field in ("full_time_staff", "volunteers", "volunteer_hours_week", "founded_year", "base_lsoa_id"):
        if getattr(survivor, field) is None and getattr(merged, field) is not None:
            setattr(survivor, field, getattr(merged, field))
    if survivor.volunteers is not None or survivor.volunteer_hours_week is not None:
        survivor.volunteer_estimate_on = survivor.volunteer_estimate_on or merged.volunteer_estimate_on
        survivor.volunteer_estimate_source = (
            survivor.volunteer_estimate_source or merged.volunteer_estimate_source
        )
    local = settings.COPROD_LOCAL_ORG_PREFIX + "-"
    if survivor.org_identifier.startswith(local) and not merged.org_identifier.startswith(local):
        # A registered identifier is the better key: later imports of the merged record find it.
        survivor.org_identifier = merged.org_identifier
    survivor.search_name = search_name_for(survivor)
    moved = _move_relations(survivor, merged)
    group_merged.send(sender=CommunityGroup, survivor=survivor)
    record = GroupMerge.objects.create(
        survivor=survivor,
        merged_name=merged.name,
        merged_identifier=merged.org_identifier,
        moved=moved,
        merged_by=as_user(actor),
    )
    merged.delete()
    survivor.full_clean()
    survivor.save()
    return record


class VenueValues(TypedDict, total=False):
    name: str
    kind: str
    owner: str
    status: str
    asset_of_community_value: bool
    postcode: str
    lsoa: LSOA | None
    days_open_week: int | None
    community_hire_rate: Decimal | None
    commercial_hire_rate: Decimal | None
    notes: str


@transaction.atomic
def venue_save(
    *,
    actor: UserLike,
    team: Team,
    venue: Venue | None = None,
    groups: Iterable[CommunityGroup] | None = None,
    status_on: datetime.date | None = None,
    **values: Unpack[VenueValues],
) -> Venue:
    """Create or change a venue of the team, and the team's groups that use it.

    A new venue, or a change of its status, is written to its dated history (VenueStatusChange) as
    from status_on (today unless given; never a day to come)."""
    if venue is None:
        VENUE.require("create", actor, team, "add its venues")
    else:
        VENUE.require("update", actor, venue, "change its venues")
    refuse_unknown(values, VenueValues, saying="Unknown fields")
    venue = venue or Venue(team=team)
    if venue.team_id != team.pk:
        raise ValidationError({"team": "A venue cannot move to another team."})
    # The status held now, with the venue's row locked so two changes at once make one history each.
    held = Venue.objects.select_for_update().values_list("status", flat=True)
    before = None if venue.pk is None else held.get(pk=venue.pk)
    if values.get("postcode"):
        values["postcode"] = normalise_postcode(values["postcode"])
    for key, value in values.items():
        setattr(venue, key, value)
    venue.full_clean()
    on = status_on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"status_on": "The day the status changed has not come yet."})
    venue.save()
    if before != venue.status:
        VenueStatusChange.objects.create(
            venue=venue, from_status=before or "", status=venue.status, on=on, recorded_by=as_user(actor)
        )
    if groups is not None:
        groups = list(groups)
        outside = [g.name for g in groups if g.team_id != team.pk]
        if outside:
            raise ValidationError({"groups": f"Not in {team}'s directory: {', '.join(outside)}."})
        venue.groups.set(groups)
    return venue


@transaction.atomic
def venue_delete(*, actor: UserLike, venue: Venue) -> None:
    VENUE.require("delete", actor, venue, "remove its venues")
    venue.delete()
