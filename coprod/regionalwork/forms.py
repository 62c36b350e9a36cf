"""Forms of the unit's regional work, one column each so they work on a phone. Values go to the
services, which judge them (so the page and the API agree); the choices each form offers are limited
to the region (or the team) the person keeps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from coprod.core.forms import DATE, model_choice_field
from coprod.funding.models import RegionalInitiative
from coprod.groups.models import CommunityGroup
from coprod.neighbourhoods.models import Neighbourhood
from coprod.places.models import LocalAuthority
from coprod.regionalwork import rules
from coprod.regionalwork.choices import Effect, SeatKind
from coprod.regionalwork.models import (
    EFFECTS,
    ConsultationWindow,
    ImpactAssessment,
    Meeting,
    RegionalPlan,
    RegionalWorkRules,
    Seat,
    SteeringGroup,
    YouSaidWeDid,
)
from coprod.units.choices import TEAM_ROLES
from coprod.units.models import Team
from coprod.units.selectors import memberships_in_force

STAGE_FIELDS = [field for field, _label in rules.STAGES]


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class _Hood(forms.ModelMultipleChoiceField):
    """Neighbourhoods, each with its team (two teams may have neighbourhoods of the same name)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.team.name})"


class _Group(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.team.name})"


# Plans ---------------------------------------------------------------------------------------------


class PlanForm(forms.ModelForm):
    neighbourhoods = _Hood(
        queryset=Neighbourhood.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Neighbourhoods it touches",
    )

    class Meta:
        model = RegionalPlan
        fields = [
            "region", "title", "lead_body", "summary", *STAGE_FIELDS, "initiatives", "authorities",
            "neighbourhoods",
        ]  # fmt: skip
        widgets = {
            "summary": _text(),
            **dict.fromkeys(STAGE_FIELDS, DATE),
            "initiatives": forms.CheckboxSelectMultiple,
            "authorities": forms.CheckboxSelectMultiple,
        }
        labels = {
            "idea_on": "Idea",
            "initiatives": "Initiatives that fund it",
            "authorities": "Local authorities it touches",
        }
        help_texts = {
            "idea_on": "When the plan was first proposed.",
            "design_freeze_on": "After this day the design no longer changes: communities need to have "
            "been heard well before it.",
        }

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["region"]  # a plan stays in its region
        else:
            model_choice_field(self, "region").queryset = regions
            model_choice_field(self, "region").empty_label = None
            if regions.count() == 1:
                self.fields["region"].widget = forms.HiddenInput()
                self.initial["region"] = self.initial.get("region") or regions.first().pk
        model_choice_field(self, "initiatives").queryset = RegionalInitiative.objects.filter(
            region__in=regions
        ).order_by("title")
        model_choice_field(self, "authorities").queryset = LocalAuthority.objects.filter(
            region__in=regions
        ).order_by("name")
        model_choice_field(self, "neighbourhoods").queryset = (
            Neighbourhood.objects.filter(team__unit__region__in=regions)
            .select_related("team")
            .order_by("name", "team__name")
        )


class WindowForm(forms.ModelForm):
    neighbourhoods = _Hood(
        queryset=Neighbourhood.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Neighbourhoods invited",
    )
    groups = _Group(
        queryset=CommunityGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Community groups invited",
    )

    class Meta:
        model = ConsultationWindow
        fields = ["title", "opens", "closes", "method", "team", "neighbourhoods", "groups"]
        widgets = {"opens": DATE, "closes": DATE, "method": forms.RadioSelect}
        labels = {"team": "Facilitating team"}

    def __init__(self, *args, plan: RegionalPlan, **kwargs):
        super().__init__(*args, **kwargs)
        region = plan.region_id
        model_choice_field(self, "team").queryset = Team.objects.filter(unit__region_id=region).order_by(
            "name"
        )
        model_choice_field(self, "neighbourhoods").queryset = (
            Neighbourhood.objects.filter(team__unit__region_id=region)
            .select_related("team")
            .order_by("name", "team__name")
        )
        model_choice_field(self, "groups").queryset = (
            CommunityGroup.objects.filter(team__unit__region_id=region)
            .select_related("team")
            .order_by("name", "pk")
        )


