"""App configuration for the 10% ledger: regional initiatives, allocations and community proposals."""

from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "coprod.funding"
    label = "funding"
    verbose_name = "Funding (the 10% ledger)"

    def ready(self) -> None:
        from coprod.audit.registry import track
        from coprod.funding import models as m

        track(m.FundingStream, plain=["name"])
        track(m.RegionalInitiative, unit="region.unit.pk", plain=["title", "lead_body", "description"])
        track(m.Proposal, team="team_id", plain=["title"], personal=["description"])
        track(m.ProposalTransition, team="proposal.team_id", personal=["note"])
        # A 360Giving grant may go to an individual: the recipient's name is personal data then.
        track(
            m.Allocation,
            unit="initiative.region.unit.pk",
            plain=["title", "grant_programme"],
            personal=["recipient_name", "recipient_postcode"],
            describe=lambda a: f"£{a.amount:,} from {a.initiative} ({a.get_category_display()})",
        )
