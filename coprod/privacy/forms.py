"""The form of a subject access or erasure request."""

from django import forms


class PersonForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=150,
        required=False,
        help_text="As the records write it, e.g. Jane Smith.",
    )
    email = forms.EmailField(label="E-mail address", required=False)
    reference = forms.CharField(
        label="Request reference",
        max_length=40,
        help_text=(
            "Your reference for the request, e.g. SAR-2026-014. The audit trail keeps this, not the name."
        ),
    )

    def clean(self):
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if not (data.get("name") or "").strip() and not data.get("email"):
            self.add_error("name", "Enter the person's name, e-mail address or both.")
        return data


class ErasureForm(PersonForm):
    confirm = forms.BooleanField(
        label="I have checked the request and understand that erasure cannot be undone", required=True
    )
