"""The 10% ledger: funding streams, regional initiatives, their allocations, and community proposals."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from coprod.core.models import TimeStampedModel, Vocabulary
from coprod.funding.choices import AllocationState, Category, InitiativeStatus, ProposalStatus
from coprod.funding.rules import allocation_errors, initiative_errors, proposal_errors
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Region
from coprod.units.models import Team


def money(verbose_name: str, **kwargs) -> models.DecimalField:
    """Pounds and pence, up to £999,999,999,999.99."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def _amount(value: object) -> Decimal | int | None:
    """An amount for the rules; one its field could not read is left to the field's own message."""
    return value if isinstance(value, Decimal | int) else None


class FundingStream(Vocabulary):
    """Where an initiative's money comes from (UK Shared Prosperity Fund, Town Deals...)."""


class RegionalInitiative(TimeStampedModel):
    """A fund, investment programme or regeneration scheme in a region, with its budget and period.

    The budget is capital plus revenue; both parts are stored and the total is derived, so the two
    can never disagree.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="initiatives")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    funding_stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, related_name="initiatives")
    lead_body = models.CharField(
        max_length=200, help_text="The body that runs it, e.g. the combined authority."
    )
    capital = money("capital budget (£)", default=Decimal("0"))
    revenue = money("revenue budget (£)", default=Decimal("0"))
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=10, choices=InitiativeStatus.choices, default=InitiativeStatus.OPEN)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["region__name", "-start", "title"]
        constraints = [
            models.UniqueConstraint(fields=["region", "title"], name="initiative_title_unique_in_region"),
            models.CheckConstraint(condition=Q(capital__gte=0), name="initiative_capital_not_negative"),
            models.CheckConstraint(condition=Q(revenue__gte=0), name="initiative_revenue_not_negative"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="initiative_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def budget(self) -> Decimal:
        return (self.capital or Decimal("0")) + (self.revenue or Decimal("0"))

    def clean(self) -> None:
        errors = initiative_errors(capital=_amount(self.capital), revenue=_amount(self.revenue))
        if self.start and self.end and self.end < self.start:
            errors["end"] = "The end comes after the start."
        if errors:
            raise ValidationError(errors)


class Proposal(TimeStampedModel):
    """A regeneration proposal a neighbourhood develops with its CCB team, and where it has got to.

    The status moves only along the pipeline (choices.TRANSITIONS), each move kept as a dated
    ProposalTransition, so the time spent in each stage can be measured.
    """

    title = models.CharField(max_length=200)
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="proposals")
    groups = models.ManyToManyField(
        CommunityGroup, blank=True, related_name="proposals", verbose_name="proposing groups"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="proposals", verbose_name="facilitating team"
    )
    amount_sought = money("amount sought (£)")
    initiative = models.ForeignKey(
        RegionalInitiative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        help_text="The initiative it is (or will be) submitted to.",
    )
    status = models.CharField(max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.IDEA)
    status_since = models.DateField()
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["-status_since", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_sought__gte=0), name="proposal_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = proposal_errors(amount_sought=_amount(self.amount_sought))
        if self.neighbourhood_id and self.team_id and self.neighbourhood.team_id != self.team_id:
            errors["neighbourhood"] = "Choose one of the facilitating team's neighbourhoods."
        if (
            self.initiative_id
            and self.team_id
            and self.initiative is not None
            and self.initiative.region_id != self.team.unit.region_id
        ):
            errors["initiative"] = "Choose an initiative in the team's region."
        if errors:
            raise ValidationError(errors)


class ProposalTransition(models.Model):
    """One dated move of a proposal along the pipeline; the first row records its creation."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ProposalStatus.choices)
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.from_status or 'new'} to {self.to_status} on {self.on}"


class Allocation(TimeStampedModel):
    """Money from an initiative: how much, when, what for (the 10% categories), committed or spent,
    and who benefits. A grant imported from 360Giving data keeps its identifier, so it is imported once.
    """

    initiative = models.ForeignKey(RegionalInitiative, on_delete=models.PROTECT, related_name="allocations")
    amount = money("amount (£)")
    date = models.DateField()
    category = models.CharField(max_length=20, choices=Category.choices)
    state = models.CharField(
        max_length=10, choices=AllocationState.choices, default=AllocationState.COMMITTED
    )
    title = models.CharField(max_length=300, blank=True, help_text="What the money is for.")
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_identifier = models.CharField(max_length=80, blank=True)
    neighbourhoods = models.ManyToManyField(Neighbourhood, blank=True, related_name="allocations")
    groups = models.ManyToManyField(CommunityGroup, blank=True, related_name="allocations")
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations"
    )
    # A record of its own that this entry stands for in the ledger (a levy receipt, a remittance):
    # the entry changes and goes only with that record, through its service.
    kept_by = models.CharField(max_length=40, blank=True, default="", editable=False)
    grant_identifier = models.CharField(
        max_length=120, blank=True, help_text="The 360Giving grant identifier, for grants imported from it."
    )
    grant_programme = models.CharField(
        max_length=200, blank=True, help_text="The funder's programme the grant was made under (360Giving)."
    )
    recipient_postcode = models.CharField(
        max_length=10, blank=True, help_text="The recipient organisation's postcode (360Giving)."
    )

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["initiative", "category", "state"], name="allocation_ledger_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
            models.UniqueConstraint(
                fields=["grant_identifier"],
                condition=~Q(grant_identifier=""),
                name="allocation_grant_identifier_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,} from {self.initiative} ({self.get_category_display()})"

    def clean(self) -> None:
        errors = allocation_errors(amount=_amount(self.amount))
        if self.proposal_id and self.initiative_id and self.proposal is not None:
            if self.proposal.initiative_id not in (None, self.initiative_id):
                errors["proposal"] = "That proposal was submitted to another initiative."
            elif self.proposal.team.unit.region_id != self.initiative.region_id:
                errors["proposal"] = "Choose a proposal from the initiative's region."
        if errors:
            raise ValidationError(errors)
