"""Template helpers that render Django form fields with GOV.UK Design System markup, and small counts
on pages anyone may read."""

from django import forms, template

from coprod.core.disclosure import share_shown, shown_count

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


CHOOSE = "Choose one"


def _choose_label(field) -> None:
    """A select's empty choice reads "Choose one" rather than Django's dashes."""
    form_field = field.field
    if isinstance(form_field, forms.ModelChoiceField):
        if form_field.empty_label is not None and set(form_field.empty_label) == {"-"}:
            form_field.empty_label = CHOOSE
    elif isinstance(form_field, forms.ChoiceField) and isinstance(form_field.widget, forms.Select):
        choices = list(form_field.widget.choices)
        if choices and choices[0][0] in ("", None) and set(str(choices[0][1])) == {"-"}:
            form_field.choices = [("", CHOOSE), *choices[1:]]


@register.filter
def govuk_widget(field):
    """Render the widget with the GOV.UK class, error state and hint and error descriptions."""
    widget = field.field.widget
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        _choose_label(field)
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


@register.filter
def public_count(n):
    """A count on a page anyone may read (core.disclosure.shown_count)."""
    return shown_count(n)


@register.simple_tag
def public_share(part_of, share):
    """A share on a page anyone may read (core.disclosure.share_shown)."""
    return share_shown(part_of, share)
