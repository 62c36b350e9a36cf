"""Reads of the unit's regional work: who reaches which records, and the figures of a unit's plans,
consultations, assessments, steering groups and meetings in a financial quarter.

A region's plans, windows and assessments are read across the region, as its money is; steering groups
and meetings as the teams are (a team's by its workers and lead and the unit's roles, the unit's own by
the unit's roles). The figures are worked out here once: the dashboard, the API and the PDF read them.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from coprod.funding.selectors import managed_units, regions_for_user
from coprod.neighbourhoods.models import Neighbourhood
from coprod.regionalwork import rules
from coprod.regionalwork.choices import COMMUNITY_SEATS
from coprod.regionalwork.models import (
    ConsultationWindow,
    ImpactAssessment,
    Meeting,
    RegionalPlan,
    RegionalWorkRules,
    Seat,
    SteeringGroup,
    YouSaidWeDid,
)
from coprod.units.models import CoProductionUnit
from coprod.units.selectors import UserLike, led_teams, teams_for_user, units_for_user

# Scoping -------------------------------------------------------------------------------------------


def plans_for_user(user: UserLike) -> QuerySet[RegionalPlan]:
    return RegionalPlan.objects.filter(region__in=regions_for_user(user)).select_related("region")


def windows_for_user(user: UserLike) -> QuerySet[ConsultationWindow]:
    return ConsultationWindow.objects.filter(plan__region__in=regions_for_user(user)).select_related(
        "plan", "plan__region", "team"
    )


def assessments_for_user(user: UserLike) -> QuerySet[ImpactAssessment]:
    return ImpactAssessment.objects.filter(plan__region__in=regions_for_user(user)).select_related(
        "plan", "neighbourhood", "superseded_by"
    )


def you_said_for_user(user: UserLike) -> QuerySet[YouSaidWeDid]:
    return YouSaidWeDid.objects.filter(window__plan__region__in=regions_for_user(user))


def published_you_said() -> QuerySet[YouSaidWeDid]:
    """The records anyone may read: published, of windows that have closed."""
    return YouSaidWeDid.objects.filter(
        published_on__isnull=False, window__closes__lt=timezone.localdate()
    ).select_related("window", "window__plan", "window__plan__region", "window__team")


def steering_groups_for_user(user: UserLike) -> QuerySet[SteeringGroup]:
    """A team's steering group as the team's records are read; the unit's own by the unit's people."""
    return SteeringGroup.objects.filter(
        Q(team__in=teams_for_user(user)) | Q(team__isnull=True, unit__in=units_for_user(user))
    ).select_related("unit", "team", "chair")


def meetings_for_user(user: UserLike) -> QuerySet[Meeting]:
    """A steering group's meetings as the group is read; the unit's other meetings by its people."""
    return Meeting.objects.filter(
        Q(steering_group__in=steering_groups_for_user(user))
        | Q(steering_group__isnull=True, unit__in=units_for_user(user))
    ).select_related("unit", "steering_group", "steering_group__team", "plan")


# Rules ---------------------------------------------------------------------------------------------


def rule_of(unit: CoProductionUnit | int | None) -> rules.WindowRule:
    """A unit's thresholds (the defaults where it has set none)."""
    if unit is None:
        return rules.DEFAULT
    found = RegionalWorkRules.objects.filter(unit=unit).first()
    return found.as_rule() if found is not None else rules.DEFAULT


def region_rule(region_id: int) -> rules.WindowRule:
    found = RegionalWorkRules.objects.filter(unit__region_id=region_id).first()
    return found.as_rule() if found is not None else rules.DEFAULT


def window_verdict(window: ConsultationWindow, rule: rules.WindowRule | None = None) -> rules.WindowVerdict:
    return rules.window_verdict(
        opens=window.opens,
        closes=window.closes,
        freeze=window.plan.design_freeze_on,
        rule=rule or region_rule(window.plan.region_id),
    )


