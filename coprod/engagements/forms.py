"""The quick-log form and the other engagement forms; values go to the services, which judge them."""

import datetime
import uuid

from django import forms
from django.utils import timezone

from coprod.core.forms import DATE, model_choice_field
from coprod.engagements.choices import Dimension, Partner, ReturnSource
from coprod.engagements.models import ActivityType, Theme, WorkProgramme
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import PublicBody
from coprod.places.selectors import bodies_serving
from coprod.units.models import Team

NUMBER = forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"})


class EngagementForm(forms.Form):
    """Quick to fill on a phone: the first six fields are all most contacts need.

    Ranges and cross-field rules are left to the service, so the page and the API say the same thing.
    """

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(widget=DATE)
    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    neighbourhood = forms.ModelChoiceField(queryset=Neighbourhood.objects.none(), required=False)
    activity_type = forms.ModelChoiceField(queryset=ActivityType.objects.all(), label="What kind of contact")
    dimension = forms.ChoiceField(
        choices=[("", "Choose one"), *Dimension.choices], label="Capacity-building dimension"
    )
    minutes = forms.IntegerField(label="Your time (minutes)", widget=NUMBER)
    groups = forms.CharField(
        required=False,
        label="Groups involved",
        help_text="Start typing a name; separate several with ;",
        widget=forms.TextInput(attrs={"list": "group-names", "autocomplete": "off"}),
    )
    people_present = forms.IntegerField(required=False, widget=NUMBER, help_text="Leave empty for none.")
    new_people = forms.IntegerField(required=False, label="People new to community activity", widget=NUMBER)
    partners = forms.MultipleChoiceField(
        choices=Partner.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Partners present"
    )
    public_bodies = forms.ModelMultipleChoiceField(
        queryset=PublicBody.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Public bodies whose staff took part",
        help_text="Those serving your team's area; a unit manager adds the region's.",
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Themes raised",
    )
    tags = forms.CharField(required=False, help_text="Other themes, separated by commas.")
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="Seen by your team only."
    )
    sensitive = forms.BooleanField(required=False, label="Sensitive: only me and the team lead see the notes")
    work_programme = forms.ModelChoiceField(queryset=WorkProgramme.objects.none(), required=False)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "team").queryset = teams
        if teams.count() == 1:
            self.fields["team"].widget = forms.HiddenInput()
        model_choice_field(self, "neighbourhood").queryset = Neighbourhood.objects.filter(team__in=teams)
        model_choice_field(self, "work_programme").queryset = WorkProgramme.objects.filter(
            team__in=teams, end__gte=timezone.localdate()
        )
        model_choice_field(self, "public_bodies").queryset = bodies_serving(teams)
        self.group_names = (
            CommunityGroup.objects.filter(team__in=teams).order_by("name").values_list("name", flat=True)
        )
        self.teams = teams
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
            self.initial.setdefault("date", timezone.localdate())

    def clean_groups(self) -> list[CommunityGroup]:
        names = [n.strip() for n in self.cleaned_data["groups"].split(";") if n.strip()]
        if not names:
            return []
        team = self.cleaned_data.get("team") or self.teams.first()
        found = {g.name.lower(): g for g in CommunityGroup.objects.filter(team=team, name__in=names)}
        missing = [n for n in names if n.lower() not in found]
        if missing:
            raise forms.ValidationError(f"Not in your team's directory: {'; '.join(missing)}")
        return [found[n.lower()] for n in names]

    def service_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("team")
        for name in ("people_present", "new_people"):
            if data.get(name) is None:
                data[name] = 0
        if not data.get("idempotency_key"):
            data.pop("idempotency_key", None)
        return data


class FollowUpForm(forms.Form):
    what = forms.CharField(max_length=300)
    due = forms.DateField(widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("due", timezone.localdate() + datetime.timedelta(days=7))


class WorkProgrammeForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    name = forms.CharField(max_length=200)
    start = forms.DateField(widget=DATE)
    end = forms.DateField(widget=DATE)
    neighbourhoods = forms.ModelMultipleChoiceField(
        queryset=Neighbourhood.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    aims = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    planned_hours = forms.DecimalField(max_digits=8, decimal_places=1, min_value=0)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "team").queryset = teams
        model_choice_field(self, "neighbourhoods").queryset = Neighbourhood.objects.filter(team__in=teams)


class VolunteerReturnForm(forms.Form):
    group = forms.ModelChoiceField(queryset=CommunityGroup.objects.none())
    start = forms.DateField(widget=DATE)
    end = forms.DateField(widget=DATE)
    hours = forms.DecimalField(
        max_digits=10, decimal_places=1, min_value=0, label="Volunteer hours in the period"
    )
    volunteers = forms.IntegerField(min_value=0, label="Number of volunteers")
    source = forms.ChoiceField(choices=ReturnSource.choices, widget=forms.RadioSelect)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "group").queryset = CommunityGroup.objects.filter(team__in=teams)