# Impact assessments --------------------------------------------------------------------------------


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = ImpactAssessment
        fields = [
            "neighbourhood",
            *(name for effect in EFFECTS for name in (effect, f"{effect}_mitigation")),
            "evidence",
        ]
        widgets = {
            **dict.fromkeys(EFFECTS, forms.RadioSelect),
            **{f"{effect}_mitigation": _text(2) for effect in EFFECTS},
            "evidence": _text(4),
        }
        help_texts = {
            **{
                f"{effect}_mitigation": "Needed before sign-off where the effect is negative."
                for effect in EFFECTS
            },
            "evidence": "What the assessment rests on: figures, what residents and groups said.",
        }

    def __init__(self, *args, neighbourhoods=None, **kwargs):
        super().__init__(*args, **kwargs)
        if neighbourhoods is None:
            del self.fields["neighbourhood"]  # an assessment stays with its neighbourhood
        else:
            model_choice_field(self, "neighbourhood").queryset = neighbourhoods
        for effect in EFFECTS:  # radios have no empty choice
            field = self.fields[effect]
            assert isinstance(field, forms.ChoiceField)
            field.choices = Effect.choices


# You said, we did ----------------------------------------------------------------------------------


def themes_from_text(text: str) -> list[dict[str, Any]]:
    """The themes typed one a line as "Theme name: count", as the record keeps them; each line that
    cannot be read is refused, naming the line and what it says."""
    themes: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        said = f"Line {number}: '{line}'"
        name, colon, count = line.rpartition(":")
        name, count = name.strip(), count.strip()
        if not colon:
            errors.append(f'{said} — write it as "Theme name: count", for instance "Transport: 12"')
        elif not name:
            errors.append(f"{said} — give the theme's name before the colon")
        elif not count.isdigit():
            errors.append(f"{said} — give the count as a whole number")
        elif int(count) > 1_000_000:
            errors.append(f"{said} — give a count of 1,000,000 at most")
        elif len(name) > 200:
            errors.append(f"{said} — give the theme's name in 200 characters at most")
        elif name.lower() in seen:
            errors.append(f"{said} — this theme is given already, on line {seen[name.lower()]}")
        else:
            seen[name.lower()] = number
            themes.append({"theme": name, "count": int(count)})
    if errors:
        raise ValidationError(errors)
    if len(themes) > rules.MAX_THEMES:
        raise ValidationError(f"Give {rules.MAX_THEMES} themes at most.")
    return themes


def themes_as_text(themes: Any) -> str:
    if not isinstance(themes, list):
        return ""
    return "\n".join(
        f"{item.get('theme', '')}: {item.get('count', '')}" for item in themes if isinstance(item, dict)
    )


class ThemesField(forms.Field):
    """What people said by theme, typed one a line as "Theme name: count"."""

    widget = forms.Textarea(attrs={"rows": 6, "spellcheck": "true"})

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        if isinstance(value, list):
            return value
        return themes_from_text(value or "")

    def prepare_value(self, value: Any) -> Any:
        return themes_as_text(value) if isinstance(value, list) else value


class YouSaidForm(forms.ModelForm):
    themes = ThemesField(
        required=False,
        label="What people said, by theme",
        help_text='One theme a line, with how many people raised it: "Bus fares: 14".',
    )

    class Meta:
        model = YouSaidWeDid
        fields = ["asked", "themes", "quotes", "changed", "not_changed"]
        widgets = {
            "asked": _text(3),
            "quotes": _text(5),
            "changed": _text(4),
            "not_changed": _text(4),
        }
        help_texts = {
            "asked": "The questions put to people, in plain words.",
            "quotes": "One quote a line. Leave out names and anything that could identify someone.",
            "not_changed": "What people asked for that the plan does not do, and the reason.",
        }


# Steering groups and seats -------------------------------------------------------------------------


