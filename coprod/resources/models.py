"""Resources for the long haul: regional GVA, growth dividend rules, unit costs, savings claims from
reduced demand and the agreements that remit a share of them to community capacity building."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from coprod.core.models import TimeStampedModel
from coprod.funding.models import Allocation, RegionalInitiative
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Region
from coprod.resources.choices import Prices
from coprod.resources.rules import (
    growth_rule_errors,
    levy_receipt_errors,
    local_opportunity_errors,
    remittance_errors,
    remitted_amount_errors,
    savings_claim_errors,
    unit_cost_errors,
)


def money(verbose_name: str, **kwargs) -> models.DecimalField:
    """Pounds and pence, up to £999,999,999,999.99."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def percentage(verbose_name: str, **kwargs) -> models.DecimalField:
    """A percentage with two decimals; wide enough to hold a mistyped 150, which the rules refuse."""
    return models.DecimalField(verbose_name, max_digits=5, decimal_places=2, **kwargs)


def _number(value: object) -> Decimal | int | None:
    """A value for the rules; one its field could not read is left to the field's own message."""
    return value if isinstance(value, Decimal | int) else None


def _percent_between(name: str) -> Q:
    return Q(**{f"{name}__gte": 0, f"{name}__lte": 100})


class RegionalGva(TimeStampedModel):
    """A region's gross value added in one calendar year, all industries, from the ONS regional accounts."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="gva")
    year = models.PositiveSmallIntegerField()
    prices = models.CharField(max_length=8, choices=Prices.choices)
    value = models.DecimalField("GVA (£ million)", max_digits=12, decimal_places=3)
    source = models.CharField(max_length=200, help_text="The release or file it was imported from.")

    class Meta:
        ordering = ["region__name", "prices", "year"]
        verbose_name = "regional GVA"
        verbose_name_plural = "regional GVA"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "prices"], name="gva_region_year_prices_unique"
            ),
            models.CheckConstraint(
                condition=Q(prices__in=[p.value for p in Prices]), name="gva_prices_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year} ({self.get_prices_display()}): £{self.value:,}m"


class GrowthDividendRule(TimeStampedModel):
    """Capacity-building funding that grows with the regional economy: what a base year's funding is
    worth in a later year, in proportion to the region's GVA (selectors.growth_dividend)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="growth_dividend_rules")
    base_year = models.PositiveSmallIntegerField(help_text="The calendar year of the GVA it grows from.")
    base_funding = money(
        "capacity-building funding in the base year (£)",
    )
    prices = models.CharField(
        max_length=8,
        choices=Prices.choices,
        default=Prices.CURRENT,
        help_text="Current prices grow with inflation too; chained volume measures with real growth only.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["region__name", "base_year", "prices"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "base_year", "prices"], name="growth_rule_region_year_prices_unique"
            ),
            models.CheckConstraint(condition=Q(base_funding__gt=0), name="growth_rule_funding_positive"),
            models.CheckConstraint(
                condition=Q(base_year__gte=1990, base_year__lte=2100), name="growth_rule_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(prices__in=[p.value for p in Prices]), name="growth_rule_prices_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region}: £{self.base_funding:,} in {self.base_year} ({self.get_prices_display()})"

    def clean(self) -> None:
        errors = growth_rule_errors(base_year=self.base_year, base_funding=_number(self.base_funding))
        if errors:
            raise ValidationError(errors)


class UnitCost(TimeStampedModel):
    """What one unit of a public service costs (a GP appointment, a police call-out), with its source,
    year and price base, so a saving can be traced to the figure it rests on."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="unit_costs")
    service = models.CharField(max_length=120, help_text="e.g. Primary care")
    unit = models.CharField(max_length=120, help_text="e.g. GP appointment")
    cost = money("cost per unit (£)")
    source = models.CharField(max_length=300, help_text="Where the figure comes from.")
    year = models.PositiveSmallIntegerField(help_text="The year the figure is for.")
    price_base = models.CharField(max_length=60, help_text="e.g. 2021/22 prices")

    class Meta:
        ordering = ["region__name", "service", "unit", "-year"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="unit_cost_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: £{self.cost:,} ({self.year}, {self.price_base})"

    def clean(self) -> None:
        errors = unit_cost_errors(cost=_number(self.cost), year=self.year)
        if errors:
            raise ValidationError(errors)


class RemittanceAgreement(TimeStampedModel):
    """A public body's agreement to remit a share of the savings it makes to community capacity."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="remittance_agreements")
    public_body = models.CharField(max_length=200)
    share = percentage("share remitted (%)")

    class Meta:
        ordering = ["region__name", "public_body", "pk"]
        constraints = [
            models.CheckConstraint(condition=_percent_between("share"), name="remittance_share_0_to_100"),
        ]

    def __str__(self) -> str:
        return f"{self.public_body}: {self.share}%"

    def clean(self) -> None:
        errors = remittance_errors(share=_number(self.share))
        if errors:
            raise ValidationError(errors)


