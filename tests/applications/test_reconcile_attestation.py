""" "I have filed and reconciled" (45 CFR 155.305(f)(4); CMS accepts the tax filer's
attestation while the IRS's data lag, docs/adr/0106): Maria's IRS record shows APTC paid and
no Form 8962 for 2023 and 2024, so her result denies APTC. From the result page she follows
the link, signs the attestation (English, then the page in Spanish), and in one action the
attestation is stored with its audit row, the household is redetermined without those years
(APTC back) and the change is recorded with its notice."""

from __future__ import annotations

import re

import pytest

from marketplace.applications import actions, reconcile
from marketplace.applications.models import Member, ReconcileAttestation
from marketplace.audit.models import AuditEvent
from marketplace.changes.models import ReportedChange

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<p data-ftr-attest><a href="([^"]+)">')


def _denied(filled, maria):
    member = Member.objects.get(application=filled, relationship="self")
    member.ssn = "123454444"  # the IRS reports FTR for every year
    member.save()
    determination = actions.submit_application(filled, maria, None)
    assert determination.result["ptc_eligible"] is False
    return determination


def _result_page(client, determination) -> str:
    application = determination.application
    dashboard = client.get("/apply/").content.decode()
    url = f"/apply/{application.public_id}/determinations/{determination.public_id}/"
    assert url in dashboard  # the dashboard links to the latest result
    return client.get(url).content.decode()


def test_attesting_from_the_result_page_restores_aptc(filled, maria, maria_client):
    determination = _denied(filled, maria)
    page = _result_page(maria_client, determination)
    link = LINK.search(page).group(1)
    assert link == "/changes/reconciled/"

    form = maria_client.get(link).content.decode()
    assert 'data-years="2023,2024"' in form and "Form 8962" in form
    refused = maria_client.post(link, {"signature": "Maria Garcia"})
    assert refused.status_code == 400
    assert "Check the box to say you filed and reconciled." in refused.content.decode()
    assert not ReconcileAttestation.objects.exists()

    done = maria_client.post(link, {"attested": "on", "signature": "Maria Garcia"})
    assert done.status_code == 302
    change = ReportedChange.objects.get(kind="reconciled")
    assert done["Location"] == f"/changes/{change.public_id}/"
    after = change.after
    assert after.result["ptc_eligible"] is True and float(after.result["aptc"]) > 0
    assert "ftr_tax_years" not in after.input_snapshot
    attestation = ReconcileAttestation.objects.get(application=filled)
    assert attestation.tax_years == [2023, 2024] and attestation.attested_by == maria
    attested = AuditEvent.objects.get(action="application.reconcile_attested")
    assert attested.detail["tax_years"] == [2023, 2024]
    assert AuditEvent.objects.filter(action="change.reported", object_id=str(change.pk)).exists()
    assert maria_client.get(done["Location"]).status_code == 200
    listed = maria_client.get("/changes/").content.decode()
    assert "Filed a tax return and reconciled the premium tax credit (Form 8962)" in listed
    # The new result names no failure any more: no link to attest again.
    assert LINK.search(_result_page(maria_client, after)) is None


def test_the_page_in_spanish_and_a_second_submission_changes_nothing(filled, maria, maria_client):
    _denied(filled, maria)
    maria_client.cookies["marketplace_language"] = "es"
    page = maria_client.get("/changes/reconciled/").content.decode()
    assert 'lang="es"' in page and "Formulario 8962" in page
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    posted = {"attested": "on", "signature": "Maria Garcia", "token": token}
    maria_client.post("/changes/reconciled/", posted)
    maria_client.post("/changes/reconciled/", posted)  # the same form twice
    assert ReportedChange.objects.filter(kind="reconciled").count() == 1
    assert ReconcileAttestation.objects.count() == 1


def test_nothing_to_attest_without_a_reported_failure(filled, maria, maria_client):
    actions.submit_application(filled, maria, None)
    page = maria_client.get("/changes/reconciled/").content.decode()
    assert "nothing to tell us here" in page
    refused = maria_client.post("/changes/reconciled/", {"attested": "on", "signature": "M G"})
    assert refused.status_code == 400 and "names no tax year" in refused.content.decode()


def test_the_attestation_covers_its_coverage_year_and_the_irs_is_asked_again_for_the_next(
    filled, maria, maria_client
):
    """The attestation answered the 2026 result: 2026 redeterminations do not count 2023 and
    2024. For 2027 (the renewal, or any redetermination for it) the IRS is asked again and,
    as it still reports 2024 and 2025 not reconciled, its answer wins (docs/adr/0107)."""
    _denied(filled, maria)
    maria_client.post("/changes/reconciled/", {"attested": "on", "signature": "Maria Garcia"})
    attestation = ReconcileAttestation.objects.get(application=filled)
    assert (attestation.tax_years, attestation.coverage_year) == ([2023, 2024], 2026)
    detail = AuditEvent.objects.get(action="application.reconcile_attested").detail
    assert detail["coverage_year"] == 2026

    members = list(filled.members.order_by("position", "id"))
    assert reconcile.ftr_tax_years(members, 2026) == []
    assert reconcile.ftr_tax_years(members, 2027) == [2024, 2025]
