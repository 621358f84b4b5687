"""`{% error_summary form %}`: the one error summary every form shows above itself.

Takes Django forms, lists of forms, a dict of field id -> message (the window-shopping
pages), or plain messages, in any number: `{% error_summary form problems %}`. Each message
names its field ("Date of birth: ...") and links to it.
"""

from __future__ import annotations

from django import forms, template
from django.utils.functional import Promise
from django.utils.translation import gettext as _

register = template.Library()


def _named(label, message) -> str:
    label, message = str(label or ""), str(message)
    if not label or message.startswith(label):
        return message
    return _("%(label)s: %(message)s") % {"label": label, "message": message}


def _from_form(form: forms.BaseForm) -> list[tuple[str, str]]:
    problems = []
    for field in form:
        for error in field.errors:
            problems.append((field.id_for_label or field.auto_id, _named(field.label, error)))
    problems.extend(("", str(error)) for error in form.non_field_errors())
    return problems


def problems_in(source) -> list[tuple[str, str]]:
    """(anchor id or "", message) for everything wrong in `source`."""
    if not source:
        return []
    if isinstance(source, forms.BaseForm):
        return _from_form(source)
    if isinstance(source, dict):
        return [(str(anchor), str(message)) for anchor, message in source.items()]
    if isinstance(source, (str, Promise)):
        return [("", str(source))]
    return [problem for item in source for problem in problems_in(item)]


@register.inclusion_tag("core/_error_summary.html")
def error_summary(*sources):
    return {"problems": [p for source in sources for p in problems_in(source)]}