class SavingsClaim(TimeStampedModel):
    """A saving in public spending from reduced demand: how many units of a service were avoided over a
    period, how much of that is due to community activity (attribution) and how much would have
    happened anyway (deadweight), and the agreement through which a share is remitted."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="savings_claims")
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="savings_claims"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    outcome = models.TextField(help_text="What changed, e.g. fewer GP appointments for loneliness.")
    quantity = models.DecimalField(max_digits=12, decimal_places=2, help_text="Units of service avoided.")
    unit_cost = models.ForeignKey(UnitCost, on_delete=models.PROTECT, related_name="claims")
    attribution = percentage("attribution (%)")
    attribution_evidence = models.TextField(blank=True)
    deadweight = percentage("deadweight (%)")
    deadweight_evidence = models.TextField(blank=True)
    remittance_agreement = models.ForeignKey(
        RemittanceAgreement, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["region__name", "-period_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=_percent_between("attribution"), name="claim_attribution_0_to_100"
            ),
            models.CheckConstraint(
                condition=_percent_between("deadweight"), name="claim_deadweight_0_to_100"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="claim_quantity_not_negative"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="claim_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True, approved_by__isnull=True)
                | Q(approved_on__isnull=False, approved_by__isnull=False),
                name="claim_approved_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity:,} × {self.unit_cost.unit if self.unit_cost_id else 'units'} ({self.region})"

    def clean(self) -> None:
        errors = savings_claim_errors(
            quantity=_number(self.quantity),
            attribution=_number(self.attribution),
            deadweight=_number(self.deadweight),
            period_start=self.period_start,
            period_end=self.period_end,
        )
        if self.region_id:
            if self.unit_cost_id and self.unit_cost.region_id != self.region_id:
                errors["unit_cost"] = "Choose a unit cost of the claim's region."
            hood = self.neighbourhood if self.neighbourhood_id else None
            if hood is not None and hood.team.unit.region_id != self.region_id:
                errors["neighbourhood"] = "Choose a neighbourhood in the claim's region."
            agreement = self.remittance_agreement if self.remittance_agreement_id else None
            if agreement is not None and agreement.region_id != self.region_id:
                errors["remittance_agreement"] = "Choose an agreement of the claim's region."
        if errors:
            raise ValidationError(errors)


class LevyReceipt(TimeStampedModel):
    """Money received from a levy on the profits of new regional investment, levied on one regional
    initiative. It enters the 10% ledger as capacity-building money: services.levy_receipt_save keeps
    the allocation it links to in step with it."""

    initiative = models.ForeignKey(RegionalInitiative, on_delete=models.PROTECT, related_name="levy_receipts")
    source = models.CharField(max_length=200, help_text="Who paid it, e.g. the developer or operator.")
    scheme = models.CharField(max_length=200, help_text="The investment or levy scheme it comes from.")
    amount = money("amount received (£)")
    received_on = models.DateField()
    # PROTECT: the ledger's entry goes only with its receipt, through the service that removes both.
    allocation = models.OneToOneField(
        Allocation, on_delete=models.PROTECT, related_name="levy_receipt", editable=False
    )

    class Meta:
        ordering = ["initiative__region__name", "-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="levy_receipt_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,} levied on {self.scheme} ({self.received_on})"

    def clean(self) -> None:
        errors = levy_receipt_errors(amount=_number(self.amount))
        if errors:
            raise ValidationError(errors)


class Remittance(TimeStampedModel):
    """An amount a public body remitted under its agreement, from the savings claims named, into a
    regional initiative. Like a levy receipt it enters the 10% ledger as capacity-building money
    (services.remittance_save)."""

    agreement = models.ForeignKey(RemittanceAgreement, on_delete=models.PROTECT, related_name="remittances")
    claims = models.ManyToManyField(SavingsClaim, related_name="remittances")
    initiative = models.ForeignKey(RegionalInitiative, on_delete=models.PROTECT, related_name="remittances")
    amount = money("amount remitted (£)")
    remitted_on = models.DateField()
    allocation = models.OneToOneField(
        Allocation, on_delete=models.PROTECT, related_name="remittance", editable=False
    )

    class Meta:
        ordering = ["initiative__region__name", "-remitted_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="remittance_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,} remitted by {self.agreement.public_body} ({self.remitted_on})"

    def clean(self) -> None:
        # The claims are many-to-many, so the amount against them is checked by the service.
        errors = remitted_amount_errors(amount=_number(self.amount), available=None)
        if self.initiative_id and self.agreement_id and self.agreement.region_id != self.initiative.region_id:
            errors["agreement"] = "Choose an agreement of the initiative's region."
        if errors:
            raise ValidationError(errors)


class LocalOpportunity(TimeStampedModel):
    """What a regional initiative ring-fenced for residents of priority neighbourhoods over a period:
    jobs and placements offered and filled, and its spend with local social enterprises and community
    businesses against its total spend (selectors.local_opportunity_figures)."""

    initiative = models.ForeignKey(
        RegionalInitiative, on_delete=models.PROTECT, related_name="local_opportunities"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    jobs_offered = models.PositiveIntegerField(default=0)
    jobs_filled = models.PositiveIntegerField(default=0)
    placements_offered = models.PositiveIntegerField(default=0)
    placements_filled = models.PositiveIntegerField(default=0)
    local_spend = money(
        "spend with local social enterprises and community businesses (£)", default=Decimal("0")
    )
    total_spend = money("the initiative's total spend in the period (£)", default=Decimal("0"))
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["initiative__region__name", "initiative__title", "-period_end", "pk"]
        verbose_name_plural = "local opportunities"
        constraints = [
            models.CheckConstraint(
                condition=Q(jobs_filled__lte=F("jobs_offered")), name="local_jobs_filled_within_offered"
            ),
            models.CheckConstraint(
                condition=Q(placements_filled__lte=F("placements_offered")),
                name="local_placements_filled_within_offered",
            ),
            models.CheckConstraint(
                condition=Q(local_spend__gte=0, local_spend__lte=F("total_spend")),
                name="local_spend_within_total",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="local_opportunity_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.period_start} to {self.period_end}"

    def clean(self) -> None:
        errors = local_opportunity_errors(
            jobs_offered=self.jobs_offered,
            jobs_filled=self.jobs_filled,
            placements_offered=self.placements_offered,
            placements_filled=self.placements_filled,
            local_spend=_number(self.local_spend),
            total_spend=_number(self.total_spend),
            period_start=self.period_start,
            period_end=self.period_end,
        )
        if errors:
            raise ValidationError(errors)
