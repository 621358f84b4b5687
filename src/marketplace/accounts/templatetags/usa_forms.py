"""`{% usa_field form.email %}`: one form field with USWDS classes, hint and error wiring
(label, aria-describedby, aria-invalid) so every form is accessible the same way."""

from __future__ import annotations

from django import forms, template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag
def usa_field(field):
    widget = field.field.widget
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    choice = isinstance(widget, forms.RadioSelect)
    attrs = {}
    if described and not choice:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors and not choice:
        attrs["aria-invalid"] = "true"
    if isinstance(widget, forms.Textarea):
        attrs["class"] = "usa-textarea"
    elif isinstance(widget, forms.ClearableFileInput):
        attrs["class"] = "usa-file-input"
    elif not choice:
        attrs["class"] = "usa-input" + (" usa-input--error" if field.errors else "")
    if field.field.required and not choice:
        attrs["required"] = True
    return render_to_string(
        "accounts/_field.html",
        {
            "field": field,
            "choice": choice,
            "described": " ".join(described),
            "widget_html": "" if choice else field.as_widget(attrs=attrs),
        },
    )
