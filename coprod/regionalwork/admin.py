"""Admin of the unit's regional work: read-only, since every write goes through the services, except
a unit's rules, which an administrator may set there."""

from django.contrib import admin

from coprod.core.admin import ReadOnlyAdmin
from coprod.regionalwork.models import (
    ConsultationWindow,
    ImpactAssessment,
    Meeting,
    RegionalPlan,
    RegionalWorkRules,
    SteeringGroup,
)


@admin.register(RegionalPlan)
class RegionalPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "region", "lead_body", "idea_on", "design_freeze_on"]
    list_filter = ["region"]


@admin.register(ConsultationWindow)
class ConsultationWindowAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan", "method", "opens", "closes", "team"]


@admin.register(ImpactAssessment)
class ImpactAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["plan", "neighbourhood", "signed_off_at"]


@admin.register(SteeringGroup)
class SteeringGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "team", "term_start", "term_end"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "steering_group", "held_on"]


@admin.register(RegionalWorkRules)
class RegionalWorkRulesAdmin(ReadOnlyAdmin):
    list_display = ["unit", "min_weeks_open", "min_weeks_notice", "community_share_percent"]
