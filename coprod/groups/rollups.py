"""A rollup of the group directory: groups by team, status and support intensity, and their links to
the neighbourhoods they serve (GroupCount), which the dashboard reads for a whole unit.

Every way the directory changes keeps it equal in the writer's transaction: a group saved, deleted or
merged, or its neighbourhoods changed (receivers below, so the services, the admin and merges alike),
and the import, which writes in bulk and calls refresh_teams() itself. A test holds it equal to the
directory counted directly; rebuild() recomputes it after groups are loaded by other means.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from coprod.groups.models import CommunityGroup, GroupCount


def refresh_teams(team_ids: Iterable[int | None]) -> None:
    """Recount the directory of each team."""
    for team_id in sorted({t for t in team_ids if t is not None}):
        groups = CommunityGroup.objects.filter(team=team_id).order_by()
        links = CommunityGroup.neighbourhoods.through.objects.filter(communitygroup__team=team_id).order_by()
        GroupCount.objects.filter(team=team_id).delete()
        rows = [
            GroupCount(team_id=team_id, status=status, support_intensity=level, n=n)
            for status, level, n in groups.values_list("status", "support_intensity").annotate(n=Count("pk"))
        ]
        rows += [
            GroupCount(team_id=team_id, neighbourhood_id=hood, status=status, support_intensity=level, n=n)
            for hood, status, level, n in links.values_list(
                "neighbourhood", "communitygroup__status", "communitygroup__support_intensity"
            ).annotate(n=Count("pk"))
        ]
        GroupCount.objects.bulk_create(rows, batch_size=2000)


def rebuild() -> None:
    GroupCount.objects.all().delete()
    refresh_teams(CommunityGroup.objects.order_by().values_list("team", flat=True).distinct())


@receiver(pre_save, sender=CommunityGroup)
def _remember_team(sender, instance: CommunityGroup, raw=False, **kwargs) -> None:
    instance._count_team_before = (
        CommunityGroup.objects.filter(pk=instance.pk).values_list("team", flat=True).first()
        if instance.pk and not raw
        else None
    )


@receiver(post_save, sender=CommunityGroup)
def _group_saved(sender, instance: CommunityGroup, raw=False, **kwargs) -> None:
    if not raw:
        refresh_teams([instance.team_id, getattr(instance, "_count_team_before", None)])


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
