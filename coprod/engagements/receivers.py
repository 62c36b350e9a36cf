"""Keep the quarterly rollups equal to the returns and groups they sum, whichever way these change:
a return recorded, edited or deleted (by a service, the admin or a cascade), a group merged or deleted.
Every handler runs in the writer's transaction."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from coprod.engagements import rollups
from coprod.engagements.models import EngagedGroupMonth, VolunteerHourReturn
from coprod.engagements.selectors import quarter_start
from coprod.groups.models import CommunityGroup
from coprod.groups.signals import group_merged


@receiver(pre_save, sender=VolunteerHourReturn)
def _remember_return(sender, instance: VolunteerHourReturn, raw=False, **kwargs) -> None:
    instance._rollup_before = (
        VolunteerHourReturn.objects.filter(pk=instance.pk).values_list("group", "start", "end").first()
        if instance.pk and not raw
        else None
    )


@receiver(post_save, sender=VolunteerHourReturn)
def _return_saved(sender, instance: VolunteerHourReturn, raw=False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_rollup_before", None)
    rollups.refresh_groups([instance.group_id], [(instance.start, instance.end)])
    if before is not None:
        rollups.refresh_groups([before[0]], [(before[1], before[2])])


@receiver(post_delete, sender=VolunteerHourReturn)
def _return_deleted(sender, instance: VolunteerHourReturn, **kwargs) -> None:
    rollups.refresh_groups([instance.group_id], [(instance.start, instance.end)])


@receiver(pre_delete, sender=CommunityGroup)
def _remember_quarters(sender, instance: CommunityGroup, **kwargs) -> None:
    months = EngagedGroupMonth.objects.filter(group=instance.pk).order_by()
    instance._rollup_quarters = {
        (team, quarter_start(month)) for team, month in months.values_list("team", "month").distinct()
    }


@receiver(post_delete, sender=CommunityGroup)
def _group_deleted(sender, instance: CommunityGroup, **kwargs) -> None:
    rollups.refresh_quarters(getattr(instance, "_rollup_quarters", ()))


@receiver(group_merged)
def _groups_merged(sender, survivor: CommunityGroup, **kwargs) -> None:
    rollups.refresh_groups([survivor.pk])
