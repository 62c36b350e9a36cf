"""Writes to the engagement log; the quick-log form, the API and the import all come here."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coprod.core.values import refuse_unknown
from coprod.engagements import rollups
from coprod.engagements.fields import EngagementValues
from coprod.engagements.models import (
    Engagement,
    EngagementDeletion,
    FollowUp,
    Theme,
    VolunteerHourReturn,
    WorkProgramme,
)
from coprod.engagements.policy import ENGAGEMENT, FOLLOW_UP, VOLUNTEER_RETURN, WORK_PROGRAMME
from coprod.engagements.rules import tidy_tags
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import PublicBody
from coprod.units.models import Team
from coprod.units.permissions import as_user
from coprod.units.selectors import UserLike, works_in


def _check_bodies(team: Team, bodies: Iterable[PublicBody]) -> list[PublicBody]:
    bodies = list(bodies)
    outside = [b.name for b in bodies if b.region_id != team.unit.region_id]
    if outside:
        raise ValidationError(
            {"public_bodies": f"Not a public body of {team}'s region: {', '.join(outside)}."}
        )
    return bodies


def _check_groups(team: Team, groups: Iterable[CommunityGroup]) -> list[CommunityGroup]:
    groups = list(groups)
    outside = [g.name for g in groups if g.team_id != team.pk]
    if outside:
        raise ValidationError({"groups": f"Not in {team}'s directory: {', '.join(outside)}."})
    return groups


@transaction.atomic
def engagement_log(
    *,
    worker: UserLike,
    team: Team,
    groups: Iterable[CommunityGroup] = (),
    themes: Iterable[Theme] = (),
    public_bodies: Iterable[PublicBody] = (),
    idempotency_key: uuid.UUID | None = None,
    **values: Unpack[EngagementValues],
) -> tuple[Engagement, bool]:
    """Log a contact by the worker. Returns (engagement, created).

    With an idempotency key the worker has used before, nothing new is logged: the first engagement
    is returned, so a phone that resends after a dropped connection logs the contact once.
    """
    ENGAGEMENT.require("create", worker, team, "log its contacts")
    worker = as_user(worker)
    if idempotency_key is not None:
        earlier = Engagement.objects.filter(worker=worker, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier, False
    refuse_unknown(values, EngagementValues, saying="Unknown fields")
    values.setdefault("date", timezone.localdate())
    if "tags" in values:
        values["tags"] = tidy_tags(values["tags"])
    engagement = Engagement(worker=worker, team=team, idempotency_key=idempotency_key, **values)
    engagement.full_clean(exclude=["idempotency_key"])
    groups = _check_groups(team, groups)
    public_bodies = _check_bodies(team, public_bodies)
    try:
        with transaction.atomic():
            engagement.save()
    except IntegrityError:
        # Two sends with the same key raced each other; the first one won.
        earlier = Engagement.objects.filter(worker=worker, idempotency_key=idempotency_key).first()
        if earlier is None:
            raise
        return earlier, False
    engagement.groups.set(groups)
    engagement.themes.set(themes)
    engagement.public_bodies.set(public_bodies)
    rollups.add_contact(engagement, [group.pk for group in groups])
    return engagement, True


@transaction.atomic
def engagement_update(
    *,
    actor: UserLike,
    engagement: Engagement,
    groups: Iterable[CommunityGroup] | None = None,
    themes: Iterable[Theme] | None = None,
    public_bodies: Iterable[PublicBody] | None = None,
    **values: Unpack[EngagementValues],
) -> Engagement:
    ENGAGEMENT.require("update", actor, engagement, "change it")
    refuse_unknown(values, EngagementValues, saying="These fields cannot be changed here")
    if "tags" in values:
        values["tags"] = tidy_tags(values["tags"])
    before = (engagement.team_id, engagement.date)
    for key, value in values.items():
        setattr(engagement, key, value)
    engagement.full_clean(exclude=["idempotency_key"])
    engagement.save()
    if groups is not None:
        engagement.groups.set(_check_groups(engagement.team, groups))
    if themes is not None:
        engagement.themes.set(themes)
    if public_bodies is not None:
        engagement.public_bodies.set(_check_bodies(engagement.team, public_bodies))
    rollups.refresh([before, (engagement.team_id, engagement.date)])
    return engagement


@transaction.atomic
def engagement_delete(*, actor: UserLike, engagement: Engagement) -> EngagementDeletion:
    """Delete a contact, keeping a record of what it was (without its notes), who deleted it and when."""
    ENGAGEMENT.require("delete", actor, engagement, "remove it")
    record = EngagementDeletion.objects.create(
        engagement_id=engagement.pk,
        team=engagement.team,
        worker=engagement.worker,
        deleted_by=as_user(actor),
        summary={
            "date": engagement.date.isoformat(),
            "activity_type": engagement.activity_type.slug,
            "dimension": engagement.dimension,
            "minutes": engagement.minutes,
            "people_present": engagement.people_present,
            "new_people": engagement.new_people,
            "neighbourhood": engagement.neighbourhood.slug if engagement.neighbourhood else None,
            "groups": sorted(engagement.groups.values_list("org_identifier", flat=True)),
        },
    )
    team_day = (engagement.team_id, engagement.date)
    engagement.delete()
    rollups.refresh([team_day])
    return record


@transaction.atomic
def follow_up_create(
    *,
    actor: UserLike,
    team: Team,
    what: str,
    assigned_to,
    due: datetime.date,
    engagement: Engagement | None = None,
) -> FollowUp:
    FOLLOW_UP.require("create", actor, team, "add its follow-ups")
    if not works_in(assigned_to, team.pk):
        raise ValidationError({"assigned_to": "Assign it to someone in the team."})
    follow_up = FollowUp(team=team, what=what, assigned_to=assigned_to, due=due, engagement=engagement)
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_done(*, actor: UserLike, follow_up: FollowUp, done: bool = True) -> FollowUp:
    FOLLOW_UP.require("update", actor, follow_up, "mark its follow-ups done")
    follow_up.done = done
    follow_up.done_on = timezone.localdate() if done else None
    follow_up.save(update_fields=["done", "done_on", "updated_at"])
    return follow_up


@transaction.atomic
def work_programme_save(
    *,
    actor: UserLike,
    team: Team,
    programme: WorkProgramme | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    **values: Unpack[WorkProgrammeValues],
) -> WorkProgramme:
    """Team leads plan the team's work programmes."""
    if programme is not None and programme.team_id != team.pk:
        raise ValidationError({"team": "A work programme cannot move to another team."})
    if programme is None:
        WORK_PROGRAMME.require("create", actor, team, "plan work programmes")
    else:
        WORK_PROGRAMME.require("update", actor, programme, "change work programmes")
    programme = programme or WorkProgramme(team=team)
    for key, value in values.items():
        setattr(programme, key, value)
    if programme.start and programme.end and programme.end < programme.start:
        raise ValidationError({"end": "The end comes after the start."})
    programme.full_clean()
    programme.save()
    if neighbourhoods is not None:
        neighbourhoods = list(neighbourhoods)
        if any(n.team_id != team.pk for n in neighbourhoods):
            raise ValidationError({"neighbourhoods": "Choose the team's own neighbourhoods."})
        programme.neighbourhoods.set(neighbourhoods)
    return programme


@transaction.atomic
class VolunteerReturnValues(TypedDict):
    start: datetime.date
    end: datetime.date
    hours: Decimal
    volunteers: int
    source: str


class WorkProgrammeValues(TypedDict, total=False):
    name: str
    start: datetime.date
    end: datetime.date
    aims: str
    planned_hours: Decimal


def volunteer_return_record(
    *, actor: UserLike, group: CommunityGroup, **values: Unpack[VolunteerReturnValues]
) -> VolunteerHourReturn:
    VOLUNTEER_RETURN.require("create", actor, group.team_id, "record its groups' volunteer hours")
    item = VolunteerHourReturn(group=group, **values)
    if item.start and item.end and item.end < item.start:
        raise ValidationError({"end": "The end comes after the start."})
    item.full_clean()
    item.save()
    return item
