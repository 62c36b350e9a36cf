"""HTML forms for the group directory; they collect input, services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict

from coprod.core.forms import DATE, model_choice_field
from coprod.groups.choices import LinkKind
from coprod.groups.fields import FORM_FIELDS
from coprod.groups.models import AreaOfWork, CommunityGroup, GroupContact, Venue
from coprod.groups.rules import normalise_identifiers, normalise_postcode
from coprod.places.selectors import current_lsoas
from coprod.units.models import Team

GROUP_FORM_FIELDS = FORM_FIELDS  # groups.fields


class GroupForm(forms.ModelForm):
    """All of a group's details; the LSOA is typed as a code, the team is chosen once, at creation."""

    # What a bound form is given (request.POST, or a dict), copied before tidying (see _clean_identifiers).
    data: MultiValueDict[str, Any] | dict[str, Any]

    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    base_lsoa_code = forms.CharField(
        label="Base LSOA code", required=False, help_text="Optional, for example E01014226."
    )

    class Meta:
        model = CommunityGroup
        fields = GROUP_FORM_FIELDS
        widgets = {
            "other_names": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "areas_of_work": forms.CheckboxSelectMultiple,
            "neighbourhoods": forms.CheckboxSelectMultiple,
            "volunteer_estimate_on": DATE,
            "status_since": DATE,
            "support_intensity_since": DATE,
            "started_with_team_on": DATE,
        }

    def __init__(self, *args, teams, visible_teams, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        model_choice_field(self, "team").queryset = teams
        if editing:
            self.fields["team"].initial = self.instance.team
            self.fields["team"].disabled = True
            self.fields["base_lsoa_code"].initial = (
                self.instance.base_lsoa.code if self.instance.base_lsoa else ""
            )
        team_ids = [self.instance.team_id] if editing else list(teams.values_list("pk", flat=True))
        neighbourhoods = model_choice_field(self, "neighbourhoods")
        assert neighbourhoods.queryset is not None
        neighbourhoods.queryset = neighbourhoods.queryset.filter(team__in=team_ids)
        model_choice_field(self, "areas_of_work").queryset = AreaOfWork.objects.all()
        model_choice_field(self, "started_with_team").queryset = visible_teams
        for name in ("status_since", "support_intensity_since"):
            self.fields[name].required = False
            self.fields[name].help_text = "Leave empty for today when it changes."

    def _clean_identifiers(self):
        # Tidy numbers and postcodes as people type them before the model's validators see them; an
        # identifier typed in is kept as typed (one is derived only where none was given).
        tidy = normalise_identifiers(
            {
                k: self.data.get(self.add_prefix(k), "")
                for k in ("charity_number", "company_number", "base_postcode", "org_identifier")
            }
        )
        for key, value in tidy.items():
            if key in self.fields and value and not self.fields[key].disabled:
                self.data = self.data.copy()
                self.data[self.add_prefix(key)] = value

    def full_clean(self):
        if self.is_bound:
            self._clean_identifiers()
        super().full_clean()

    def clean_base_lsoa_code(self):
        code = self.cleaned_data["base_lsoa_code"].strip().upper()
        if not code:
            return None
        lsoa = current_lsoas().filter(code=code).first()
        if lsoa is None:
            raise forms.ValidationError(f"No LSOA with the code {code}.")
        return lsoa

    def service_values(self) -> dict:
        """The cleaned values in the shape the services take."""
        data = dict(self.cleaned_data)
        data.pop("team", None)
        data["base_lsoa"] = data.pop("base_lsoa_code")
        for name in ("status_since", "support_intensity_since"):
            if not data.get(name):
                data.pop(name, None)
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = GroupContact
        fields = ["name", "role", "email", "phone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class LinkForm(forms.Form):
    kind = forms.ChoiceField(choices=LinkKind.choices)
    other = forms.ModelChoiceField(queryset=CommunityGroup.objects.none(), label="Group")

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "other").queryset = groups


class VenueForm(forms.ModelForm):
    # What a bound form is given (request.POST, or a dict), copied before tidying (see full_clean).
    data: MultiValueDict[str, Any] | dict[str, Any]

    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    status_on = forms.DateField(
        label="Status since",
        required=False,
        help_text="The day the venue opened, came at risk, closed or was transferred, if it changes now. "
        "Leave empty for today.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    field_order = ["team", "name", "kind", "owner", "status", "status_on"]

    def full_clean(self):
        if self.is_bound and self.data.get(self.add_prefix("postcode")):
            self.data = self.data.copy()
            self.data[self.add_prefix("postcode")] = normalise_postcode(
                self.data[self.add_prefix("postcode")]
            )
        super().full_clean()

    class Meta:
        model = Venue
        fields = [
            "name",
            "kind",
            "owner",
            "status",
            "asset_of_community_value",
            "postcode",
            "days_open_week",
            "community_hire_rate",
            "commercial_hire_rate",
            "groups",
            "notes",
        ]
        widgets = {"groups": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "team").queryset = teams
        if self.instance.pk:
            self.fields["team"].initial = self.instance.team
            self.fields["team"].disabled = True
        team_ids = [self.instance.team_id] if self.instance.pk else list(teams.values_list("pk", flat=True))
        model_choice_field(self, "groups").queryset = CommunityGroup.objects.filter(team__in=team_ids)


class ImportForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    file = forms.FileField(label="CSV file", help_text="UTF-8 CSV with a header row; see the columns below.")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "team").queryset = teams
