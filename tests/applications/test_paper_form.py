"""The printable paper application (applications/paper_form.py): in English and Spanish,
every question of the on-line application's steps, with its hint and every answer to choose
from, is in the PDF's text; it is public and linked from the help page and casework."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from marketplace.applications import forms, paper_form
from marketplace.notices.render import document_text

pytestmark = pytest.mark.django_db

VIEWS = Path(forms.__file__).with_name("views.py")


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def _online_questions(language: str) -> set[str]:
    """What the on-line steps' forms ask (labels, hints, answers), built as the step pages
    build them, for the numbered people of the paper."""
    with translation.override(language):
        people = paper_form._people()
        built = [
            forms.MemberForm(),
            forms.TaxForm(members=people),
            forms.AddressForm(state=settings.MARKETPLACE_STATE),
            forms.DetailsForm(),
            *[forms.IncomeForm(member=p) for p in people],
            forms.SeekingForm(members=people),
            forms.SignForm(),
        ]
        asked = set()
        for form in built:
            for field in form.fields.values():
                asked.add(_flat(field.label))
                if field.help_text:
                    asked.add(_flat(field.help_text))
                for value, label in getattr(field, "choices", []):
                    if value != "":
                        asked.add(_flat(label))
        return asked


@pytest.fixture(scope="module")
def printed():
    return {lang: _flat(document_text(paper_form.document(lang))) for lang in ("en", "es")}


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_online_question_is_on_the_paper(printed, language):
    missing = sorted(q for q in _online_questions(language) if q not in printed[language])
    assert missing == []


def test_the_spanish_paper_is_in_spanish(printed):
    assert "¿Esta persona es ciudadana" in printed["es"] or "ciudadan" in printed["es"]
    assert "Is this person a U.S. citizen" in printed["en"]
    assert "Is this person a U.S. citizen" not in printed["es"]
    assert "Persona 1" in printed["es"] and "Person 1" in printed["en"]


def test_every_form_the_online_steps_use_is_on_the_paper():
    used = set(re.findall(r"forms\.(\w+Form)\(", VIEWS.read_text()))
    assert used, "the application's pages build their forms from applications/forms.py"
    assert used <= set(paper_form.STEPS)


@pytest.mark.django_db
def test_anyone_prints_it_from_the_help_page(client):
    home = client.get("/").content.decode()
    assert "/apply/other-ways/" in home
    page = client.get("/apply/other-ways/")
    assert page.status_code == 200
    body = page.content.decode()
    for language in ("en", "es"):
        assert f"/apply/paper/{language}/" in body
        response = client.get(f"/apply/paper/{language}/")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert client.get("/apply/paper/fr/").status_code == 404


def test_the_help_page_in_spanish(client):
    client.cookies["marketplace_language"] = "es"
    page = client.get("/apply/other-ways/").content.decode()
    assert "Otras maneras de solicitar y de obtener ayuda" in page and 'lang="es"' in page
    assert "Solicitud en papel en español (PDF)" in page


def _per_person_questions(language: str) -> set[str]:
    """What the on-line steps ask about each person (their details, income, whether they are
    claimed as a dependent and whether they ask for coverage)."""
    with translation.override(language):
        person = paper_form._people()[-1]
        tax = forms.TaxForm(members=[person])
        labels = [tax.fields[name].label for name in tax.claim_fields]
        labels.append(forms.SeekingForm(members=[person]).fields["seeking"].label)
        for form in (forms.MemberForm(), forms.DetailsForm(), forms.IncomeForm(member=person)):
            labels += [field.label for field in form.fields.values()]
        # A label naming the person ("Will you claim Person 4 as a dependent?"): its words
        # around the name, which the continuation page leaves for the number to be written.
        return {_flat(part) for label in labels for part in str(label).split(person.name)} - {""}


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Continuation page: more people in your household"),
        ("es", "Hoja adicional: más personas en su hogar"),
    ],
)
def test_a_household_of_more_than_four_has_a_continuation_page(printed, language, heading):
    """Room for 4 people, then a page to copy for person 5, 6 and so on, asking every
    question the on-line steps ask about one person."""
    text = printed[language]
    assert heading in text, "the paper has a continuation page for larger households"
    after = text.split(heading, 1)[1]
    missing = sorted(q for q in _per_person_questions(language) if q not in after)
    assert missing == []
