"""Admin for units, teams and memberships, for administrators."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import AnonymousUser, User
from rest_framework.authtoken.models import TokenProxy

from coprod.units.models import CoProductionUnit, Membership, Team
from coprod.units.services import membership_end, membership_grant, self_grant_refusal, validate_team_coverage

if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object


class MembershipInline(admin.TabularInline):
    # Read-only here: roles are given on the membership page, which checks who gives them.
    model = Membership
    extra = 0
    fields = readonly_fields = ("user", "role", "start_date", "end_date")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


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
        assert cleaned is not None  # ModelForm.clean returns cleaned_data
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


class NotOwnMembershipMixin(_ModelAdmin):
    """Nobody but a superuser changes their own roles, even an administrator."""

    def has_change_permission(self, request, obj=None):
        own = obj is not None and obj.user_id == request.user.pk and not request.user.is_superuser
        return not own and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        own = obj is not None and obj.user_id == request.user.pk and not request.user.is_superuser
        return not own and super().has_delete_permission(request, obj)


class MembershipAdminForm(forms.ModelForm):
    current_user: User | AnonymousUser | None  # set by MembershipAdmin.get_form

    class Meta:
        model = Membership
        fields = ["user", "role", "team", "unit", "start_date", "end_date"]

    def clean_user(self):
        user = self.cleaned_data["user"]
        refusal = self_grant_refusal(self.current_user, user)
        if refusal:
            raise forms.ValidationError(refusal)
        return user


@admin.register(Membership)
class MembershipAdmin(NotOwnMembershipMixin, admin.ModelAdmin):
    """Memberships are given and ended through the services the pages and the API use: a new one
    through membership_grant, and an existing one only ended (its end date), through membership_end;
    a different role is a new membership, so the trail shows who held which role when."""

    form = MembershipAdminForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        assert issubclass(form, MembershipAdminForm)
        form.current_user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["user", "role", "team", "unit", "start_date"]
        return []

    def save_model(self, request, obj, form, change):
        if change:
            membership_end(membership=obj, end_date=obj.end_date)
            return
        given = membership_grant(
            actor=request.user, user=obj.user, role=obj.role, team=obj.team, unit=obj.unit,
            start_date=obj.start_date, end_date=obj.end_date,
        )  # fmt: skip
        obj.pk, obj._state.adding = given.pk, False

    list_display = ["user", "role", "team", "unit", "start_date", "end_date"]
    list_filter = ["role", "team", "unit"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


class CoprodUserAdmin(UserAdmin):
    """Only superusers may grant superuser, staff or Django permissions."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "is_staff", "groups", "user_permissions"]
        return fields


admin.site.unregister(User)
admin.site.register(User, CoprodUserAdmin)
# API tokens are secrets; nobody reads them in the admin.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)
