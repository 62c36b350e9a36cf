"""API representations of the unit's regional work. The rule's verdicts are fields of the records they
judge; the neighbourhoods and groups a record names are listed only where they are the reader's teams'
(as the ledger's are), and a resident's seat names a neighbourhood, never a person."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from coprod.core.api import ScopedModelSerializer, once
from coprod.funding.api.serializers import reached_teams
from coprod.funding.models import RegionalInitiative
from coprod.funding.selectors import managed_units, regions_managed_by
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LocalAuthority, PublicBody, Region
from coprod.publicservices.selectors import public_bodies_for_user
from coprod.regionalwork import rules
from coprod.regionalwork.choices import COMMUNITY_SEATS
from coprod.regionalwork.models import (
    EFFECTS,
    ConsultationWindow,
    ImpactAssessment,
    Meeting,
    RegionalPlan,
    Seat,
    SteeringGroup,
)
from coprod.regionalwork.selectors import (
    keepable_steering_groups,
    plan_verdict,
    plans_for_user,
    region_rule,
    seats_kept_by,
    window_verdict,
)
from coprod.units.models import CoProductionUnit, Team
from coprod.units.selectors import led_teams


def _managed_regions_filter(user: Any, model: Any, path: str) -> Any:
    return model.objects.filter(**{f"{path}__in": regions_managed_by(user)})


class _RefusesUnknown(ScopedModelSerializer):
    """Refuses fields it does not have (400, naming them) rather than dropping them unread."""

    region_choices: dict[str, tuple[Any, str]] = {}  # field: (model, path to its region)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            for name, (model, path) in self.region_choices.items():
                field = self.fields[name]
                target = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
                target.queryset = _managed_regions_filter(request.user, model, path)  # type: ignore[attr-defined]

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            unknown = sorted(set(data.keys()) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["There is no such field."] for name in unknown})
        return super().to_internal_value(data)

    def _reached(self, records) -> list:
        teams = reached_teams(self)
        return [r for r in records if teams is None or r.team_id in teams]

    def _rule(self, region_id: int) -> rules.WindowRule:
        cache = once(self.context, "regional_rules", dict)
        if region_id not in cache:
            cache[region_id] = region_rule(region_id)
        return cache[region_id]


def _many(model: Any, slug: str = "") -> Any:
    if slug:
        return serializers.SlugRelatedField(
            slug_field=slug, many=True, required=False, queryset=model.objects.none()
        )
    return serializers.PrimaryKeyRelatedField(many=True, required=False, queryset=model.objects.none())


class PlanSerializer(_RefusesUnknown):
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.none())
    initiatives = _many(RegionalInitiative, "slug")
    authorities = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=LocalAuthority.objects.none()
    )
    neighbourhoods = _many(Neighbourhood, "slug")
    window_before_freeze = serializers.SerializerMethodField()
    window_met_rule = serializers.SerializerMethodField()
    weeks_notice = serializers.SerializerMethodField()
    problem = serializers.SerializerMethodField()

    choices = {"region": regions_managed_by}
    region_choices = {
        "initiatives": (RegionalInitiative, "region"),
        "authorities": (LocalAuthority, "region"),
        "neighbourhoods": (Neighbourhood, "team__unit__region"),
    }

    class Meta:
        model = RegionalPlan
        fields = [
            "id", "region", "title", "lead_body", "summary", "initiatives", "authorities", "neighbourhoods",
            "idea_on", "design_on", "design_freeze_on", "approval_on", "delivery_on", "evaluation_on",
            "window_before_freeze", "window_met_rule", "weeks_notice", "problem",
        ]  # fmt: skip
        read_only_fields = ["id"]
        validators: list = []

    def _verdict(self, plan: RegionalPlan) -> rules.PlanVerdict | None:
        return plan_verdict(plan, self._rule(plan.region_id))

    def get_window_before_freeze(self, plan: RegionalPlan) -> bool | None:
        """Whether a window closed on or before the design freeze (None: no freeze date yet)."""
        verdict = self._verdict(plan)
        return None if verdict is None else verdict.window_before_freeze

    def get_window_met_rule(self, plan: RegionalPlan) -> bool | None:
        """Whether one of its windows met the unit's rule (None: no freeze date yet)."""
        verdict = self._verdict(plan)
        return None if verdict is None else verdict.met_rule

    def get_weeks_notice(self, plan: RegionalPlan) -> str | None:
        """Weeks between the last window before the design freeze and the freeze."""
        verdict = self._verdict(plan)
        return (
            None if verdict is None or verdict.days_notice is None else str(rules.weeks(verdict.days_notice))
        )

    def get_problem(self, plan: RegionalPlan) -> str:
        verdict = self._verdict(plan)
        return "" if verdict is None else verdict.problem

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["neighbourhoods"] = [h.slug for h in self._reached(instance.neighbourhoods.all())]
        return data


