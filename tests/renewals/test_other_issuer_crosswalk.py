"""45 CFR 155.335(j)(3): where the state's Plan ID Crosswalk sends an issuer's enrollees to
another issuer's plan (CrosswalkLevel 4), the renewal re-enrolls them there. The demo's
2027 crosswalk leaves Atlantic Shore's Norfolk County enrollees to choose (level 0); here
the file is rewritten so that the state sends them to Bay Colony's Standard Silver HMO,
imported with `import-puf`, and the household renewed."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.catalog.demo.generator import generate
from marketplace.catalog.models import CrosswalkLevel, Plan
from marketplace.edi.models import OutboundTransaction
from marketplace.renewals.models import Outcome, Renewal
from tests.renewals.conftest import RENEWED_ON, enrolled, renew, single
from tests.shopping import support

pytestmark = pytest.mark.django_db

ATLANTIC_SHORE, BAY_COLONY, NORFOLK = "58914", "31642", "25021"


@pytest.fixture(autouse=True)
def _fresh_caches():
    support.clear_caches()
    yield
    support.clear_caches()  # the rewritten import is rolled back with the test


def _plan(issuer: str, label: str, year: int) -> Plan:
    return Plan.objects.get(year=year, state="MA", issuer__hios_id=issuer, name__endswith=label)


def _state_sends_leavers_to(tmp_path, target: Plan) -> None:
    """The 2027 crosswalk with Atlantic Shore's Norfolk rows pointing at `target` (level 4)."""
    directory = generate(tmp_path, years=(2027,))[2027]
    path = directory / "crosswalk-puf.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    head = table[0]
    column = {name: head.index(name) for name in head}
    changed = 0
    for row in table[1:]:
        if row[column["IssuerID_2026"]] == ATLANTIC_SHORE and row[column["FIPSCode"]] == NORFOLK:
            row[column["CrosswalkLevel"]] = "4"
            row[column["ReasonForCrosswalk"]] = (
                "Issuer leaving county, enrollees mapped by the state"
            )
            row[column["PlanID_2027"]] = target.standard_component_id + "-01"
            row[column["IssuerID_2027"]] = BAY_COLONY
            row[column["MetalLevel_2027"]] = target.get_metal_level_display()
            changed += 1
    assert changed
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    call_command("import-puf", str(directory), year=2027, stdout=StringIO(), stderr=StringIO())
    support.clear_caches()


def test_the_state_crosswalk_to_another_issuer_is_followed(settings, tmp_path):
    leaving = _plan(ATLANTIC_SHORE, "Standard Silver HMO", 2026)
    user, before = enrolled(
        single("Cy", 35, 70000, zipcode="02169", countyfips=NORFOLK),
        lambda offered: leaving.standard_component_id,
    )
    _state_sends_leavers_to(tmp_path, _plan(BAY_COLONY, "Standard Silver HMO", 2027))
    target = _plan(BAY_COLONY, "Standard Silver HMO", 2027)

    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    renewal = Renewal.objects.select_related("enrollment__issuer").get(previous=before)
    assert renewal.outcome == Outcome.CROSSWALKED
    assert renewal.crosswalk_level == CrosswalkLevel.OTHER_ISSUER
    assert renewal.reason == "Issuer leaving county, enrollees mapped by the state"
    policy = renewal.enrollment
    assert policy.plan_id[:14] == target.standard_component_id
    assert policy.owner == user and policy.issuer.hios_id == BAY_COLONY != before.issuer.hios_id
    assert str(policy.coverage_start) == "2027-01-01"
    [sent] = OutboundTransaction.objects.filter(enrollment=policy)
    assert sent.issuer.hios_id == BAY_COLONY  # the new issuer gets the re-enrollment's 834
