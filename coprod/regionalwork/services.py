"""Writes of the unit's regional work: plans, consultation windows, impact assessments (and their
sign-off), "you said, we did", steering groups with their seats, meetings and their actions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, TypedDict, TypeVar, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from coprod.core.services import keep, remove, save_values
from coprod.engagements.services import follow_up_create
from coprod.funding.models import RegionalInitiative
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LocalAuthority, PublicBody, Region
from coprod.regionalwork import rules
from coprod.regionalwork.models import (
    EFFECTS,
    ConsultationWindow,
    ImpactAssessment,
    Meeting,
    MeetingAction,
    RegionalPlan,
    RegionalWorkRules,
    Seat,
    SteeringGroup,
    YouSaidWeDid,
)
from coprod.regionalwork.policy import (
    ASSESSMENT,
    CONSULTATION,
    MEETING,
    PLAN,
    STEERING_GROUP,
    YOU_SAID,
    owner_of_group,
)
from coprod.units.models import CoProductionUnit, Team
from coprod.units.permissions import as_user
from coprod.units.selectors import UserLike

M = TypeVar("M", bound=Model)


class RulesValues(TypedDict, total=False):
    min_weeks_open: int
    min_weeks_notice: int
    community_share_percent: int


class PlanValues(TypedDict, total=False):
    title: str
    lead_body: str
    summary: str
    idea_on: datetime.date
    design_on: datetime.date | None
    design_freeze_on: datetime.date | None
    approval_on: datetime.date | None
    delivery_on: datetime.date | None
    evaluation_on: datetime.date | None


class WindowValues(TypedDict, total=False):
    title: str
    opens: datetime.date
    closes: datetime.date
    method: str
    team: Team


class AssessmentValues(TypedDict, total=False):
    jobs_income: str
    services: str
    environment: str
    community_infrastructure: str
    jobs_income_mitigation: str
    services_mitigation: str
    environment_mitigation: str
    community_infrastructure_mitigation: str
    evidence: str


class YouSaidValues(TypedDict, total=False):
    asked: str
    themes: list[dict[str, Any]]
    quotes: str
    changed: str
    not_changed: str


class SteeringValues(TypedDict, total=False):
    name: str
    term_start: datetime.date
    term_end: datetime.date
    chair: Seat | None


class SeatValues(TypedDict, total=False):
    kind: str
    organisation: str
    group: CommunityGroup | None
    public_body: PublicBody | None
    neighbourhood: Neighbourhood | None


class MeetingValues(TypedDict, total=False):
    title: str
    held_on: datetime.date
    plan: RegionalPlan | None
    others_present: str
    decisions: str


def _within(field: str, chosen: Iterable[M] | None, allowed: QuerySet[Any], where: str) -> list[M] | None:
    """The records chosen for a field, refused (naming them) unless every one is among `allowed`."""
    if chosen is None:
        return None
    chosen = list(chosen)
    known = set(allowed.filter(pk__in=[c.pk for c in chosen]).values_list("pk", flat=True))
    outside = [str(c) for c in chosen if c.pk not in known]
    if outside:
        raise ValidationError({field: f"Not {where}: {', '.join(outside)}."})
    return chosen


def _region_hoods(region_id: int) -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.filter(team__unit__region_id=region_id)


# Rules ---------------------------------------------------------------------------------------------


@transaction.atomic
def rules_save(
    *, actor: UserLike, unit: CoProductionUnit, **values: Unpack[RulesValues]
) -> RegionalWorkRules:
    """Set a unit's thresholds for its consultation windows and steering groups: its managers'."""
    PLAN.require("create", actor, unit.region_id, "set the unit's rules")
    record = RegionalWorkRules.objects.filter(unit=unit).first() or RegionalWorkRules(unit=unit)
    save_values(record, values, RulesValues)
    return record


# Plans ---------------------------------------------------------------------------------------------


@transaction.atomic
def plan_save(
    *,
    actor: UserLike,
    region: Region | None = None,
    plan: RegionalPlan | None = None,
    initiatives: Iterable[RegionalInitiative] | None = None,
    authorities: Iterable[LocalAuthority] | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    **values: Unpack[PlanValues],
) -> RegionalPlan:
    """Add a regional plan to a region (region=) or change one (plan=): the region's unit managers'."""
    plan = keep(
        PLAN, actor, record=plan, make=lambda: RegionalPlan(region=region), owner=region and region.pk,
        doing="record the region's plans", values=values, values_type=PlanValues,
    )  # fmt: skip
    region_id = plan.region_id
    where = f"of {plan.region}"
    initiatives = _within(
        "initiatives", initiatives, RegionalInitiative.objects.filter(region_id=region_id), where
    )
    authorities = _within(
        "authorities", authorities, LocalAuthority.objects.filter(region_id=region_id), where
    )
    neighbourhoods = _within(
        "neighbourhoods", neighbourhoods, _region_hoods(region_id), f"a neighbourhood {where}"
    )
    if initiatives is not None:
        plan.initiatives.set(initiatives)
    if authorities is not None:
        plan.authorities.set(authorities)
    if neighbourhoods is not None:
        assessed = plan.assessments.exclude(neighbourhood__in=neighbourhoods).select_related("neighbourhood")
        kept = sorted({a.neighbourhood.name for a in assessed})
        if kept:
            raise ValidationError(
                {"neighbourhoods": f"Assessed, so still touched by the plan: {', '.join(kept)}."}
            )
        plan.neighbourhoods.set(neighbourhoods)
    return plan


@transaction.atomic
def plan_delete(*, actor: UserLike, plan: RegionalPlan) -> None:
    PLAN.require("delete", actor, plan, "remove it")
    if plan.assessments.filter(signed_off_at__isnull=False).exists():
        raise ValidationError(
            "The plan has signed-off impact assessments, which are kept: it cannot be removed."
        )
    plan.assessments.all().delete()
    plan.delete()


# Consultation windows ------------------------------------------------------------------------------


@transaction.atomic
def window_save(
    *,
    actor: UserLike,
    plan: RegionalPlan | None = None,
    window: ConsultationWindow | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    groups: Iterable[CommunityGroup] | None = None,
    **values: Unpack[WindowValues],
) -> ConsultationWindow:
    """Add a consultation window to a plan (plan=) or change one (window=): the region's unit managers'."""
    window = keep(
        CONSULTATION, actor, record=window, make=lambda: ConsultationWindow(plan=plan),
        owner=plan and plan.region_id, doing="open the plan's consultation windows", values=values,
        values_type=WindowValues,
    )  # fmt: skip
    region_id = window.plan.region_id
    hoods = _within(
        "neighbourhoods", neighbourhoods, _region_hoods(region_id), "a neighbourhood of the region"
    )
    chosen = _within(
        "groups",
        groups,
        CommunityGroup.objects.filter(team__unit__region_id=region_id),
        "a group of the region",
    )
    if hoods is not None:
        window.neighbourhoods.set(hoods)
    if chosen is not None:
        window.groups.set(chosen)
    return window


@transaction.atomic
def window_delete(*, actor: UserLike, window: ConsultationWindow) -> None:
    remove(CONSULTATION, actor, window)


# Impact assessments --------------------------------------------------------------------------------


def _refuse_frozen(assessment: ImpactAssessment) -> None:
    if assessment.signed_off_at is not None:
        raise ValidationError(rules.SIGNED_OFF)


@transaction.atomic
def assessment_save(
    *,
    actor: UserLike,
    plan: RegionalPlan | None = None,
    neighbourhood: Neighbourhood | None = None,
    assessment: ImpactAssessment | None = None,
    **values: Unpack[AssessmentValues],
) -> ImpactAssessment:
    """Assess what a plan is expected to do to a neighbourhood it touches (plan=, neighbourhood=), or
    change a draft assessment (assessment=); a signed-off one is frozen."""
    if assessment is not None:
        ASSESSMENT.require("update", actor, assessment, "change it")
        assessment = ImpactAssessment.objects.select_for_update().get(pk=assessment.pk)
        _refuse_frozen(assessment)
    elif plan is not None:  # two first assessments of one neighbourhood meet the rule one after the other
        RegionalPlan.objects.select_for_update().filter(pk=plan.pk).first()
    return keep(
        ASSESSMENT, actor, record=assessment,
        make=lambda: ImpactAssessment(plan=plan, neighbourhood=neighbourhood, assessed_by=as_user(actor)),
        owner=plan and plan.region_id, doing="assess the plan", values=values, values_type=AssessmentValues,
    )  # fmt: skip


@transaction.atomic
def assessment_sign_off(*, actor: UserLike, assessment: ImpactAssessment) -> ImpactAssessment:
    """Sign an assessment off, which freezes it: the region's unit managers', and refused while a
    negative effect has no mitigation."""
    ASSESSMENT.require("update", actor, assessment, "sign it off")
    assessment = ImpactAssessment.objects.select_for_update().get(pk=assessment.pk)
    _refuse_frozen(assessment)
    missing = rules.unmitigated(assessment.effects())
    if missing:
        labels = [
            str(getattr(ImpactAssessment._meta.get_field(name), "verbose_name", name)) for name in missing
        ]
        raise ValidationError(
            {f"{name}_mitigation": rules.UNMITIGATED.format(fields=", ".join(labels)) for name in missing}
        )
    assessment.signed_off_by = as_user(actor)
    assessment.signed_off_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def assessment_supersede(
    *, actor: UserLike, assessment: ImpactAssessment, **values: Unpack[AssessmentValues]
) -> ImpactAssessment:
    """A new draft assessment that supersedes a signed-off one, starting from what it said."""
    ASSESSMENT.require("update", actor, assessment, "supersede it")
    assessment = ImpactAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.signed_off_at is None:
        raise ValidationError("This assessment is a draft: change it rather than superseding it.")
    if ImpactAssessment.objects.filter(supersedes=assessment).exists():
        raise ValidationError("A later assessment supersedes this one already: change that one.")
    carried = {name: getattr(assessment, name) for name in EFFECTS}
    carried |= {f"{name}_mitigation": getattr(assessment, f"{name}_mitigation") for name in EFFECTS}
    carried["evidence"] = assessment.evidence
    new = ImpactAssessment(
        plan=assessment.plan,
        neighbourhood=assessment.neighbourhood,
        assessed_by=as_user(actor),
        supersedes=assessment,
    )
    save_values(new, carried | dict(values), AssessmentValues)
    return new


@transaction.atomic
def assessment_delete(*, actor: UserLike, assessment: ImpactAssessment) -> None:
    ASSESSMENT.require("delete", actor, assessment, "remove it")
    _refuse_frozen(assessment)
    assessment.delete()


# You said, we did ----------------------------------------------------------------------------------


@transaction.atomic
def you_said_save(
    *, actor: UserLike, window: ConsultationWindow, **values: Unpack[YouSaidValues]
) -> YouSaidWeDid:
    """Write (or change) what a window asked, heard and did: the facilitating team's lead or the
    region's unit managers. A published record is changed in place, as its page is."""
    ConsultationWindow.objects.select_for_update().filter(pk=window.pk).first()  # one record a window
    record = YouSaidWeDid.objects.filter(window=window).first()
    if record is None:
        YOU_SAID.require("create", actor, window, 'write its "you said, we did"')
        record = YouSaidWeDid(window=window, written_by=as_user(actor))
    else:
        YOU_SAID.require("update", actor, record, "change it")
    save_values(record, values, YouSaidValues)
    return record


