"""A rollup of the group directory: groups by team, status and support intensity, and their links to
the neighbourhoods they serve, with their volunteer hours a week (GroupCount), which the dashboard
reads for a whole unit.

Every way the directory changes keeps it equal in the writer's transaction: a group saved, deleted or
merged, or its neighbourhoods changed (receivers below, so the services, the admin and merges alike),
and the import, which writes in bulk and calls refresh_teams() itself. A test holds it equal to the
directory counted directly; rebuild() recomputes it after groups are loaded by other means.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from coprod.core.rollup import sync_rows
from coprod.groups.models import CommunityGroup, GroupCount
from coprod.units.models import Team
from coprod.units.services import lock_teams

ZERO = Decimal("0.0")


@transaction.atomic
def refresh_teams(team_ids: Iterable[int | None]) -> None:
    """Recount the directory of each team, under the teams' locks (as the engagement rollups), writing
    only the rows that changed."""
    for team_id in lock_teams(team_ids):
        groups = CommunityGroup.objects.filter(team=team_id).order_by()
        links = CommunityGroup.neighbourhoods.through.objects.filter(communitygroup__team=team_id).order_by()
        desired = {
            (team_id, None, status, level): (n, hours or ZERO, estimates)
            for status, level, n, hours, estimates in groups.values_list(
                "status", "support_intensity"
            ).annotate(
                n=Count("pk"), hours=Sum("volunteer_hours_week"), estimates=Count("volunteer_hours_week")
            )
        }
        desired |= {
            (team_id, hood, status, level): (n, hours or ZERO, estimates)
            for hood, status, level, n, hours, estimates in links.values_list(
                "neighbourhood", "communitygroup__status", "communitygroup__support_intensity"
            ).annotate(
                n=Count("pk"),
                hours=Sum("communitygroup__volunteer_hours_week"),
                estimates=Count("communitygroup__volunteer_hours_week"),
            )
        }
        sync_rows(
            GroupCount,
            GroupCount.objects.filter(team=team_id),
            key=("team_id", "neighbourhood_id", "status", "support_intensity"),
            values=("n", "hours_week", "estimates"),
            desired=desired,
        )


@transaction.atomic
def rebuild() -> None:
    lock_teams(Team.objects.values_list("pk", flat=True))
    GroupCount.objects.all().delete()
    refresh_teams(CommunityGroup.objects.order_by().values_list("team", flat=True).distinct())


# Where a group being saved keeps the team it had before, for refreshing that team's counts too.
_TEAM_BEFORE = "_count_team_before"


@receiver(pre_save, sender=CommunityGroup)
def _remember_team(sender, instance: CommunityGroup, raw=False, **kwargs) -> None:
    setattr(
        instance,
        _TEAM_BEFORE,
        CommunityGroup.objects.filter(pk=instance.pk).values_list("team", flat=True).first()
        if instance.pk and not raw
        else None,
    )


@receiver(post_save, sender=CommunityGroup)
def _group_saved(sender, instance: CommunityGroup, raw=False, **kwargs) -> None:
    if not raw:
        refresh_teams([instance.team_id, getattr(instance, _TEAM_BEFORE, None)])


@receiver(post_delete, sender=CommunityGroup)
def _group_deleted(sender, instance: CommunityGroup, **kwargs) -> None:
    refresh_teams([instance.team_id])


@receiver(m2m_changed, sender=CommunityGroup.neighbourhoods.through)
def _links_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if not reverse:  # a group's neighbourhoods
        if action in ("post_add", "post_remove", "post_clear"):
            refresh_teams([instance.team_id])
        return
    # A neighbourhood's groups: the teams of the groups added or removed (or, on clear, of those it had).
    if action == "pre_clear":
        instance._count_teams_before = set(instance.groups.values_list("team", flat=True))
    elif action in ("post_add", "post_remove"):
        refresh_teams(CommunityGroup.objects.filter(pk__in=pk_set).values_list("team", flat=True).distinct())
    elif action == "post_clear":
        refresh_teams(getattr(instance, "_count_teams_before", ()))
