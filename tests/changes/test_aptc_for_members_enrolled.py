"""The maximum APTC of a policy that covers only some of the household: the credit of the
coverage family that enrolls (26 CFR 1.36B-3(b)(1), (d)(1), (f)(1)), not the household's.

Lena (36, $30,000) and Omar (37, $20,000) Haddad, married filing jointly, applied in Boston
in open enrollment and chose no plan. On April 10, 2026 they move to Worcester (Rating Area
2); only Lena had coverage in the 60 days before, so the move's period is hers alone (45 CFR
155.420(a)(5), (d)(7)) and she enrolls alone from May 1.

Worked by hand from the demo catalog's 2026 rates in Rating Area 2:

- Household income $50,000, 236% of the poverty line for 2; applicable percentage 7.92%;
  contribution $50,000 x 7.92% = $3,960 a year, $330.00 a month (the stored determination).
- Silver plan 52386MA0020005 (EHB share 1): Lena $481.23, Omar $483.00; together $964.23.
- Silver plan 52386MA0020006 (EHB share 0.9856): Lena $491.36, Omar $493.17; together
  $984.53. EHB: Lena 491.36 x 0.9856 = $484.28; together 984.53 x 0.9856 = $970.35.
- Every other silver plan's EHB premium is higher (the next for Lena: $489.96), so the
  second lowest cost silver plan is 52386MA0020006 for both families.
- The household's maximum APTC (both enrolled): 970.35 - 330.00 = $640.35 a month.
- Lena's coverage family alone: 484.28 - 330.00 = **$154.28** a month. Before this was
  fixed she got the household's $640.35, capped at her premium: $481.23, all of it.
- Lena in 52386MA0020005 (the cheapest silver, not ConnectorCare): premium $481.23, APTC
  $154.28 (under her premium, 1.36B-3(d)(1)(i)), she pays 481.23 - 154.28 = $326.95.
- Form 1095-A, May to December: column A $481.23, column B (her SLCSP) $484.28, column C
  $154.28; the year: 8 x 481.23 = $3,849.84, 8 x 484.28 = $3,874.24, 8 x 154.28 = $1,234.24.
"""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import actions, states
from marketplace.enrollment.models import Enrollment
from marketplace.form1095a.models import Form1095A
from tests.changes.conftest import SPRING, member, report, sent_after
from tests.changes.sep_support import checkout

pytestmark = pytest.mark.django_db

CHEAPEST_SILVER = "52386MA0020005"
LENA_SLCSP = Decimal("484.28")
LENA_APTC = Decimal("154.28")


def _lena_enrolled(haddads) -> Enrollment:
    user, application = haddads
    enrollment = checkout(user, application.determinations.first(), CHEAPEST_SILVER)
    return actions.release_pended(enrollment)  # the move's documents accepted (155.420(g))


def test_the_household_figures_are_those_worked_by_hand(haddads):
    _, application = haddads
    result = application.determinations.first().result
    assert Decimal(str(result["expected_contribution"])) == Decimal("3960")
    assert Decimal(str(result["benchmark_premium"])) == Decimal("970.35")
    assert Decimal(str(result["aptc"])) == Decimal("640.35")


def test_lena_enrolling_alone_gets_the_credit_of_her_own_benchmark(haddads):
    enrollment = _lena_enrolled(haddads)
    assert [m.first_name for m in enrollment.members.all()] == ["Lena"]
    assert enrollment.max_aptc == LENA_APTC
    assert enrollment.elected_aptc == LENA_APTC
    assert enrollment.benchmark_premium == LENA_SLCSP
    assert enrollment.premium == Decimal("481.23")
    assert enrollment.premium_after_credit == Decimal("326.95")


def test_the_834_carries_her_amounts(haddads):
    enrollment = _lena_enrolled(haddads)
    (addition,) = sent_after(enrollment)
    assert addition.maintenance_type == "021"
    assert Decimal(addition.payload["premium_total"]) == Decimal("481.23")
    assert Decimal(addition.payload["aptc_amount"]) == LENA_APTC
    assert Decimal(addition.payload["total_responsible_amount"]) == Decimal("326.95")
    assert addition.benchmark_premium == LENA_SLCSP


def test_the_pages_show_the_credit_checkout_charges(client, haddads):
    user, application = haddads
    client.force_login(user)
    latest = application.determinations.first()
    html = client.get(f"/enroll/{latest.public_id}/").content.decode()
    assert "154.28" in html and "640.35" not in html


def test_form_1095a_reports_her_slcsp_and_credit(haddads, tmp_path, settings):
    enrollment = _lena_enrolled(haddads)
    Enrollment.objects.filter(pk=enrollment.pk).update(status=states.EFFECTUATED)
    settings.MARKETPLACE_TODAY = SPRING.replace(year=2027, month=1, day=15)
    call_command("form-1095a", "--year", "2026", "--out", str(tmp_path), stdout=StringIO())
    figures = Form1095A.objects.get(enrollment=enrollment).figures
    months = {m["month"]: m for m in figures["months"]}
    assert all(Decimal(months[m]["slcsp"]) == 0 for m in range(1, 5))
    for month in range(5, 13):
        assert Decimal(months[month]["premium"]) == Decimal("481.23")
        assert Decimal(months[month]["slcsp"]) == LENA_SLCSP
        assert Decimal(months[month]["aptc"]) == LENA_APTC
    assert Decimal(figures["totals"]["premium"]) == Decimal("3849.84")
    assert Decimal(figures["totals"]["slcsp"]) == Decimal("3874.24")
    assert Decimal(figures["totals"]["aptc"]) == Decimal("1234.24")


def test_a_redetermination_keeps_the_credit_to_her_coverage_family(haddads):
    """Omar's income falls to $10,000 (household $40,000): the new contribution comes from
    the stored determination; Lena's maximum is her SLCSP less a twelfth of it, from June 1
    (45 CFR 155.330(f)(1)(i)), and her policy keeps her own benchmark for Form 1095-A."""
    enrollment = _lena_enrolled(haddads)
    _, application = haddads
    before = OutboundTransaction.objects.order_by("-id").first().pk
    report(
        application,
        "income",
        member=str(member(application, "Omar").public_id),
        annual_income="10000",
    )
    result = application.determinations.first().result
    contribution = Decimal(str(result["expected_contribution"]))
    expected = (LENA_SLCSP - contribution / 12).quantize(Decimal("0.01"))
    assert expected > LENA_APTC  # a lower income, a larger credit
    enrollment.refresh_from_db()
    assert enrollment.max_aptc == expected and enrollment.elected_aptc == LENA_APTC
    assert enrollment.benchmark_premium == LENA_SLCSP
    assert Decimal(str(result["aptc"])) > expected  # the household's, for both, is more
    assert (
        not OutboundTransaction.objects.filter(pk__gt=before, enrollment=enrollment)
        .exclude(benchmark_premium=LENA_SLCSP)
        .exists()
    )
