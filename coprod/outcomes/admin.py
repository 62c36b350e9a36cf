"""Outcomes in the admin: administrators keep the national indicator registry; the rest is read only."""

from django.contrib import admin

from coprod.core.admin import ReadOnlyAdmin
from coprod.outcomes.models import GroupOutcome, Indicator, Measurement, ResidentInvolvement, Story, Target


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "direction", "level", "source", "computed", "team"]
    list_filter = ["source", "level", "computed"]
    search_fields = ["name", "code"]
    readonly_fields = ["computed"]

    def has_delete_permission(self, request, obj=None):
        # Indicators with values are kept; computed ones are part of coprod.
        if obj is not None and (obj.computed or obj.measurements.exists() or obj.targets.exists()):
            return False
        return super().has_delete_permission(request, obj)


for model in (Measurement, Target, GroupOutcome, ResidentInvolvement, Story):
    admin.site.register(model, ReadOnlyAdmin)
