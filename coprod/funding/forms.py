"""Forms of the ledger; values go to the services, which judge them (so the page and the API agree)."""

from django import forms
from django.utils import timezone

from coprod.core.forms import model_choice_field
from coprod.funding.choices import TRANSITIONS, AllocationState, Category, InitiativeStatus, ProposalStatus
from coprod.funding.models import FundingStream, Proposal, RegionalInitiative
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import Region
from coprod.units.models import Team

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
MONEY = forms.TextInput(
    attrs={"inputmode": "decimal", "class": "govuk-input--width-10", "spellcheck": "false"}
)


def money_field(label: str, *, min_value: int | None = 0, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        min_value=min_value,
        widget=MONEY,
        localize=False,
        **kwargs,
    )


class InitiativeForm(forms.Form):
    region = forms.ModelChoiceField(queryset=Region.objects.none(), empty_label=None)
    title = forms.CharField(max_length=200)
    funding_stream = forms.ModelChoiceField(queryset=FundingStream.objects.all())
    lead_body = forms.CharField(
        max_length=200, help_text="The body that runs it, e.g. the combined authority."
    )
    # Below £0 is refused by funding.rules, with the same message as the API's.
    capital = money_field("Capital budget (£)", initial=0, min_value=None)
    revenue = money_field("Revenue budget (£)", initial=0, min_value=None)
    start = forms.DateField(widget=DATE)
    end = forms.DateField(widget=DATE)
    status = forms.ChoiceField(choices=InitiativeStatus.choices, widget=forms.RadioSelect)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "region").queryset = regions
        if regions.count() == 1:
            self.fields["region"].widget = forms.HiddenInput()
        self.initial.setdefault("status", InitiativeStatus.OPEN)


class AllocationForm(forms.Form):
    # More than £0 is a rule of funding.rules, which the model applies with its message.
    amount = money_field("Amount (£)", min_value=None)
    date = forms.DateField(widget=DATE)
    category = forms.ChoiceField(choices=Category.choices, widget=forms.RadioSelect)
    state = forms.ChoiceField(
        choices=AllocationState.choices,
        widget=forms.RadioSelect,
        help_text="Committed: promised but not yet paid. Both count towards the 10%.",
    )
    title = forms.CharField(max_length=300, required=False, label="What it is for")
    recipient_name = forms.CharField(max_length=200, required=False, label="Recipient")
    neighbourhoods = forms.ModelMultipleChoiceField(
        queryset=Neighbourhood.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Neighbourhoods that benefit",
    )
    groups = forms.ModelMultipleChoiceField(
        queryset=CommunityGroup.objects.none(), required=False, label="Groups that benefit"
    )
    proposal = forms.ModelChoiceField(
        queryset=Proposal.objects.none(), required=False, label="The community proposal it funds, if any"
    )

    def __init__(self, *args, initiative: RegionalInitiative, **kwargs):
        super().__init__(*args, **kwargs)
        region = initiative.region
        model_choice_field(self, "neighbourhoods").queryset = Neighbourhood.objects.filter(
            team__unit__region=region
        )
        model_choice_field(self, "groups").queryset = CommunityGroup.objects.filter(
            team__unit__region=region
        ).order_by("name", "pk")
        model_choice_field(self, "proposal").queryset = Proposal.objects.filter(team__unit__region=region)
        self.initial.setdefault("date", timezone.localdate())
        self.initial.setdefault("state", AllocationState.COMMITTED)


class ProposalForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None, label="Facilitating team")
    title = forms.CharField(max_length=200)
    neighbourhood = forms.ModelChoiceField(queryset=Neighbourhood.objects.none())
    groups = forms.ModelMultipleChoiceField(
        queryset=CommunityGroup.objects.none(), required=False, label="Proposing groups"
    )
    amount_sought = money_field("Amount sought (£)", min_value=None)  # funding.rules refuses below £0
    initiative = forms.ModelChoiceField(
        queryset=RegionalInitiative.objects.none(),
        required=False,
        label="Initiative it is submitted to",
        help_text="Needed before the proposal is submitted.",
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "team").queryset = teams
        if teams.count() == 1:
            self.fields["team"].widget = forms.HiddenInput()
        model_choice_field(self, "neighbourhood").queryset = Neighbourhood.objects.filter(team__in=teams)
        model_choice_field(self, "groups").queryset = CommunityGroup.objects.filter(team__in=teams).order_by(
            "name", "pk"
        )
        model_choice_field(self, "initiative").queryset = RegionalInitiative.objects.filter(
            region__unit__teams__in=teams
        ).distinct()


class ProposalMoveForm(forms.Form):
    to = forms.ChoiceField(label="Move to", widget=forms.RadioSelect)
    on = forms.DateField(widget=DATE, label="On")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[ProposalStatus(proposal.status)]
        # Every status is offered when bound, so a refused move gets the service's reason, not a form error.
        statuses = ProposalStatus if self.is_bound else [ProposalStatus(s) for s in allowed]
        to = self.fields["to"]
        assert isinstance(to, forms.ChoiceField)
        to.choices = [(s.value, s.label) for s in statuses]
        self.initial.setdefault("on", timezone.localdate())
