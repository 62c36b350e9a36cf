"""Pages of a unit's teams and their people: who is in which team, adding a person, ending a
membership. Views read through selectors and write through services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from coprod.core.views import form_page
from coprod.units import services
from coprod.units.forms import MembershipEndForm, TeamMemberForm
from coprod.units.models import Team
from coprod.units.selectors import memberships_for_user, team_members, teams_for_user, teams_staffed_by


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    """The teams a person reaches, each with its people today."""
    teams = teams_for_user(request.user).select_related("unit").order_by("unit__name", "name")
    staffed = set(teams_staffed_by(request.user).values_list("pk", flat=True))
    members = team_members(teams)
    return render(
        request,
        "units/team_list.html",
        {"teams": [(team, members[team.pk], team.pk in staffed) for team in teams]},
    )


def _team(request: HttpRequest, slug: str):
    return get_object_or_404(teams_for_user(request.user).select_related("unit"), slug=slug)


@login_required
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    team = _team(request, slug)
    return render(
        request,
        "units/team_detail.html",
        {
            "team": team,
            "members": team_members(Team.objects.filter(pk=team.pk))[team.pk],
            "staffs": teams_staffed_by(request.user).filter(pk=team.pk).exists(),
        },
    )


@login_required
def team_member_add(request: HttpRequest, slug: str) -> HttpResponse:
    team = _team(request, slug)
    services.require_staffing(request.user, team)
    back = reverse("team-detail", args=[team.slug])

    def save(values: dict) -> str:
        membership = services.team_member_add(actor=request.user, team=team, **values)
        return f"{membership.user.get_username()} is in {team} as {membership.get_role_display().lower()}."

    return form_page(
        request,
        form=TeamMemberForm(request.POST or None),
        template="units/team_member_form.html",
        save=save,
        back=back,
        context={"team": team},
    )


@login_required
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(memberships_for_user(request.user).filter(team__isnull=False), pk=pk)
    team = membership.team
    assert team is not None  # only a team's memberships are reached here
    services.require_staffing(request.user, team)

    def save(values: dict) -> str:
        ended = services.team_member_end(actor=request.user, membership=membership, **values)
        return f"{ended.user.get_username()} is in {team} until {ended.end_date:%-d %B %Y}."

    return form_page(
        request,
        form=MembershipEndForm(request.POST or None),
        template="units/membership_end.html",
        save=save,
        back=reverse("team-detail", args=[team.slug]),
        context={"membership": membership, "team": team},
    )