def plan_verdict(plan: RegionalPlan, rule: rules.WindowRule | None = None) -> rules.PlanVerdict | None:
    return rules.plan_verdict(
        freeze=plan.design_freeze_on,
        windows=[(w.opens, w.closes) for w in plan.windows.all()],
        rule=rule or region_rule(plan.region_id),
    )


def current_assessments(plan: RegionalPlan) -> QuerySet[ImpactAssessment]:
    """The plan's assessments that no later one supersedes: one for each neighbourhood assessed."""
    return plan.assessments.filter(superseded_by__isnull=True).select_related(
        "neighbourhood", "signed_off_by"
    )


def with_seat_counts(groups: QuerySet[SteeringGroup]) -> QuerySet[SteeringGroup]:
    return groups.annotate(
        seat_total=Count("seats", distinct=True),
        seat_community=Count("seats", filter=Q(seats__kind__in=COMMUNITY_SEATS), distinct=True),
    )


# Figures -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionalWorkFigures:
    """A unit's regional work in a quarter.

    - plans: the region's plans live in the quarter (their idea on or before its end, not evaluated
      before it starts); judged: those whose design freeze falls on or before its end; met_rule: of
      those, the plans with a window that met the unit's rule; no_window: judged plans with no window
      closing before the freeze; median_notice_weeks: the median weeks between the last window before
      the freeze and the freeze, over judged plans that had one.
    - priority_touched: (plan, priority neighbourhood) pairs of live plans; priority_assessed: of those,
      the pairs with a signed-off current assessment; negatives_unmitigated: negative effects with no
      mitigation in current assessments of live plans.
    - windows_closed: windows of the region's plans closing in the quarter; windows_published: of those,
      the ones whose "you said, we did" is published.
    - steering_groups: the unit's steering groups in term during the quarter; steering_meet_rule: of
      those, the ones whose seats meet the rule; meetings: meetings held in the quarter;
      meetings_bodies_and_neighbourhoods: of those, the ones with both a regional body and a
      neighbourhood present.
    """

    plans: int
    judged: int
    met_rule: int
    no_window: int
    median_notice_weeks: Decimal | None
    priority_touched: int
    priority_assessed: int
    negatives_unmitigated: int
    windows_closed: int
    windows_published: int
    steering_groups: int
    steering_meet_rule: int
    meetings: int
    meetings_bodies_and_neighbourhoods: int

    def rows(self) -> list[dict[str, str]]:
        """The figures as the dashboard and the report show them, each with its label, said once."""
        notice = "-" if self.median_notice_weeks is None else f"{self.median_notice_weeks} weeks"
        return [
            {"label": "Regional plans live in the period", "value": f"{self.plans:,}"},
            {
                "label": "Plans past design freeze whose consultation met the rule",
                "value": f"{self.met_rule:,} of {self.judged:,}",
            },
            {
                "label": "Plans with no consultation window before design freeze",
                "value": f"{self.no_window:,}",
            },
            {"label": "Median notice before design freeze", "value": notice},
            {
                "label": "Priority neighbourhoods touched by a plan and assessed",
                "value": f"{self.priority_assessed:,} of {self.priority_touched:,}",
            },
            {"label": "Negative effects without a mitigation", "value": f"{self.negatives_unmitigated:,}"},
            {
                "label": 'Windows closed whose "you said, we did" is published',
                "value": f"{self.windows_published:,} of {self.windows_closed:,}",
            },
            {
                "label": "Steering groups meeting the seat rule",
                "value": f"{self.steering_meet_rule:,} of {self.steering_groups:,}",
            },
            {"label": "Meetings held", "value": f"{self.meetings:,}"},
            {
                "label": "Meetings with both regional bodies and neighbourhoods present",
                "value": f"{self.meetings_bodies_and_neighbourhoods:,}",
            },
        ]

    @property
    def any(self) -> bool:
        return bool(self.plans or self.windows_closed or self.steering_groups or self.meetings)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        notice = data["median_notice_weeks"]
        data["median_notice_weeks"] = None if notice is None else str(notice)
        data["rows"] = self.rows()
        data["any"] = self.any
        return data


