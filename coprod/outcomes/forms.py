"""Forms of the outcome pages; the services judge the values, so pages and API refuse the same input."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import TypedDict

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from coprod.core.forms import DATE, model_choice_field
from coprod.engagements.models import WorkProgramme
from coprod.neighbourhoods.models import Neighbourhood
from coprod.outcomes import rules
from coprod.outcomes.choices import Direction, Level, OutcomeCategory, SurveyMethod, Unit
from coprod.outcomes.models import Indicator
from coprod.units.models import Team


class _ValueArgs(TypedDict):
    max_digits: int
    decimal_places: int
    widget: forms.Widget


class _CountArgs(TypedDict):
    min_value: int
    initial: int
    widget: forms.Widget


VALUE: _ValueArgs = {
    "max_digits": 14,
    "decimal_places": 2,
    "widget": forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
}
COUNT: _CountArgs = {
    "min_value": 0,
    "initial": 0,
    "widget": forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
}


def indicators_for(neighbourhood: Neighbourhood, *, entered: bool):
    """Neighbourhood indicators a team may use: national ones and its own community's."""
    indicators = Indicator.objects.filter(level=Level.NEIGHBOURHOOD).filter(
        Q(team__isnull=True) | Q(team=neighbourhood.team_id)
    )
    return indicators.filter(computed=False) if entered else indicators


class MeasurementForm(forms.Form):
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none())
    period_start = forms.DateField(widget=DATE, label="Period start")
    period_end = forms.DateField(
        widget=DATE, label="Period end", help_text="For a survey, when fieldwork ended."
    )
    value = forms.DecimalField(**VALUE, help_text="For a survey, the percentage of people who answered yes.")
    sample_size = forms.IntegerField(
        min_value=rules.MIN_SAMPLE_SIZE,
        error_messages={"min_value": rules.SAMPLE_SIZE},
        required=False,
        label="Sample size",
        help_text="How many people answered. Needed for surveys.",
    )
    method = forms.ChoiceField(choices=[("", "Not stated"), *SurveyMethod.choices], required=False)
    source = forms.CharField(
        max_length=200, help_text="For example: Bentilee door-to-door survey, spring 2026."
    )

    def __init__(self, *args, neighbourhood: Neighbourhood, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "indicator").queryset = indicators_for(neighbourhood, entered=True)


class IndicatorForm(forms.Form):
    name = forms.CharField(max_length=200)
    definition = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="How it is measured, in plain words."
    )
    unit = forms.ChoiceField(choices=Unit.choices)
    direction = forms.ChoiceField(
        choices=Direction.choices, widget=forms.RadioSelect, initial=Direction.HIGHER
    )
    level = forms.ChoiceField(
        choices=[(Level.NEIGHBOURHOOD, Level.NEIGHBOURHOOD.label), (Level.GROUP, Level.GROUP.label)],
        widget=forms.RadioSelect,
        initial=Level.NEIGHBOURHOOD,
        help_text="What it describes.",
    )


def parse_milestones(text: str) -> list[tuple[datetime.date, Decimal]]:
    """One milestone per line: a date (2026-09-30) and a value, separated by a space or a comma."""
    milestones = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = line.replace(",", " ").split()
        try:
            if len(parts) != 2:
                raise ValueError
            milestones.append((datetime.date.fromisoformat(parts[0]), Decimal(parts[1])))
        except (ValueError, InvalidOperation):
            raise ValidationError(
                f"Line {number}, '{line}': write a date and a value, for example 2026-09-30 45."
            ) from None
    return milestones


class TargetForm(forms.Form):
    work_programme = forms.ModelChoiceField(queryset=WorkProgramme.objects.none())
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none())
    baseline_value = forms.DecimalField(**VALUE)
    baseline_on = forms.DateField(widget=DATE, label="Baseline date")
    target_value = forms.DecimalField(**VALUE)
    target_on = forms.DateField(widget=DATE, label="Target date")
    milestones = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional interim milestones, one per line: a date and a value, for example 2026-09-30 45.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, neighbourhood: Neighbourhood, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "indicator").queryset = indicators_for(neighbourhood, entered=False)
        model_choice_field(self, "work_programme").queryset = (
            WorkProgramme.objects.filter(team=neighbourhood.team_id)
            .filter(Q(neighbourhoods=neighbourhood) | Q(neighbourhoods__isnull=True))
            .distinct()
        )

    def clean_milestones(self):
        return parse_milestones(self.cleaned_data["milestones"])


class GroupOutcomeForm(forms.Form):
    category = forms.ChoiceField(
        choices=OutcomeCategory.choices, widget=forms.RadioSelect, label="What the group achieved"
    )
    achieved_on = forms.DateField(widget=DATE, label="When", initial=timezone.localdate)
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happened and how we know: minutes, a letter, a count.",
    )


class InvolvementForm(forms.Form):
    period_start = forms.DateField(widget=DATE, label="Period start")
    period_end = forms.DateField(widget=DATE, label="Period end")
    intensive = forms.IntegerField(
        **COUNT, label="Residents involved intensively", help_text="Running groups, organising."
    )
    regular = forms.IntegerField(**COUNT, label="Residents involved regularly")
    occasional = forms.IntegerField(**COUNT, label="Residents involved occasionally")
    service_users = forms.IntegerField(**COUNT, label="People using groups' services")


class StoryForm(forms.Form):
    title = forms.CharField(max_length=150)
    told_on = forms.DateField(widget=DATE, label="Date", initial=timezone.localdate)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Story",
        help_text="Plain language, up to 400 words, no residents' names: reports to directors carry it.",
    )


class BaselineIndicatorsForm(forms.Form):
    taken_on = forms.DateField(widget=DATE, label="Baseline date", initial=timezone.localdate)
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Indicators to freeze",
        help_text="Their values on the baseline date are kept with the baseline and never change.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, neighbourhood: Neighbourhood, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "indicators").queryset = indicators_for(neighbourhood, entered=False)


class MeasurementImportForm(forms.Form):
    team: forms.ModelChoiceField[Team] = forms.ModelChoiceField(queryset=None, empty_label=None)
    file = forms.FileField(label="CSV file", help_text="UTF-8, with a header row.")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "team").queryset = teams
