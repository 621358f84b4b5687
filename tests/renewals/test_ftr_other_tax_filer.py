"""A failure to file and reconcile at renewal (45 CFR 155.305(f)(4)) of a tax filer who is
not the account holder (docs/adr/0108): Leo, Uma's adult nephew on her policy, files his own
return, and the IRS (its simulator: every year for SSNs ending 4444) reports APTC paid for
him for 2024 and 2025 with no Form 8962. The household loses its premium tax credit for
2027; Uma's renewal notice (English and Spanish) and her offer page say so in general terms,
without the tax years, which go to Leo alone in a notice mailed to him, once: renewing again
writes no second one."""

from __future__ import annotations

import pytest

from marketplace.applications.models import Member
from marketplace.notices.models import Notice
from marketplace.notices.render import document_text, render_document
from marketplace.renewals.models import Renewal
from tests.applications.conftest import PASSWORD
from tests.conftest import without_ids
from tests.renewals.conftest import RENEWED_ON, P, by_name, enrolled, household, renew

pytestmark = pytest.mark.django_db


def _text(notice, language: str) -> str:
    page = render_document(notice.kind, language, notice.context, str(notice.public_id))
    return " ".join(document_text(page).split())


def test_the_household_is_told_in_general_terms_and_the_tax_filer_once(settings, client):
    spec = household(
        "Umason",
        [
            P("Uma", 41, "self", "female", wages_yearly=30000, ssn="212554567"),
            P("Leo", 24, "other", "male", wages_yearly=9000, ssn="212554568"),
        ],
    )
    user, policy = enrolled(spec, by_name("Standard Silver"))
    leo = Member.objects.get(application_id=policy.application_id, first_name="Leo")
    leo.ssn, leo.tax_role = "212554444", "filer"  # since then: neither year reconciled
    leo.save()
    settings.MARKETPLACE_TODAY = RENEWED_ON

    renew()

    renewal = Renewal.objects.get(previous=policy)
    snapshot = renewal.determination.input_snapshot
    assert snapshot["ftr_tax_years"] == [2024, 2025]
    assert snapshot["ftr_filer"] == {"people": [1], "account_holder": False}
    assert renewal.aptc_lost == "ftr" and renewal.detail["ftr"] == {"other_filer": True}

    to_uma = Notice.objects.get(related_type="Renewal", related_id=str(renewal.pk))
    english = _text(to_uma, "en")
    assert "a tax filer in your household did not file a federal income tax return" in english
    assert "2024" not in without_ids(english)
    spanish = _text(to_uma, "es")
    assert "un declarante de impuestos de su hogar" in spanish and "2024" not in without_ids(
        spanish
    )

    client.login(username=user.email, password=PASSWORD)
    page = client.get("/renewal/").content.decode()
    assert 'data-ftr=""' in page and "a tax filer in your household" in page
    assert "2024" not in without_ids(page)
    assert "A tax filer in my household has filed their federal tax return" in page
    assert "I have filed my federal tax return" not in page  # Uma did not file: Leo did

    letter = Notice.objects.get(kind="ftr_tax_filer")
    assert letter.user is None and letter.paper is True and letter.context["name"] == "Leo Umason"
    assert letter.household == user  # queued in the renewal's batch with the household
    assert letter.context["ftr"]["years"] == [2024, 2025] and letter.context["ftr"]["year"] == 2027
    to_leo = _text(letter, "en")
    assert "for you for 2024, 2025" in to_leo and "Form 8962" in to_leo and "2027" in to_leo
    en_espanol = _text(letter, "es")
    assert "en 2024, 2025" in en_espanol and "crédito fiscal para la prima" in en_espanol

    renew()  # run again: nothing left to renew, nothing more written to Leo
    assert Notice.objects.filter(kind="ftr_tax_filer").count() == 1
