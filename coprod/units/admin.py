"""Admin for units, teams and memberships, for administrators."""

from django import forms
from django.contrib import admin

from coprod.units.models import CoProductionUnit, Membership, Team
from coprod.units.services import validate_team_coverage


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(CoProductionUnit)
class CoProductionUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class TeamAdminForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = ["unit", "name", "slug", "authorities", "host_authority"]

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(k) is not None for k in ("unit", "authorities", "host_authority")):
            validate_team_coverage(
                unit=cleaned["unit"],
                authorities=list(cleaned["authorities"]),
                host_authority=cleaned["host_authority"],
            )
        return cleaned


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    form = TeamAdminForm
    list_display = ["name", "unit", "host_authority"]
    list_filter = ["unit"]
    filter_horizontal = ["authorities"]
    raw_id_fields = ["host_authority"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "team", "unit", "start_date", "end_date"]
    list_filter = ["role", "team", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]
