"""App configuration for the community group directory: groups, venues, duplicates and imports."""

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "coprod.groups"
    label = "groups"
    verbose_name = "Community group directory"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.groups import models as m
        from coprod.groups import rollups  # noqa: F401 (connects the directory rollup's receivers)

        # GroupCount is a rollup of the directory, and not followed.
        track(m.AreaOfWork, plain=["name"])
        # A group's notes are the team's notes about it, and often about the people in it.
        track(m.CommunityGroup, team="team_id", plain=["name", "other_names"], personal=["notes"])
        track(m.GroupChange, team="group.team_id", personal=["note"])
        track(
            m.GroupContact,
            team="group.team_id",
            personal=["name", "role", "email", "phone", "notes"],
            describe=lambda c: f"A contact at {c.group}",
        )
        track(m.GroupLink, team="group.team_id")
        track(m.Venue, team="team_id", plain=["name", "owner"], personal=["notes"])
        track(m.VenueStatusChange, team="venue.team_id")
        track(m.PossibleDuplicate, team="group.team_id", plain=["reason"])
        track(m.GroupMerge, team="survivor.team_id", plain=["merged_name", "moved"])
