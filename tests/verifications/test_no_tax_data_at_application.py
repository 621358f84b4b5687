"""An IRS "no data" answer at application follows the same dated rule as the renewal
(45 CFR 155.320(c)(5), (c)(3)(vi); verifications/data/income_without_tax_data.yaml,
docs/adr/0107): with `accept` (the rule in force) the Garcias' attested income stands and no
income item opens; with `verify` an income item opens, with no amount from the data source,
and a later retry or the deadline run asks the IRS again under the same rule.

Maria's SSN ends 1111: the data-service simulator's IRS holds no return for her (ADR 0700)."""

from __future__ import annotations

import pytest

from marketplace.verifications import nodata
from marketplace.verifications.models import ItemStatus, VerificationItem
from tests.verifications.expiry_support import (  # noqa: F401 - fixtures
    _clock,
    demo_catalog,
    garcias,
    items_of,
    latest,
    run_deadline,
    submitted,
    use_no_data_rule,
)

pytestmark = pytest.mark.django_db


def test_the_rule_in_force_accepts_the_attested_income_at_application():
    assert nodata.no_data_rule(2026) == nodata.ACCEPT
    assert nodata.no_data_rule(2027) == nodata.ACCEPT
    _owner, application, determination = submitted(garcias(maria="123451111"))

    assert not VerificationItem.objects.filter(application=application, type="income").exists()
    assert determination.result["aptc"] > 0
    assert latest(application).input_snapshot["income"] == 52000
    assert "income_unverified" not in latest(application).input_snapshot


def test_with_verify_in_force_an_income_item_opens_without_a_data_source_amount(monkeypatch):
    use_no_data_rule(monkeypatch, nodata.VERIFY)
    _owner, application, _determination = submitted(garcias(maria="123451111"))

    (item,) = items_of(application)
    assert item.type == "income" and item.status == ItemStatus.OPEN
    assert item.data_income is None


def test_an_item_opened_under_verify_is_resolved_when_accept_is_in_force_at_the_deadline(
    monkeypatch,
):
    """One place decides: the deadline run asks the IRS again (155.315(f)(5)) and reads the
    same rule, so the attestation stands and nothing is taken away."""
    use_no_data_rule(monkeypatch, nodata.VERIFY)
    _owner, application, _determination = submitted(garcias(maria="123451111"))
    (item,) = items_of(application)

    use_no_data_rule(monkeypatch, nodata.ACCEPT)
    run_deadline(item)

    assert item.status == ItemStatus.RESOLVED_BY_RETRY
    assert item.detail == "Verified by the data source at the deadline."
    assert latest(application).result["aptc"] > 0


def test_the_dated_rule_names_what_was_read_for_2026_and_2027():
    """2026: the 2025 rule's removal of (c)(5) is stayed (City of Columbus v. Kennedy);
    2027: the 2027 Payment Notice (91 FR 29526) names no change (docs/adr/0107)."""
    import yaml

    data = yaml.safe_load(nodata.DATA.read_text(encoding="utf-8"))
    values = {str(day): v for day, v in data["values"].items()}
    assert values["2026-01-01"]["value"] == nodata.ACCEPT
    assert "columbus-stay-summaries" in values["2026-01-01"]["from"]
    assert "payment-notice-2027" in values["2027-01-01"]["from"]
    for name in ("columbus-stay-summaries", "payment-notice-2027"):
        source = data["sources"][name]
        assert source["read"] == "secondary" and str(source["read_on"]) == "2026-12-04"
    assert "91 FR 29526" in data["sources"]["payment-notice-2027"]["title"]
