"""What a person can send to the enrollment pages never breaks them (issue 12): a tax credit
of 1E+28 or more (by a link or a form), ending coverage the issuer has effectuated before it
starts, and the audit rows' client address behind a trusted proxy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.audit.models import AuditEvent
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from tests.enrollment.conftest import enroll

pytestmark = pytest.mark.django_db

HUGE = ["1e28", "1E+30", "99999999999999999999999999999", "-1e28", "1e999999"]


@pytest.fixture
def maria_client(client, garcia):
    client.force_login(garcia[0])
    return client


def _silver(determination) -> str:
    return next(
        q.plan_id for q in quotes(enrollment_group(determination)) if q.info.metal_level == "silver"
    )


@pytest.mark.parametrize("aptc", HUGE)
def test_a_huge_tax_credit_in_a_plan_link_is_asked_again_by_name(maria_client, garcia, aptc):
    """A link carrying an amount no one could mean shows the plan page with the amount
    refused by name (ADR 0601) and what was typed kept, never a server error; checkout sends
    it back there rather than guess an amount."""
    _, determination = garcia
    plan_id = _silver(determination)
    for name in ("enrollment:plan", "enrollment:checkout"):
        response = maria_client.get(
            reverse(name, args=[determination.public_id, plan_id]), {"aptc": aptc}, follow=True
        )
        assert response.status_code == 400, name
        assert response.resolver_match.url_name == "plan", name
        page = response.content.decode()
        assert "Tax credit per month, in dollars" in page, name
        assert f'value="{aptc}"' in page, name


def test_a_huge_tax_credit_at_checkout_enrolls_nobody_and_says_why(maria_client, garcia):
    _, determination = garcia
    plan_id = _silver(determination)
    url = reverse("enrollment:checkout", args=[determination.public_id, plan_id])
    token = maria_client.get(url).context["token"]
    done = maria_client.post(
        url,
        {"token": token, "aptc": "1e28", "truthful": "on", "reconcile": "on", "terms": "on"},
        follow=True,
    )
    assert done.status_code == 400
    assert "Tax credit per month, in dollars" in done.content.decode()
    assert not Enrollment.objects.exists()


def test_a_huge_tax_credit_change_is_refused_by_name(maria_client, garcia, settings):
    settings.MARKETPLACE_TODAY = date(2026, 2, 10)
    enrollment = enroll(*garcia, aptc=Decimal("0"))
    response = maria_client.post(
        reverse("enrollment:change_aptc", args=[enrollment.public_id]),
        {"aptc": "1e28"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Tax credit per month, in dollars" in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.elected_aptc == Decimal("0")


def test_ending_effectuated_coverage_before_it_starts_is_a_cancellation(maria_client, garcia):
    """Issuers confirm the binder payment in December for coverage from January 1; ending
    the policy before then is a cancellation (45 CFR 155.430(e)(2)): a 024 whose end date is
    the start date."""
    enrollment = enroll(*garcia)
    Enrollment.objects.filter(pk=enrollment.pk).update(status=states.EFFECTUATED)
    url = reverse("enrollment:end", args=[enrollment.public_id])
    assert "Cancel this enrollment" in maria_client.get(url).content.decode()
    assert maria_client.post(url, {"confirm": "on"}).status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.status == states.CANCELLED
    assert enrollment.coverage_end == enrollment.coverage_start == date(2026, 1, 1)
    row = OutboundTransaction.objects.filter(enrollment=enrollment).last()
    assert (row.kind, row.maintenance_type, row.maintenance_reason, row.additional_reason) == (
        "cancellation",
        "024",
        "14",
        "CANCEL",
    )
    assert row.payload["coverage_end"] == "2026-01-01"


def test_enrollment_audit_rows_carry_the_address_the_trusted_proxy_saw(
    maria_client, garcia, settings
):
    settings.ACCOUNTS_TRUSTED_PROXY_COUNT = 1
    enrollment = enroll(*garcia)
    maria_client.post(
        reverse("enrollment:end", args=[enrollment.public_id]),
        {"confirm": "on"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        REMOTE_ADDR="10.0.0.5",
    )
    event = AuditEvent.objects.get(action="enrollment.cancelled")
    assert event.ip_address == "198.51.100.7"
