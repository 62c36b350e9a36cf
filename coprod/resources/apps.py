"""App configuration for long-term resources: regional GVA, the growth dividend, savings from reduced
demand and their remittances, levy receipts and local opportunity."""

from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "coprod.resources"
    label = "resources"
    verbose_name = "Resources for the long haul"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.resources import models as m

        # Regional GVA is written in bulk by its import, which sends no signals: the trail records each run.
        track(m.RegionalGva, plain=["source"])
        track(m.GrowthDividendRule, unit="region.unit.pk", plain=["notes"])
        track(m.UnitCost, unit="region.unit.pk", plain=["source"])
        track(m.RemittanceAgreement, unit="region.unit.pk", plain=["public_body"])
        track(
            m.SavingsClaim,
            unit="region.unit.pk",
            plain=["outcome", "attribution_evidence", "deadweight_evidence"],
        )
        track(m.LevyReceipt, unit="initiative.region.unit.pk", plain=["source", "scheme"])
        track(m.Remittance, unit="initiative.region.unit.pk")
        track(m.LocalOpportunity, unit="initiative.region.unit.pk", plain=["notes"])
