"""A policy that covers only some of the household keeps the credit and the state's help of
its own members when it is priced again (26 CFR 1.36B-3(b)(1), (d)(1), (f)(1); 956 CMR
12.04(3)(c)); a period for some members never ends the others' coverage.

The Haddads (tests/changes/conftest.haddads): Lena enrolled alone through the move's period
for her (household contribution $330.00 a month, 7.92% of $50,000; ConnectorCare Plan Type
3A, $103 a month per enrollee). Figures worked by hand from the demo catalog's 2026 rates
for a woman of 36 (premium x EHB share):

- Boston (Rating Area 5): 52386MA0020005 $536.37 (share 1), 52386MA0020006 $547.66 x
  0.9856 = $539.77: Lena's second lowest cost silver plan; her credit 539.77 - 330.00 =
  **$209.77**. The household's (both) is $751.54 there.
- Worcester: the lowest-cost ConnectorCare plan for Lena, 52386MA0020090, $494.26 (EHB
  $489.96); her credit $154.28; the state subsidy 494.26 - 154.28 - 103.00 = **$236.98**,
  so she pays $103.00, the Plan Type 3A enrollee premium. The household's subsidy, for two
  ($990.34 - $640.35 - $206.00 = $143.99), would have left her $196.00 to pay.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.enrollment import actions, states
from tests.changes.conftest import (
    HADDAD_WORCESTER,
    determined,
    haddad_spec,
    last_outbox_id,
    member,
    report,
    sent_after,
)
from tests.changes.sep_support import checkout

pytestmark = pytest.mark.django_db

CHEAPEST_SILVER = "52386MA0020005"
CONNECTORCARE = "52386MA0020090"
JUNE = date(2026, 6, 10)
BOSTON = {"street": "1 Main St", "city": "Boston", "zipcode": "02108", "countyfips": "25025"}


def _lena_in(haddads, plan_id):
    user, application = haddads
    return actions.release_pended(checkout(user, application.determinations.first(), plan_id))


def test_a_move_keeps_the_credit_to_the_members_on_the_policy(haddads, settings):
    """Back to Boston in June: the policy is rated there from July 1 with Lena's own credit
    ($209.77), never the household's ($751.54, which her $536.37 premium would have capped
    at all of it) in the rating change, its 834 or its audit row."""
    _, application = haddads
    enrollment = _lena_in(haddads, CHEAPEST_SILVER)
    settings.MARKETPLACE_TODAY = JUNE
    before = last_outbox_id()
    change = report(application, "address", event_date=JUNE, **BOSTON)
    assert Decimal(str(change.after.result["aptc"])) == Decimal("751.54")
    [rerated] = [c for c in change.effects if c["kind"] == "rerated"]
    assert rerated["effective"] == "2026-07-01"
    assert Decimal(rerated["premium"]) == Decimal("536.37")
    assert Decimal(rerated["aptc"]) == Decimal("209.77")
    enrollment.refresh_from_db()
    assert enrollment.rating_area == "R-MA005"
    assert enrollment.max_aptc == enrollment.elected_aptc == Decimal("209.77")
    assert enrollment.benchmark_premium == Decimal("539.77")
    assert enrollment.premium_after_credit == Decimal("326.60")
    sent = sent_after(enrollment, before)
    assert sent and all(Decimal(t.payload["aptc_amount"]) == Decimal("209.77") for t in sent)
    assert all(t.benchmark_premium == Decimal("539.77") for t in sent)
    audit = AuditEvent.objects.get(action="enrollment.rerated_for_move")
    assert audit.detail["new_max"] == audit.detail["new_aptc"] == "209.77"


def test_connectorcare_follows_the_member_who_enrolls(haddads):
    """Lena alone in the lowest-cost ConnectorCare plan: the state subsidy is worked for her
    (956 CMR 12.04(3)(c)), so she pays the Plan Type 3A enrollee premium, $103.00."""
    _, application = haddads
    stored = application.determinations.first().result["state_subsidy"]
    assert Decimal(str(stored["monthly"])) == Decimal("143.99")  # the household's, for two
    enrollment = _lena_in(haddads, CONNECTORCARE)
    assert enrollment.premium == Decimal("494.26")
    assert enrollment.elected_aptc == Decimal("154.28")
    assert enrollment.state_subsidy == Decimal("236.98")
    assert enrollment.premium_after_credit == Decimal("103.00")
    (addition,) = sent_after(enrollment)
    assert Decimal(addition.payload["total_responsible_amount"]) == Decimal("103.00")


def test_connectorcare_is_kept_to_her_when_she_elects_less(haddads):
    """An APTC change on her policy re-prices the state's help for her, not the household:
    $50 less APTC costs her $50 more (ADR 0801: the subsidy is a fixed amount)."""
    enrollment = _lena_in(haddads, CONNECTORCARE)
    changed = actions.change_aptc(enrollment, Decimal("104.28"), on=date(2026, 4, 20))
    assert changed.state_subsidy == Decimal("236.98")
    assert changed.premium_after_credit == Decimal("153.00")


def _period_for_omar_only(settings):
    """Lena chose a plan for both of them on January 20, the last week of open enrollment
    (coverage from February 1); they move to Worcester on January 26. Only Omar had coverage
    in the 60 days before (his own, which he attests); Lena's policy had not begun, so the
    move's period is Omar's alone (45 CFR 155.420(a)(5))."""
    user, application, determination = determined("lena@example.org", haddad_spec())
    settings.MARKETPLACE_TODAY = date(2026, 1, 20)
    policy = checkout(user, determination, on=date(2026, 1, 20))
    settings.MARKETPLACE_TODAY = moved = date(2026, 1, 26)
    omar = str(member(application, "Omar").public_id)
    report(application, "address", event_date=moved, covered_members=[omar], **HADDAD_WORCESTER)
    settings.MARKETPLACE_TODAY = date(2026, 1, 27)
    return user, application, policy


def test_a_period_for_some_members_does_not_end_the_others_coverage(settings):
    """Checkout through Omar's period would have replaced the couple's policy with one for
    Omar alone, cancelling Lena's coverage; it is refused and the policy stays."""
    user, application, policy = _period_for_omar_only(settings)
    latest = application.determinations.first()
    with pytest.raises(actions.EnrollmentError) as exc:
        checkout(user, latest, on=date(2026, 1, 27))
    assert exc.value.code == "others_on_current_plan"
    policy.refresh_from_db()
    assert policy.status in states.ACTIVE and policy.coverage_end is None
    assert sorted(m.first_name for m in policy.covered_members()) == ["Lena", "Omar"]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "only for some of the people on your current plan"),
        ("es", "solo para algunas de las personas de su plan actual"),
    ],
)
def test_the_checkout_page_says_why(client, settings, language, words):
    user, application, policy = _period_for_omar_only(settings)
    latest = application.determinations.first()
    client.force_login(user)
    client.cookies["marketplace_language"] = language
    address = f"/enroll/{latest.public_id}/plans/{policy.plan_id[:14]}/checkout/"
    token = re.search(r'name="token" value="([^"]+)"', client.get(address).content.decode())
    form = {"aptc": "0", "truthful": "on", "reconcile": "on", "terms": "on"}
    answer = client.post(address, {"token": token.group(1), **form})
    assert answer.status_code in (200, 400)
    assert words in answer.content.decode()
