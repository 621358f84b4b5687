"""A failure to file and reconcile for one tax year at renewal (45 CFR 155.305(f)(4), two
consecutive tax years since the 2024 Payment Notice, 88 FR 25740): Uma's IRS record shows
APTC paid and not reconciled for 2024 (the simulator: even years for SSNs ending 4443), not
for 2025. She is renewed with her premium tax credit, and the renewal notice (English and
Spanish) and her offer page warn her that a second consecutive year stops it."""

from __future__ import annotations

import pytest

from marketplace.applications.models import Member
from marketplace.notices.models import Notice
from marketplace.notices.render import document_text, render_document
from marketplace.renewals.models import Renewal
from tests.applications.conftest import PASSWORD
from tests.renewals.conftest import RENEWED_ON, P, by_name, enrolled, household, renew

pytestmark = pytest.mark.django_db


def _notice_text(renewal, language: str) -> str:
    notice = Notice.objects.get(related_type="Renewal", related_id=str(renewal.pk))
    page = render_document("renewal", language, notice.context, str(notice.public_id))
    return " ".join(document_text(page).split())


def test_one_year_of_ftr_keeps_the_credit_and_warns(settings, client):
    spec = household(
        "Umason", [P("Uma", 41, "self", "female", wages_yearly=32000, ssn="212554567")]
    )
    user, policy = enrolled(spec, by_name("Standard Silver"))
    uma = Member.objects.get(application_id=policy.application_id)
    uma.ssn = "212554443"  # since then: 2024 not reconciled, 2025 reconciled
    uma.save()
    settings.MARKETPLACE_TODAY = RENEWED_ON

    report = renew()

    assert "renewed, premium tax credit lost: 0" in report
    renewal = Renewal.objects.get(previous=policy)
    assert renewal.determination.input_snapshot["ftr_tax_years"] == [2024]
    assert renewal.determination.result["ptc_eligible"] is True
    assert renewal.enrollment.max_aptc > 0 and renewal.aptc_lost == ""
    assert renewal.detail["ftr_warning"] == {"tax_years": "2024", "count": 2}
    assert "ftr" not in renewal.detail

    english = _notice_text(renewal, "en")
    assert (
        "Warning: the IRS told us that advance payments of the premium tax credit were " in english
    )
    assert "for 2024" in english and "You keep your premium tax credit for 2027" in english
    assert "2 tax years in a row" in english and "155.305(f)(4)" in english
    spanish = _notice_text(renewal, "es")
    assert "Advertencia: el IRS nos informó" in spanish and "2 años tributarios seguidos" in spanish

    client.login(username=user.email, password=PASSWORD)
    home = client.get("/apply/").content.decode()
    assert 'href="/renewal/"' in home
    page = client.get("/renewal/").content.decode()
    assert 'data-ftr-warning="2024"' in page and "You keep your premium tax credit" in page
