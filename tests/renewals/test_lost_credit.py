"""Households renewed without the help they had, counted where officials look before the
real run (45 CFR 155.305(f), (g); 155.335):

- Omar's IRS record shows APTC paid and not reconciled for 2024 and 2025 (failure to file
  and reconcile, 155.305(f)(4)): renewed in his silver plan without the premium tax credit
  and without the cost-sharing reduction;
- Ada's income rose above what the credit allows: renewed without the credit;
- Sam renews as before, with his credit.

`marketplace renew --dry-run` and the real run print the same counts after the outcomes
(the outcome lines unchanged), and the officials' dashboard shows them.
"""

from __future__ import annotations

import pytest

from marketplace.renewals.models import Renewal
from tests.renewals.conftest import RENEWED_ON, losing_help, renew
from tests.reports.conftest import official

pytestmark = pytest.mark.django_db


def _state():
    found = losing_help()
    omar_policy = found["omar"][1]
    assert omar_policy.max_aptc > 0 and omar_policy.csr_level in ("73", "87", "94")
    return tuple(found[name][1] for name in ("omar", "ada", "sam"))


def _lines(report: str) -> list[str]:
    return [line.strip() for line in report.splitlines()]


def test_the_dry_run_and_the_run_count_the_credits_lost(settings):
    omar, ada, sam = _state()
    settings.MARKETPLACE_TODAY = RENEWED_ON

    rehearsal = _lines(renew("--dry-run"))
    assert Renewal.objects.count() == 0
    assert "renewed, premium tax credit lost: 2" in rehearsal
    assert "renewed, premium tax credit lost for failure to file and reconcile: 1" in rehearsal
    assert "renewed, cost-sharing reductions lost: 2" in rehearsal
    # The outcome lines are as they were: three households renewed, counted once each.
    assert rehearsal[0].startswith("Renewal 2026 -> 2027: would renew 3 policies")
    assert rehearsal[1:3] == [
        "renewed in the same plan: 3",
        "renewed in another plan (crosswalked): 0",
    ]

    report = _lines(renew())
    assert report[0].startswith("Renewal 2026 -> 2027: renewed 3 policies")
    assert "All runs: 3 renewed, 0 left." in report
    assert report[report.index("All runs: 3 renewed, 0 left.") + 1 :] == [
        "renewed, premium tax credit lost: 2",
        "renewed, premium tax credit lost for failure to file and reconcile: 1",
        "renewed, cost-sharing reductions lost: 2",
        "someone left out of the new year's plan (their coverage ends): 0",
    ]
    by_policy = {r.previous_id: r for r in Renewal.objects.all()}
    assert (by_policy[omar.pk].aptc_lost, by_policy[omar.pk].csr_lost) == ("ftr", True)
    assert by_policy[ada.pk].aptc_lost == "other"
    assert (by_policy[sam.pk].aptc_lost, by_policy[sam.pk].csr_lost) == ("", False)
    assert by_policy[omar.pk].detail["lost"] == {"credits": ["aptc", "csr"], "why": "ftr"}


def test_officials_see_the_credits_lost_on_the_dashboard(settings, client):
    _state()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    official(client)
    response = client.get("/reports/", {"start": "2026-12-01", "end": "2026-12-02"})
    rows = {table.key: dict(table.rows) for table, _chart in response.context["tables"]}["renewals"]
    assert rows["Renewed in the same plan"] == 3
    assert rows["Renewed, premium tax credit lost"] == 2
    assert rows["Renewed, premium tax credit lost for failure to file and reconcile"] == 1
    assert rows["Renewed, cost-sharing reductions lost"] == 2
    client.post("/i18n/setlang/", {"language": "es", "next": "/reports/"})
    page = client.get("/reports/", {"start": "2026-12-01", "end": "2026-12-02"}).content.decode()
    assert 'lang="es"' in page
    assert "Renovado, perdió el crédito fiscal por no declarar y conciliar" in page
