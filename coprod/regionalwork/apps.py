"""App configuration for the unit's regional work: regional plans, their consultation windows and
impact assessments, what communities said and what was done, steering groups and their meetings."""

from django.apps import AppConfig


class RegionalWorkConfig(AppConfig):
    name = "coprod.regionalwork"
    label = "regionalwork"
    verbose_name = "Regional work"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.regionalwork import models as m

        mitigations = [f"{name}_mitigation" for name in m.EFFECTS]
        track(m.RegionalWorkRules, unit="unit_id")
        track(m.MeetingAction, unit="meeting.unit_id", team="meeting.steering_group.team_id")
        track(m.RegionalPlan, unit="region.unit.pk", plain=["title", "lead_body", "summary"])
        track(m.ConsultationWindow, unit="plan.region.unit.pk", plain=["title"])
        # Evidence and quotes are what people said: kept out of the trail, as notes are.
        track(m.ImpactAssessment, unit="plan.region.unit.pk", personal=["evidence"], plain=mitigations)
        track(
            m.YouSaidWeDid,
            unit="window.plan.region.unit.pk",
            personal=["quotes"],
            plain=["asked", "themes", "changed", "not_changed"],
        )
        track(m.SteeringGroup, unit="unit_id", team="team_id", plain=["name"])
        track(m.Seat, unit="steering_group.unit_id", team="steering_group.team_id", plain=["organisation"])
        track(
            m.Meeting,
            unit="unit_id",
            team="steering_group.team_id",
            plain=["title", "others_present", "decisions"],
        )
