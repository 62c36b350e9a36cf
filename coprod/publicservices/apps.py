"""App configuration for public services: what community groups offer that services refer people to."""

from django.apps import AppConfig


class PublicServicesConfig(AppConfig):
    name = "coprod.publicservices"
    label = "publicservices"
    verbose_name = "Public services"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.publicservices import models as m

        track(m.PublicBody, unit="region.unit.pk", plain=["name", "ods_code"])
        track(m.FrontlineHours, team="team_id", plain=["role"])
        track(m.Offer, team="group.team_id", plain=["name", "schedule", "who_for"])
        track(m.CapacityReading, team="offer.group.team_id")
        track(m.ReferralCount, team="offer.group.team_id")
