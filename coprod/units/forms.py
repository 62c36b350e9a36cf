"""Forms for a team's people: values go to the services, which judge them."""

from django import forms
from django.utils import timezone

from coprod.core.forms import DATE
from coprod.units.choices import Role


class TeamMemberForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        help_text="The person's username if they already use coprod; a new one makes a new person.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    first_name = forms.CharField(max_length=150, required=False, help_text="For a new person.")
    last_name = forms.CharField(max_length=150, required=False, help_text="For a new person.")
    email = forms.EmailField(required=False, help_text="For a new person.")
    password = forms.CharField(
        required=False,
        help_text="For a new person: at least 12 characters, to give them in person.",
        # Shown again (as dots) when something else on the form needs fixing, so nothing typed is lost.
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
    )
    role = forms.ChoiceField(
        choices=[("", "Choose one"), (Role.WORKER, Role.WORKER.label), (Role.TEAM_LEAD, Role.TEAM_LEAD.label)]
    )
    start_date = forms.DateField(widget=DATE, label="From")
    end_date = forms.DateField(
        widget=DATE, required=False, label="To", help_text="The last day of the role; leave empty if open."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("start_date", timezone.localdate())


class MembershipEndForm(forms.Form):
    end_date = forms.DateField(
        widget=DATE,
        label="Last day in the team",
        help_text="From the next day they reach nothing of the team's.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("end_date", timezone.localdate())
