"""Forms of long-term resources; values go to the services, which judge them (so the page and the API
agree). Percentages take any number the field can hold: resources.rules refuses those outside 0 to 100
with the same message as the API's."""

from django import forms

from coprod.core.forms import DATE, model_choice_field
from coprod.funding.models import RegionalInitiative
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Region
from coprod.resources.choices import Prices
from coprod.resources.models import RemittanceAgreement, SavingsClaim, UnitCost

MONEY = forms.TextInput(
    attrs={"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false"}
)
NUMBER = forms.TextInput(
    attrs={"inputmode": "decimal", "class": "govuk-input--width-5", "spellcheck": "false"}
)
YEAR = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"})
COUNT = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"})


def money_field(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=14, decimal_places=2, widget=MONEY, localize=False, **kwargs
    )


def percent_field(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=5, decimal_places=2, widget=NUMBER, localize=False, **kwargs
    )


class GrowthDividendRuleForm(forms.Form):
    base_year = forms.IntegerField(widget=YEAR, help_text="The calendar year of the GVA it grows from.")
    base_funding = money_field("Capacity-building funding in the base year (£)")
    prices = forms.ChoiceField(
        choices=Prices.choices,
        widget=forms.RadioSelect,
        label="Grow with GVA at",
        help_text="Current prices include inflation; chained volume measures are real growth only.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("prices", Prices.CURRENT)


class UnitCostForm(forms.Form):
    service = forms.CharField(max_length=120, help_text="e.g. Primary care")
    unit = forms.CharField(max_length=120, help_text="e.g. GP appointment")
    cost = money_field("Cost per unit (£)")
    source = forms.CharField(max_length=300, help_text="Where the figure comes from.")
    year = forms.IntegerField(widget=YEAR, help_text="The year the figure is for.")
    price_base = forms.CharField(max_length=60, help_text="e.g. 2021/22 prices")


class RemittanceAgreementForm(forms.Form):
    public_body = forms.CharField(max_length=200, help_text="e.g. the integrated care board")
    share = percent_field("Share of the net saving remitted (%)")


class SavingsClaimForm(forms.Form):
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), help_text="What changed.")
    neighbourhood = forms.ModelChoiceField(queryset=Neighbourhood.objects.none(), required=False)
    period_start = forms.DateField(widget=DATE)
    period_end = forms.DateField(widget=DATE)
    quantity = forms.DecimalField(
        max_digits=12, decimal_places=2, widget=NUMBER, localize=False, help_text="Units of service avoided."
    )
    unit_cost = forms.ModelChoiceField(queryset=UnitCost.objects.none())
    attribution = percent_field(
        "Attribution (%)", help_text="The share of the outcome due to community activity."
    )
    attribution_evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    deadweight = percent_field("Deadweight (%)", help_text="The share that would have happened anyway.")
    deadweight_evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    remittance_agreement = forms.ModelChoiceField(
        queryset=RemittanceAgreement.objects.none(), required=False, label="Remitted through"
    )
    approved_on = forms.DateField(widget=DATE, required=False, help_text="Approves the claim in your name.")

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "neighbourhood").queryset = Neighbourhood.objects.filter(
            team__unit__region=region
        )
        model_choice_field(self, "unit_cost").queryset = UnitCost.objects.filter(region=region)
        model_choice_field(self, "remittance_agreement").queryset = RemittanceAgreement.objects.filter(
            region=region
        )


def count_field(label: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, widget=COUNT, initial=0, **kwargs)


class _OnInitiative(forms.Form):
    """A record on one of the region's regional initiatives."""

    initiative = forms.ModelChoiceField(
        queryset=RegionalInitiative.objects.none(), label="Regional initiative"
    )

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "initiative").queryset = RegionalInitiative.objects.filter(
            region=region
        ).order_by("title")


class LevyReceiptForm(_OnInitiative):
    scheme = forms.CharField(max_length=200, help_text="The investment or levy scheme it comes from.")
    source = forms.CharField(max_length=200, help_text="Who paid it, e.g. the developer or operator.")
    amount = money_field("Amount received (£)")
    received_on = forms.DateField(widget=DATE, label="Received on")


class RemittanceForm(_OnInitiative):
    agreement = forms.ModelChoiceField(
        queryset=RemittanceAgreement.objects.none(), label="Remitted under the agreement with"
    )
    claims = forms.ModelMultipleChoiceField(
        queryset=SavingsClaim.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Savings claims it comes from",
        help_text="The amount can be no more than these claims' remitted figures add to.",
    )
    amount = money_field("Amount remitted (£)")
    remitted_on = forms.DateField(widget=DATE, label="Remitted on")

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, region=region, **kwargs)
        model_choice_field(self, "agreement").queryset = RemittanceAgreement.objects.filter(region=region)
        model_choice_field(self, "claims").queryset = SavingsClaim.objects.filter(
            region=region, remittance_agreement__isnull=False
        ).select_related("unit_cost")


class LocalOpportunityForm(_OnInitiative):
    period_start = forms.DateField(widget=DATE)
    period_end = forms.DateField(widget=DATE)
    jobs_offered = count_field("Jobs ring-fenced for residents of priority neighbourhoods")
    jobs_filled = count_field("Of those, jobs filled")
    placements_offered = count_field("Placements ring-fenced for residents of priority neighbourhoods")
    placements_filled = count_field("Of those, placements filled")
    local_spend = money_field("Spend with local social enterprises and community businesses (£)", initial=0)
    total_spend = money_field("The initiative's total spend in the period (£)", initial=0)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