class ConsultationSerializer(_RefusesUnknown):
    plan = serializers.PrimaryKeyRelatedField(queryset=RegionalPlan.objects.none())
    team = serializers.SlugRelatedField(slug_field="slug", queryset=Team.objects.none())
    neighbourhoods = _many(Neighbourhood, "slug")
    groups = _many(CommunityGroup)
    weeks_open = serializers.SerializerMethodField()
    weeks_notice = serializers.SerializerMethodField()
    too_short = serializers.SerializerMethodField()
    too_late = serializers.SerializerMethodField()
    after_freeze = serializers.SerializerMethodField()
    meets_rule = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()
    you_said_published = serializers.SerializerMethodField()

    region_choices = {
        "plan": (RegionalPlan, "region"),
        "team": (Team, "unit__region"),
        "neighbourhoods": (Neighbourhood, "team__unit__region"),
        "groups": (CommunityGroup, "team__unit__region"),
    }

    class Meta:
        model = ConsultationWindow
        fields = [
            "id", "plan", "title", "opens", "closes", "method", "team", "neighbourhoods", "groups",
            "weeks_open", "weeks_notice", "too_short", "too_late", "after_freeze", "meets_rule", "problems",
            "you_said_published",
        ]  # fmt: skip
        read_only_fields = ["id"]

    def _verdict(self, window: ConsultationWindow) -> rules.WindowVerdict:
        return window_verdict(window, self._rule(window.plan.region_id))

    def get_weeks_open(self, window: ConsultationWindow) -> str:
        return str(rules.weeks(self._verdict(window).days_open))

    def get_weeks_notice(self, window: ConsultationWindow) -> str | None:
        """Weeks between its close and the plan's design freeze (negative: after it)."""
        days = self._verdict(window).days_notice
        return None if days is None else str(rules.weeks(days))

    def get_too_short(self, window: ConsultationWindow) -> bool:
        return self._verdict(window).too_short

    def get_too_late(self, window: ConsultationWindow) -> bool:
        return self._verdict(window).too_late

    def get_after_freeze(self, window: ConsultationWindow) -> bool:
        return self._verdict(window).after_freeze

    def get_meets_rule(self, window: ConsultationWindow) -> bool | None:
        """Whether it meets the unit's rule (None while the plan has no design freeze date)."""
        return self._verdict(window).meets

    def get_problems(self, window: ConsultationWindow) -> list[str]:
        return self._verdict(window).problems

    def get_you_said_published(self, window: ConsultationWindow) -> bool:
        record = getattr(window, "you_said", None)
        return record is not None and record.published_on is not None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["neighbourhoods"] = [h.slug for h in self._reached(instance.neighbourhoods.all())]
        data["groups"] = [g.pk for g in self._reached(instance.groups.all())]
        return data


class AssessmentSerializer(_RefusesUnknown):
    plan = serializers.PrimaryKeyRelatedField(queryset=RegionalPlan.objects.none())
    neighbourhood = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Neighbourhood.objects.none(),
        allow_null=True,
        help_text="The neighbourhood assessed: null for a neighbourhood of a team you do not reach.",
    )
    signed_off = serializers.SerializerMethodField()
    superseded_by = serializers.SerializerMethodField()
    unmitigated = serializers.SerializerMethodField()

    region_choices = {
        "plan": (RegionalPlan, "region"),
        "neighbourhood": (Neighbourhood, "team__unit__region"),
    }

    class Meta:
        model = ImpactAssessment
        fields = [
            "id", "plan", "neighbourhood", *EFFECTS, *(f"{name}_mitigation" for name in EFFECTS), "evidence",
            "signed_off", "signed_off_at", "supersedes", "superseded_by", "unmitigated",
        ]  # fmt: skip
        read_only_fields = ["id", "signed_off_at", "supersedes"]
        validators: list = []

    def get_signed_off(self, assessment: ImpactAssessment) -> bool:
        return assessment.signed_off_at is not None

    def get_superseded_by(self, assessment: ImpactAssessment) -> int | None:
        later = getattr(assessment, "superseded_by", None)
        return None if later is None else later.pk

    def get_unmitigated(self, assessment: ImpactAssessment) -> list[str]:
        """The sides with a negative effect and no mitigation (sign-off is refused while any are)."""
        return rules.unmitigated(assessment.effects())

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self._reached([instance.neighbourhood]):
            data["neighbourhood"] = None
        return data


class SeatSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Seat
        fields = ["id", "kind", "holder"]


class SteeringGroupSerializer(_RefusesUnknown):
    unit = serializers.SlugRelatedField(
        slug_field="slug", queryset=CoProductionUnit.objects.none(), required=False
    )
    team = serializers.SlugRelatedField(
        slug_field="slug", queryset=Team.objects.none(), required=False, allow_null=True
    )
    chair = serializers.PrimaryKeyRelatedField(queryset=Seat.objects.none(), required=False, allow_null=True)
    seats = SeatSerializer(many=True, read_only=True)
    seats_total = serializers.SerializerMethodField()
    seats_community = serializers.SerializerMethodField()
    meets_seat_rule = serializers.SerializerMethodField()

    choices = {"unit": managed_units, "team": led_teams, "chair": seats_kept_by}

    class Meta:
        model = SteeringGroup
        fields = [
            "id", "unit", "team", "name", "term_start", "term_end", "chair", "seats", "seats_total",
            "seats_community", "meets_seat_rule",
        ]  # fmt: skip
        read_only_fields = ["id"]
        validators: list = []

    def validate(self, attrs):
        if self.instance is None and not (attrs.get("team") or attrs.get("unit")):
            raise serializers.ValidationError(
                {"team": "Give the team it advises, or the unit for the unit's own."}
            )
        return attrs

    def _counts(self, group: SteeringGroup) -> tuple[int, int]:
        seats = list(group.seats.all())
        return sum(1 for s in seats if s.kind in COMMUNITY_SEATS), len(seats)

    def get_seats_total(self, group: SteeringGroup) -> int:
        return self._counts(group)[1]

    def get_seats_community(self, group: SteeringGroup) -> int:
        """Seats held by residents and community groups."""
        return self._counts(group)[0]

    def get_meets_seat_rule(self, group: SteeringGroup) -> bool:
        community, total = self._counts(group)
        return rules.seats_meet_rule(community=community, total=total, rule=self._rule(group.unit.region_id))


class MeetingSerializer(_RefusesUnknown):
    unit = serializers.SlugRelatedField(
        slug_field="slug", queryset=CoProductionUnit.objects.none(), required=False
    )
    steering_group = serializers.PrimaryKeyRelatedField(
        queryset=SteeringGroup.objects.none(), required=False, allow_null=True
    )
    plan = serializers.PrimaryKeyRelatedField(
        queryset=RegionalPlan.objects.none(), required=False, allow_null=True
    )
    attended = _many(Seat)
    public_bodies = _many(PublicBody)
    neighbourhoods = _many(Neighbourhood, "slug")
    bodies_and_neighbourhoods = serializers.SerializerMethodField()

    choices = {
        "unit": managed_units,
        "steering_group": keepable_steering_groups,
        "plan": plans_for_user,
        "attended": seats_kept_by,
        "public_bodies": public_bodies_for_user,
    }

    class Meta:
        model = Meeting
        fields = [
            "id", "unit", "steering_group", "plan", "title", "held_on", "attended", "public_bodies",
            "neighbourhoods", "others_present", "decisions", "bodies_and_neighbourhoods",
        ]  # fmt: skip
        read_only_fields = ["id"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:  # a team lead names their own team's neighbourhoods too
            field = self.fields["neighbourhoods"]
            field.child_relation.queryset = Neighbourhood.objects.filter(  # type: ignore[attr-defined]
                team__unit__in=managed_units(request.user)
            ) | Neighbourhood.objects.filter(team__in=led_teams(request.user))

    def validate(self, attrs):
        if self.instance is None and not (attrs.get("steering_group") or attrs.get("unit")):
            raise serializers.ValidationError(
                {"steering_group": "Give the steering group that met, or the unit for a meeting it held."}
            )
        return attrs

    def get_bodies_and_neighbourhoods(self, meeting: Meeting) -> bool:
        """Whether both a regional body and a neighbourhood were present."""
        return bool(meeting.public_bodies.all()) and bool(meeting.neighbourhoods.all())

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["neighbourhoods"] = [h.slug for h in self._reached(instance.neighbourhoods.all())]
        return data
