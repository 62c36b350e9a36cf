"""App configuration for outcomes: indicators, measurements, targets, group outcomes and stories."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "coprod.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def ready(self) -> None:
        from coprod.neighbourhoods.services import register_snapshot_part
        from coprod.outcomes.selectors import indicator_snapshot

        register_snapshot_part("indicators", indicator_snapshot)

        from coprod.audit.registry import track
        from coprod.outcomes import models as m

        track(m.Indicator, team="team_id", plain=["name", "definition", "source", "reference_note"])
        track(
            m.Measurement,
            team=lambda x: None if (owner := x.neighbourhood or x.group) is None else owner.team_id,
            plain=["source"],
        )
        track(m.Target, team="work_programme.team_id", personal=["notes"])
        track(m.Milestone, team="target.work_programme.team_id")
        track(m.GroupOutcome, team="group.team_id", personal=["evidence"])
        track(m.ResidentInvolvement, team="neighbourhood.team_id")
        # Stories should name no resident, but they are written about residents: keep their words out.
        track(m.Story, team="neighbourhood.team_id", plain=["title"], personal=["body"])
