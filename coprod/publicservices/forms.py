"""Forms of public services' records, for team leads on a phone or at a desk."""

from __future__ import annotations

from django import forms

from coprod.core.forms import DATE, model_choice_field
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LocalAuthority, PublicBody
from coprod.publicservices.models import CapacityReading, FrontlineHours, Offer, ReferralCount


class _Counts(forms.ModelForm):
    """Counts that default to 0 may be left empty, and are then 0."""

    zero_when_empty: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.zero_when_empty:
            self.fields[name].required = False

    def clean(self):
        data = super().clean() or {}
        for name in self.zero_when_empty:
            if data.get(name) is None:
                data[name] = 0
        return data


class OfferForm(_Counts):
    zero_when_empty = ("places_funded",)

    class Meta:
        model = Offer
        fields = ["name", "neighbourhood", "schedule", "who_for", "places_week", "places_funded", "active"]

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "neighbourhood").queryset = (
            Neighbourhood.objects.filter(team=team) if team is not None else Neighbourhood.objects.none()
        )


class CapacityReadingForm(_Counts):
    zero_when_empty = ("waiting_list",)

    class Meta:
        model = CapacityReading
        fields = ["on", "places_filled", "waiting_list"]
        widgets = {"on": DATE}
        labels = {"on": "Day"}


class ReferralCountForm(_Counts):
    zero_when_empty = ("accepted", "declined_full", "declined_other")

    class Meta:
        model = ReferralCount
        fields = [
            "source",
            "period_start",
            "period_end",
            "received",
            "accepted",
            "declined_full",
            "declined_other",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}
        help_texts = {"period_end": "Within the same financial quarter as the start."}


class PublicBodyForm(forms.ModelForm):
    class Meta:
        model = PublicBody
        fields = ["kind", "name", "ods_code", "authorities"]
        widgets = {"authorities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "authorities").queryset = LocalAuthority.objects.filter(
            region=region
        ).order_by("name")


class FrontlineHoursForm(forms.ModelForm):
    class Meta:
        model = FrontlineHours
        fields = ["public_body", "role", "neighbourhood", "period_start", "period_end", "hours"]
        widgets = {"period_start": DATE, "period_end": DATE}
        help_texts = {"period_end": "Within the same financial quarter as the start."}

    def __init__(self, *args, team=None, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "neighbourhood").queryset = (
            Neighbourhood.objects.filter(team=team) if team is not None else Neighbourhood.objects.none()
        )
        model_choice_field(self, "public_body").queryset = (
            bodies if bodies is not None else PublicBody.objects.none()
        )
