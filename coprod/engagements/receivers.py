"""Keep the engagement rollups equal to the records they sum, whichever way these change: groups
merged (the merge moves contacts from one group to the other, so the months of the survivor's
contacts are recomputed); a volunteer-hour return recorded, edited or deleted, a group deleted, or a
group moved to another team's directory (the quarters those groups were engaged in are recomputed).
Every handler runs in the writer's transaction, by the services, the admin or a cascade alike."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from coprod.engagements import rollups
from coprod.engagements.models import VolunteerHourReturn
from coprod.groups.models import CommunityGroup
from coprod.groups.signals import group_merged


@receiver(group_merged)
def _groups_merged(sender, survivor: CommunityGroup, **kwargs) -> None:
    rollups.refresh_groups([survivor.pk])


# What a record being saved or deleted was before, kept on it for the receiver that runs after.
_RETURN_BEFORE = "_rollup_before"
_TEAM_BEFORE = "_rollup_team_before"
_QUARTERS = "_rollup_quarters"


@receiver(pre_save, sender=VolunteerHourReturn)
def _remember_return(sender, instance: VolunteerHourReturn, raw=False, **kwargs) -> None:
    setattr(
        instance,
        _RETURN_BEFORE,
        VolunteerHourReturn.objects.filter(pk=instance.pk).values_list("group", "start", "end").first()
        if instance.pk and not raw
        else None,
    )


@receiver(post_save, sender=VolunteerHourReturn)
def _return_saved(sender, instance: VolunteerHourReturn, raw=False, **kwargs) -> None:
    if raw:
        return
    touched = rollups.quarters_of_groups([instance.group_id], [(instance.start, instance.end)])
    before = getattr(instance, _RETURN_BEFORE, None)
    if before is not None:
        touched |= rollups.quarters_of_groups([before[0]], [(before[1], before[2])])
    rollups.refresh_quarters(touched)


@receiver(post_delete, sender=VolunteerHourReturn)
def _return_deleted(sender, instance: VolunteerHourReturn, **kwargs) -> None:
    rollups.refresh_quarters(
        rollups.quarters_of_groups([instance.group_id], [(instance.start, instance.end)])
    )


@receiver(pre_save, sender=CommunityGroup)
def _remember_owner(sender, instance: CommunityGroup, raw=False, **kwargs) -> None:
    setattr(
        instance,
        _TEAM_BEFORE,
        CommunityGroup.objects.filter(pk=instance.pk).values_list("team", flat=True).first()
        if instance.pk and not raw
        else None,
    )


@receiver(post_save, sender=CommunityGroup)
def _group_saved(sender, instance: CommunityGroup, created=False, raw=False, **kwargs) -> None:
    before = getattr(instance, _TEAM_BEFORE, None)
    if not raw and not created and before != instance.team_id:
        rollups.refresh_quarters(rollups.quarters_of_groups([instance.pk]))


@receiver(pre_delete, sender=CommunityGroup)
def _remember_quarters(sender, instance: CommunityGroup, **kwargs) -> None:
    setattr(instance, _QUARTERS, rollups.quarters_of_groups([instance.pk]))


@receiver(post_delete, sender=CommunityGroup)
def _group_deleted(sender, instance: CommunityGroup, **kwargs) -> None:
    rollups.refresh_quarters(getattr(instance, _QUARTERS, ()))