@transaction.atomic
def you_said_publish(*, actor: UserLike, record: YouSaidWeDid, published: bool = True) -> YouSaidWeDid:
    """Publish a closed window's record as a page anyone may read (or withdraw it)."""
    YOU_SAID.require("update", actor, record, "publish it")
    today = timezone.localdate()
    if published and record.window.closes >= today:
        raise ValidationError(
            f"The window closes on {record.window.closes:%-d %B %Y}: publish it once it has closed."
        )
    if published and not (record.changed.strip() or record.not_changed.strip()):
        raise ValidationError({"changed": "Say what the plan changed, or why not, before publishing."})
    record.published_on = (record.published_on or today) if published else None
    record.save(update_fields=["published_on", "updated_at"])
    return record


# Steering groups -----------------------------------------------------------------------------------


@transaction.atomic
def steering_group_save(
    *,
    actor: UserLike,
    unit: CoProductionUnit | None = None,
    team: Team | None = None,
    group: SteeringGroup | None = None,
    **values: Unpack[SteeringValues],
) -> SteeringGroup:
    """Set up a team's steering group (team=) or the unit's own (unit=), or change one (group=): the
    team's lead, or for the unit's own its managers."""
    if group is None and team is not None:
        unit = team.unit
    return keep(
        STEERING_GROUP, actor, record=group, make=lambda: SteeringGroup(unit=unit, team=team),
        owner=team or unit, doing="keep its steering group", values=values, values_type=SteeringValues,
    )  # fmt: skip


