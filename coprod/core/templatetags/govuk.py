"""Template helpers that render Django form fields with GOV.UK Design System markup."""

from django import forms, template

register = template.Library()

INPUT_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


@register.filter
def widget_kind(field) -> str:
    """What markup a bound field needs: checkboxes, radios, checkbox, textarea, select or input."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, (forms.Select, forms.SelectMultiple)):
        return "select"
    return "input"


@register.filter
def govuk_widget(field):
    """Render the widget with the GOV.UK class, error state and hint and error descriptions."""
    widget = field.field.widget
    css = next((c for cls, c in INPUT_CLASSES.items() if isinstance(widget, cls)), "govuk-input")
    if field.errors:
        css += {"govuk-textarea": " govuk-textarea--error", "govuk-select": " govuk-select--error"}.get(
            css, " govuk-input--error"
        )
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
