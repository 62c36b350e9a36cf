"""App configuration for the engagement log: contacts, follow-ups, work programmes, volunteer hours."""

from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "coprod.engagements"
    label = "engagements"
    verbose_name = "Engagement log"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.engagements import models as m
        from coprod.engagements import receivers  # noqa: F401 (connects the rollups' receiver)

        # ContactDay, ContactMonth, EngagedGroupMonth, EngagedGroupQuarter, QuarterGroups and
        # QuarterReturns are rollups of the engagements; EngagementDeletion is itself a record of deletions.
        # None is followed.
        track(m.ActivityType, plain=["name"])
        track(m.Theme, plain=["name"])
        track(m.WorkProgramme, team="team_id", plain=["name", "aims"])
        # Free tags are typed like notes, so they are kept out with them.
        track(m.Engagement, team="team_id", personal=["notes", "tags"], plain=["partners"])
        track(
            m.FollowUp,
            team="team_id",
            personal=["what"],
            describe=lambda f: f"Follow-up due {f.due}",
        )
        track(m.VolunteerHourReturn, team="group.team_id")