@transaction.atomic
def steering_group_delete(*, actor: UserLike, group: SteeringGroup) -> None:
    remove(STEERING_GROUP, actor, group)


@transaction.atomic
def seat_add(*, actor: UserLike, steering_group: SteeringGroup, **values: Unpack[SeatValues]) -> Seat:
    """Add a seat to a steering group: whoever keeps the group."""
    STEERING_GROUP.require("update", actor, steering_group, "change its seats")
    seat = Seat(steering_group=steering_group)
    save_values(seat, values, SeatValues)
    _seat_in_region(seat)
    return seat


def _seat_in_region(seat: Seat) -> None:
    region_id = seat.steering_group.unit.region_id
    group = seat.group if seat.group_id else None
    if group is not None and group.team.unit.region_id != region_id:
        raise ValidationError({"group": "Choose a group of the unit's region."})
    body = seat.public_body if seat.public_body_id else None
    if body is not None and body.region_id != region_id:
        raise ValidationError({"public_body": "Choose a public body of the unit's region."})
    hood = seat.neighbourhood if seat.neighbourhood_id else None
    if hood is not None and hood.team.unit.region_id != region_id:
        raise ValidationError({"neighbourhood": "Choose a neighbourhood of the unit's region."})


@transaction.atomic
def seat_remove(*, actor: UserLike, seat: Seat) -> None:
    STEERING_GROUP.require("update", actor, seat.steering_group, "change its seats")
    seat.delete()


