"""The annual redetermination and the data sources (45 CFR 155.335):

- Pia allowed the use of her tax data; the IRS (its simulator) reports $90,000 for 2025 and
  she attests $30,000: not reasonably compatible, so the renewal opens an income
  verification item as an application does (155.320(c)(3)(vi), 155.315(f)): due 90 days
  from the notice plus 5 for the mail, with its reminder and expiry jobs and an audit row,
  and the notice and the offer page say what to send, by when, with the upload link.
- Her earlier income item still pending: nothing new is opened; the notice points to it.
- Omar's IRS record shows APTC paid and not reconciled for 2024 and 2025 (failure to file
  and reconcile, 155.305(f)(4)): renewed in his plan without APTC or CSR, with the reason.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from marketplace.applications.models import Member
from marketplace.audit.models import AuditEvent
from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from marketplace.notices.models import Notice
from marketplace.notices.render import document_text, render_document
from marketplace.renewals.models import Renewal
from marketplace.renewals.notice import explanation
from marketplace.verifications import jobs  # noqa: F401 - registers handlers
from marketplace.verifications.models import ItemStatus, VerificationItem
from tests.applications.conftest import PASSWORD
from tests.renewals.conftest import RENEWED_ON, P, by_name, enrolled, household, renew

pytestmark = pytest.mark.django_db


def _pia():
    spec = household(
        "Piason", [P("Pia", 30, "self", "female", wages_yearly=30000, ssn="212552222")]
    )
    return enrolled(spec, by_name("Standard Silver"))


def _notice_detail(renewal) -> dict:
    notice = Notice.objects.get(related_type="Renewal", related_id=str(renewal.pk))
    return notice.context["renewal"]["detail"]


def _notice_text(renewal, language: str) -> str:
    """The notice as the person reads it (its rendered document's text)."""
    notice = Notice.objects.get(related_type="Renewal", related_id=str(renewal.pk))
    page = render_document("renewal", language, notice.context, str(notice.public_id))
    return " ".join(document_text(page).split())


def test_income_not_compatible_at_renewal_opens_a_verification_with_its_deadline(settings, client):
    user, policy = _pia()
    # The item her application opened was resolved (she sent pay stubs).
    VerificationItem.objects.filter(application_id=policy.application_id).update(
        status=ItemStatus.VERIFIED
    )
    settings.MARKETPLACE_TODAY = RENEWED_ON

    renew()

    renewal = Renewal.objects.get(previous=policy)
    item = VerificationItem.objects.get(
        application_id=policy.application_id, type="income", status=ItemStatus.OPEN
    )
    assert item.determination_id == renewal.determination_id
    assert item.requested_on == RENEWED_ON
    assert item.due_date == RENEWED_ON + timedelta(days=95)  # 155.315(f)(2)(ii) + mail
    assert item.data_income == Decimal("90000.00")
    assert item.member.first_name == "Pia" and item.needs_action
    key = str(item.public_id)
    kinds = sorted(j.kind for j in Job.objects.filter(payload__item=key))
    assert kinds == ["verifications.expire"] + ["verifications.remind"] * 3
    opened = AuditEvent.objects.get(action="verification.opened", object_id=str(item.pk))
    assert opened.detail["cause"] == "renewal"
    assert Decimal(str(renewal.determination.input_snapshot["income"])) == 30000  # attested

    detail = _notice_detail(renewal)
    assert detail["tax_data"]["verification"]["public_id"] == key
    english = explanation(detail, "en")["verify"]
    assert "March 7, 2027" in english and f"/verifications/{key}/upload/" in english
    assert "pay stubs" in english and "$90,000.00" in english
    spanish = explanation(detail, "es")["verify"]
    assert "7 de marzo de 2027" in spanish and "Súbalo en" in spanish
    assert "send us proof of your income by March 7, 2027" in _notice_text(renewal, "en")
    assert "a más tardar el 7 de marzo de 2027" in _notice_text(renewal, "es")

    client.login(username=user.email, password=PASSWORD)
    page = client.get("/renewal/").content.decode()
    assert f'href="/verifications/{key}/upload/"' in page
    assert "March 7, 2027" in page


def test_at_the_deadline_the_renewal_item_redetermines_from_the_tax_data(settings):
    _, policy = _pia()
    VerificationItem.objects.filter(application_id=policy.application_id).update(
        status=ItemStatus.VERIFIED
    )
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    item = VerificationItem.objects.get(
        application_id=policy.application_id, status=ItemStatus.OPEN
    )

    # The expiry job runs at 06:00 the day after the due date; the moved clock keeps the real
    # time of day, so the day after that is past it at any hour this test runs.
    settings.MARKETPLACE_TODAY = item.due_date + timedelta(days=2)
    run_pending()  # the expiry job the renewal queued (and the reminders before it)

    item.refresh_from_db()
    assert item.status == ItemStatus.EXPIRED
    latest = item.application.determinations.first()
    assert latest.pk == item.redetermination_id and latest.result["year"] == 2027
    assert Decimal(str(latest.input_snapshot["income"])) == 90000  # 155.320(c)(3)(vi)(F)


def test_an_income_item_still_pending_is_not_opened_again(settings):
    _, policy = _pia()
    earlier = VerificationItem.objects.get(application_id=policy.application_id, type="income")
    settings.MARKETPLACE_TODAY = RENEWED_ON

    renew()

    assert VerificationItem.objects.filter(application_id=policy.application_id).count() == 1
    detail = _notice_detail(Renewal.objects.get(previous=policy))
    assert detail["tax_data"]["verification"]["public_id"] == str(earlier.public_id)
    assert earlier.due_date.strftime("%B") in explanation(detail, "en")["verify"]


def test_failure_to_reconcile_at_renewal_loses_aptc_and_keeps_the_plan(settings):
    spec = household(
        "Omarson", [P("Omar", 45, "self", "male", wages_yearly=32000, ssn="212554567")]
    )
    _, policy = enrolled(spec, by_name("Standard Silver"))
    assert policy.max_aptc > 0
    # Since then the IRS reports APTC paid and no Form 8962 for 2024 and 2025.
    omar = Member.objects.get(application_id=policy.application_id)
    omar.ssn = "212554444"
    omar.save()
    settings.MARKETPLACE_TODAY = RENEWED_ON

    renew()

    renewal = Renewal.objects.get(previous=policy)
    result = renewal.determination.result
    assert renewal.determination.input_snapshot["ftr_tax_years"] == [2024, 2025]
    assert result["ptc_eligible"] is False
    assert result["members"][0]["qhp"] is True and result["members"][0]["aptc"] is False
    assert renewal.outcome in ("same_plan", "crosswalked") and renewal.enrollment is not None
    assert renewal.enrollment.max_aptc == 0 and renewal.enrollment.elected_aptc == 0
    assert renewal.detail["ftr"] == {"tax_years": "2024, 2025"}
    detail = _notice_detail(renewal)
    assert "Form 8962" in explanation(detail, "en")["ftr"]
    assert "2024, 2025" in explanation(detail, "en")["ftr"]
    assert "Formulario 8962" in explanation(detail, "es")["ftr"]
    assert "no federal tax return reconciling them (Form 8962)" in _notice_text(renewal, "en")