def live_plans(region_id: int, *, start: datetime.date, end: datetime.date) -> QuerySet[RegionalPlan]:
    return RegionalPlan.objects.filter(region_id=region_id, idea_on__lte=end).filter(
        Q(evaluation_on__isnull=True) | Q(evaluation_on__gte=start)
    )


def regional_work_figures(
    unit: CoProductionUnit, *, start: datetime.date, end: datetime.date
) -> RegionalWorkFigures:
    """The unit's regional work from `start` to `end` (a quarter, or a quarter to date)."""
    rule = rule_of(unit)
    plans = list(
        live_plans(unit.region_id, start=start, end=end).prefetch_related(
            Prefetch("windows", queryset=ConsultationWindow.objects.only("pk", "plan_id", "opens", "closes")),
            Prefetch(
                "neighbourhoods", queryset=Neighbourhood.objects.filter(priority=True), to_attr="priority"
            ),
            Prefetch(
                "assessments",
                queryset=ImpactAssessment.objects.filter(superseded_by__isnull=True),
                to_attr="current",
            ),
        )
    )
    verdicts: list[rules.PlanVerdict] = []
    for plan in plans:
        if plan.design_freeze_on is not None and plan.design_freeze_on <= end:
            verdict = plan_verdict(plan, rule)
            assert verdict is not None
            verdicts.append(verdict)
    touched = assessed = unmitigated = 0
    for plan in plans:
        priority = {hood.pk for hood in getattr(plan, "priority")}  # noqa: B009 (prefetched)
        current: list[ImpactAssessment] = getattr(plan, "current")  # noqa: B009
        touched += len(priority)
        signed = {
            a.neighbourhood_id
            for a in current
            if a.signed_off_at is not None and timezone.localtime(a.signed_off_at).date() <= end
        }
        assessed += len(priority & signed)
        unmitigated += sum(len(rules.unmitigated(a.effects())) for a in current)
    closed = ConsultationWindow.objects.filter(
        plan__region_id=unit.region_id, closes__gte=start, closes__lte=end
    )
    groups = list(
        with_seat_counts(SteeringGroup.objects.filter(unit=unit, term_start__lte=end, term_end__gte=start))
    )
    meetings = Meeting.objects.filter(unit=unit, held_on__gte=start, held_on__lte=end)
    both = meetings.filter(public_bodies__isnull=False).filter(neighbourhoods__isnull=False).distinct()
    return RegionalWorkFigures(
        plans=len(plans),
        judged=len(verdicts),
        met_rule=sum(v.met_rule for v in verdicts),
        no_window=sum(not v.window_before_freeze for v in verdicts),
        median_notice_weeks=rules.median_weeks(
            [v.days_notice for v in verdicts if v.days_notice is not None]
        ),
        priority_touched=touched,
        priority_assessed=assessed,
        negatives_unmitigated=unmitigated,
        windows_closed=closed.count(),
        windows_published=closed.filter(
            you_said__published_on__isnull=False, you_said__published_on__lte=end
        ).count(),
        steering_groups=len(groups),
        steering_meet_rule=sum(
            rules.seats_meet_rule(community=g.seat_community, total=g.seat_total, rule=rule)  # type: ignore[attr-defined]
            for g in groups
        ),
        meetings=meetings.count(),
        meetings_bodies_and_neighbourhoods=both.count(),
    )


def keepable_steering_groups(user: UserLike) -> QuerySet[SteeringGroup]:
    """Steering groups whose seats and meetings the person keeps: those of the teams they lead, and
    the own groups of the units they manage."""
    return SteeringGroup.objects.filter(
        Q(team__in=led_teams(user)) | Q(team__isnull=True, unit__in=managed_units(user))
    )


def seats_kept_by(user: UserLike) -> QuerySet[Seat]:
    return Seat.objects.filter(steering_group__in=keepable_steering_groups(user))