# Meetings ------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(
    *,
    actor: UserLike,
    unit: CoProductionUnit | None = None,
    steering_group: SteeringGroup | None = None,
    meeting: Meeting | None = None,
    attended: Iterable[Seat] | None = None,
    public_bodies: Iterable[PublicBody] | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    **values: Unpack[MeetingValues],
) -> Meeting:
    """Record a steering group's meeting (steering_group=) or a meeting the unit facilitated between
    regional bodies and neighbourhoods (unit=), or change one (meeting=)."""
    if meeting is None and steering_group is not None:
        unit = steering_group.unit
    owner = owner_of_group(steering_group) if steering_group is not None else unit
    meeting = keep(
        MEETING, actor, record=meeting, make=lambda: Meeting(unit=unit, steering_group=steering_group),
        owner=owner, doing="record its meetings", values=values, values_type=MeetingValues,
    )  # fmt: skip
    region_id = meeting.unit.region_id
    seats = Seat.objects.filter(steering_group_id=meeting.steering_group_id)
    attended = _within("attended", attended, seats, "a seat of the meeting's steering group")
    bodies = _within(
        "public_bodies", public_bodies, PublicBody.objects.filter(region_id=region_id), "of the region"
    )
    hoods = _within(
        "neighbourhoods", neighbourhoods, _region_hoods(region_id), "a neighbourhood of the region"
    )
    if attended is not None:
        meeting.attended.set(attended)
    if bodies is not None:
        meeting.public_bodies.set(bodies)
    if hoods is not None:
        meeting.neighbourhoods.set(hoods)
    return meeting


@transaction.atomic
def meeting_delete(*, actor: UserLike, meeting: Meeting) -> None:
    remove(MEETING, actor, meeting)


@transaction.atomic
def meeting_action_add(
    *, actor: UserLike, meeting: Meeting, what: str, assigned_to: Any, due: datetime.date
) -> MeetingAction:
    """An action the meeting agreed, made a follow-up of the team whose steering group met."""
    MEETING.require("update", actor, meeting, "add its actions")
    group = meeting.steering_group if meeting.steering_group_id else None
    team = group.team if group is not None and group.team_id else None
    if team is None:
        raise ValidationError(
            "Actions become a team's follow-ups: this meeting is not a team steering group's."
        )
    follow_up = follow_up_create(actor=actor, team=team, what=what, assigned_to=assigned_to, due=due)
    return MeetingAction.objects.create(meeting=meeting, follow_up=follow_up)
