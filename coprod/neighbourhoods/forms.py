"""HTML forms for neighbourhoods and baselines; they collect input, services apply the rules."""

from django import forms

from coprod.core.forms import model_choice_field
from coprod.neighbourhoods.choices import Settlement
from coprod.places.models import Ward
from coprod.places.selectors import current_lsoas
from coprod.units.models import Team


class NeighbourhoodForm(forms.Form):
    """Choose LSOAs through wards (ticked) and/or by code (typed), within the team's authorities."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), empty_label=None)
    name = forms.CharField(max_length=150)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    wards = forms.ModelMultipleChoiceField(
        queryset=Ward.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="All LSOAs of the wards you tick are included.",
    )
    lsoa_codes = forms.CharField(
        label="LSOA codes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text="Separate codes with spaces, commas or new lines, for example E01014200.",
    )
    settlement = forms.ChoiceField(choices=Settlement.choices, widget=forms.RadioSelect)
    priority = forms.BooleanField(required=False, label="Priority neighbourhood")
    population_entered = forms.IntegerField(
        required=False,
        min_value=0,
        label="Population (if not known from the LSOAs)",
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "team").queryset = teams
        wards = model_choice_field(self, "wards")
        wards.queryset = (
            Ward.objects.filter(local_authority__teams__in=teams).select_related("local_authority").distinct()
        )
        # The field's labels, replaced on this instance (a function of the ward, without self).
        wards.label_from_instance = lambda w: f"{w.name} ({w.local_authority.name})"  # type: ignore[method-assign,assignment]

    def clean_lsoa_codes(self) -> list:
        codes = [c.strip().upper() for c in self.cleaned_data["lsoa_codes"].replace(",", " ").split()]
        if not codes:
            return []
        found = {x.code: x for x in current_lsoas().filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(f"Unknown LSOA codes: {', '.join(unknown)}")
        return list(found.values())


class BaselineTakeForm(forms.Form):
    taken_on = forms.DateField(
        label="Date of the baseline", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
