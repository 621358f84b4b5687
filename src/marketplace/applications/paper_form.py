"""The printable paper application, in English and Spanish, made from the on-line
application's own forms (applications/forms.py), so paper and web ask the same questions
with the same words and the same answers to choose from (45 CFR 155.405(a)-(c): one
application, accepted on line, by telephone, by mail and in person).

Each step of the on-line application is one part of the paper (`STEPS`): its form is built
as the step's page builds it, for numbered people ("Person 1" is the one who applies), and
every field becomes a question: its label, its hint, and for a choice every answer with a
box to tick. Nothing is written twice: a question changed in forms.py changes on paper the
next time the PDF is made. Rendered with the notices' PDF engine (WeasyPrint,
notices/render.py); one PDF per language and state is kept in memory once made.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django import forms as django_forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.applications import forms
from marketplace.applications.models import Member, Relationship
from marketplace.core.states import state_name
from marketplace.notices import render as notices_render
from marketplace.notices.text import TEXT

LANGUAGES = ("en", "es")
#: People the paper has room for; a larger household fills in a copy of the continuation
#: page (`continuation`) for each more person.
PEOPLE = 4
#: The forms of the on-line steps, in their order (a test checks that every form the
#: application's pages use is here).
STEPS = (
    "MemberForm",
    "TaxForm",
    "AddressForm",
    "DetailsForm",
    "IncomeForm",
    "SeekingForm",
    "SignForm",
)


@dataclass
class Question:
    label: str
    hint: str = ""
    kind: str = "text"  # text, date, money, choice (one), multi (any), check
    options: list[str] = field(default_factory=list)


@dataclass
class Part:
    title: str
    questions: list[Question]
    person: str = ""


def _people() -> list[Member]:
    """Numbered people standing for the household's members: 1 applies, 2 is the spouse,
    the others children (how the on-line steps ask about each)."""
    roles = [Relationship.SELF, Relationship.SPOUSE] + [Relationship.CHILD] * (PEOPLE - 2)
    return [
        Member(first_name=_("Person %(number)s") % {"number": n}, last_name="", relationship=r)
        for n, r in enumerate(roles, start=1)
    ]


def questions(form: django_forms.Form) -> list[Question]:
    """Every field of `form` as a question on paper."""
    out = []
    for bound in form:
        f = bound.field
        hint = str(f.help_text or "")
        if isinstance(f, django_forms.BooleanField):
            out.append(Question(str(f.label), hint, "check"))
            continue
        choices = [str(label) for value, label in getattr(f, "choices", []) if value != ""]
        if isinstance(f, django_forms.MultipleChoiceField):
            out.append(Question(str(f.label), hint, "multi", choices))
        elif isinstance(f, django_forms.ChoiceField) and choices:
            out.append(Question(str(f.label), hint, "choice", choices))
        elif isinstance(f, django_forms.DateField):
            out.append(Question(str(f.label), hint, "date"))
        elif isinstance(f, django_forms.DecimalField) or "Amount" in type(f).__name__:
            out.append(Question(str(f.label), hint, "money"))
        else:
            out.append(Question(str(f.label), hint))
    return out


def parts(state: str | None = None) -> list[Part]:
    """The paper application's parts, in the current language."""
    state = state or settings.MARKETPLACE_STATE
    people = _people()
    found = []
    for person in people:
        found.append(
            Part(_("People in your household"), questions(forms.MemberForm()), person.name)
        )
    found.append(Part(_("Taxes"), questions(forms.TaxForm(members=people))))
    found.append(Part(_("Where you live"), questions(forms.AddressForm(state=state))))
    for person in people:
        found.append(Part(_("About each person"), questions(forms.DetailsForm()), person.name))
    for person in people:
        found.append(Part(_("Income"), questions(forms.IncomeForm(member=person)), person.name))
    found.append(
        Part(_("Who is asking for coverage"), questions(forms.SeekingForm(members=people)))
    )
    found.append(Part(_("Review and sign"), questions(forms.SignForm())))
    return found


def continuation() -> list[Part]:
    """The continuation page, for a household of more than `PEOPLE` people: everything the
    on-line steps ask about one person (who they are, whether they are claimed as a
    dependent, their details, their income, whether they ask for coverage), for a person
    whose number is written in by hand; copied once for each more person."""
    person = Member(
        first_name=_("Person number ____"), last_name="", relationship=Relationship.CHILD
    )
    tax = forms.TaxForm(members=[person])
    claims = [
        q for name, q in zip(tax.fields, questions(tax), strict=True) if name in tax.claim_fields
    ]
    return [
        Part(_("People in your household"), questions(forms.MemberForm())),
        Part(_("Taxes"), claims),
        Part(_("About each person"), questions(forms.DetailsForm())),
        Part(_("Income"), questions(forms.IncomeForm(member=person))),
        Part(_("Who is asking for coverage"), questions(forms.SeekingForm(members=[person]))),
    ]


def render_html(language: str, state: str | None = None) -> str:
    state = state or settings.MARKETPLACE_STATE
    with translation.override(language):
        names = {"state": state_name(state), "state_code": state}
        text = {
            k: TEXT[language][k].format(**names)
            for k in ("exchange", "exchange_address", "exchange_city", "exchange_phone")
        }
        return render_to_string(
            "applications/paper_application.html",
            {
                "language": language,
                "parts": parts(state),
                "continuation": continuation(),
                "people": PEOPLE,
                "t": text,
            },
        )


_made: dict[tuple[str, str], bytes] = {}
_lock = threading.Lock()


def pdf(language: str, state: str | None = None) -> bytes:
    """The paper application as a PDF (made once per language and state in this process).
    Raises notices.render.RendererUnavailable when WeasyPrint cannot run here."""
    if language not in LANGUAGES:
        raise ValueError(language)
    key = (language, state or settings.MARKETPLACE_STATE)
    with _lock:
        if key not in _made:
            html = render_html(language, key[1])
            _made[key] = notices_render._engine().HTML(string=html).write_pdf()
        return _made[key]


def document(language: str, state: str | None = None):
    """The laid-out document (pages), for reading its text back (tests)."""
    return notices_render._engine().HTML(string=render_html(language, state)).render()