class _Seat(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class SteeringGroupForm(forms.ModelForm):
    chair = _Seat(
        queryset=Seat.objects.none(), required=False, label="Chair", help_text="The seat that chairs it."
    )

    class Meta:
        model = SteeringGroup
        fields = ["name", "term_start", "term_end", "chair"]
        widgets = {"term_start": DATE, "term_end": DATE}
        labels = {"term_start": "Term starts", "term_end": "Term ends"}

    def __init__(self, *args, owners: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:  # a new group: whose it is; it has no seats to chair yet
            del self.fields["chair"]
            self.fields["owner"] = forms.ChoiceField(
                choices=owners,
                label="Whose steering group it is",
                widget=forms.RadioSelect if len(owners) > 1 else forms.HiddenInput,
            )
            self.order_fields(["owner"])
            if len(owners) == 1:
                self.initial.setdefault("owner", owners[0][0])
        else:
            model_choice_field(self, "chair").queryset = self.instance.seats.select_related(
                "group", "public_body", "neighbourhood"
            )


class SeatForm(forms.ModelForm):
    class Meta:
        model = Seat
        fields = ["kind", "organisation", "group", "public_body", "neighbourhood"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"kind": "Who holds the seat", "group": "Community group", "public_body": "Public body"}
        help_texts = {
            "organisation": "For another organisation's seat: its name.",
            "group": "For a community group's seat.",
            "public_body": "For a public body's seat.",
            "neighbourhood": "For a resident's seat: the neighbourhood they live in. Never their name.",
        }

    def __init__(self, *args, groups, bodies, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = SeatKind.choices  # radios have no empty choice
        model_choice_field(self, "group").queryset = groups.order_by("name", "pk")
        model_choice_field(self, "public_body").queryset = bodies.order_by("name")
        model_choice_field(self, "neighbourhood").queryset = neighbourhoods.order_by("name")


# Meetings ------------------------------------------------------------------------------------------


class _Seats(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class MeetingForm(forms.ModelForm):
    attended = _Seats(
        queryset=Seat.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Seats present",
    )
    neighbourhoods = _Hood(
        queryset=Neighbourhood.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Neighbourhoods present",
    )

    class Meta:
        model = Meeting
        fields = [
            "unit", "title", "held_on", "plan", "attended", "public_bodies", "neighbourhoods",
            "others_present", "decisions",
        ]  # fmt: skip
        widgets = {
            "held_on": DATE,
            "public_bodies": forms.CheckboxSelectMultiple,
            "others_present": _text(2),
            "decisions": _text(5),
        }
        labels = {
            "unit": "Unit",
            "held_on": "Held on",
            "plan": "The regional plan it was about, if any",
            "public_bodies": "Public bodies present",
        }
        help_texts = {"attended": "", "others_present": "Organisations present that hold no seat."}

    def __init__(self, *args, plans, bodies, neighbourhoods, units=None, seats=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            model_choice_field(self, "unit").queryset = units
            model_choice_field(self, "unit").empty_label = None
            if units.count() == 1:
                self.fields["unit"].widget = forms.HiddenInput()
                self.initial["unit"] = self.initial.get("unit") or units.first().pk
        if seats is None:
            del self.fields["attended"]
        else:
            model_choice_field(self, "attended").queryset = seats.select_related(
                "group", "public_body", "neighbourhood"
            )
        model_choice_field(self, "plan").queryset = plans.order_by("title")
        model_choice_field(self, "public_bodies").queryset = bodies.order_by("name")
        model_choice_field(self, "neighbourhoods").queryset = neighbourhoods.select_related("team").order_by(
            "name", "team__name"
        )


class _Person(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class MeetingActionForm(forms.Form):
    what = forms.CharField(max_length=300, label="What is to be done")
    assigned_to = _Person(queryset=get_user_model().objects.none(), label="Who does it")
    due = forms.DateField(widget=DATE, label="By when")

    def __init__(self, *args, team: Team, **kwargs):
        super().__init__(*args, **kwargs)
        people = memberships_in_force().filter(team=team, role__in=TEAM_ROLES).values("user")
        model_choice_field(self, "assigned_to").queryset = (
            get_user_model().objects.filter(pk__in=people).order_by("first_name", "last_name", "username")
        )


class RulesForm(forms.ModelForm):
    """A unit's thresholds for its consultation windows and steering groups."""

    class Meta:
        model = RegionalWorkRules
        fields = ["min_weeks_open", "min_weeks_notice", "community_share_percent"]
        labels = {
            "min_weeks_open": "Weeks a consultation window is open, at least",
            "min_weeks_notice": "Weeks between a window's close and the design freeze, at least",
            "community_share_percent": "Share of a steering group's seats held by residents and community "
            "groups, at least (%)",
        }
