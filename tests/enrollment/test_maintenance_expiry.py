"""A verification deadline passes and the enrollment changes it calls for go to the insurer
by themselves (enrollment/redetermination.py): a member who lost eligibility leaves the
policy, a subscriber who lost it hands the policy to a new subscriber, a new CSR level moves
the same policy to the matching plan variant (one 001 CSR VARIANT CHANGE). Only what cannot
be sent stays with casework.

The households and clock are tests/verifications/test_expiry.py's (Boston, coverage year
2026; items due 1 March, the deadline job on 10 March, so changes take effect on 1 April,
45 CFR 155.330(f)(1)(i), and a member no longer eligible is covered until 30 April,
155.430(d)(3)):

- The Garcias: Maria (40) and Jose (38), $52,000, on one silver policy with CSR 87; their
  children have CHIP. The data-service simulator cannot confirm the citizenship of an SSN
  ending 0001, and reports $90,000 for one ending 2222.
- The Silvas: Ana (35) and her son Leo (12), $120,000 (no CHIP for Leo); SSA cannot
  confirm Ana's citizenship.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from marketplace.applications import seeding
from marketplace.audit.models import AuditEvent
from marketplace.edi import export
from marketplace.enrollment import redetermination, states
from marketplace.enrollment.models import Enrollment
from marketplace.notices.models import Notice
from tests.verifications.expiry_support import (
    effectuated,
    enroll,
    garcias,
    items_of,
    latest,
    layout_text,
    outbox_after,
    run_deadline,
    submitted,
)
from x12 import read_834
from x12.validate import validate_834

pytestmark = pytest.mark.django_db

P = seeding.PersonSpec


def silvas() -> seeding.HouseholdSpec:
    return seeding.HouseholdSpec(
        last_name="Silva",
        zipcode="02108",
        countyfips="25025",
        people=[
            P("Ana", 35, "self", "female", wages_yearly=120000, ssn="123450001"),
            P("Leo", 12, "child", "male", ssn="123450077"),
        ],
    )


def _enrolled(spec, email="maria@example.org", **user_extra):
    owner, application, first = submitted(spec, email=email, **user_extra)
    enrollment = effectuated(enroll(owner, first))
    export.export_pending(_outbox())  # the initial 021 went out long ago
    return application, enrollment


def _outbox():
    from django.conf import settings

    return settings.EDI_DIR / "sent"


def _deadline(application):
    (item,) = items_of(application)
    return run_deadline(item)


def _changes() -> list[dict]:
    return Notice.objects.get(kind="eligibility_change").context["changes"]


def _valid_file(tmp_path):
    result = export.export_pending(tmp_path)
    assert result.files == 1
    checked = validate_834(result.paths[0])
    assert checked.ok, checked.errors
    return read_834(result.paths[0]).transactions


def test_a_husband_who_loses_eligibility_leaves_the_policy_and_his_wife_stays(tmp_path):
    application, enrollment = _enrolled(garcias(jose="123450001"))
    jose = enrollment.members.get(first_name="Jose")
    mark = enrollment.outbound.latest("id").pk

    item = _deadline(application)

    assert item.followup == ""  # nothing left for casework
    enrollment.refresh_from_db()
    assert enrollment.status == states.EFFECTUATED and enrollment.replacement is None
    rows = outbox_after(enrollment, mark)
    removal = next(r for r in rows if r.kind == "removal")
    assert (removal.maintenance_reason, removal.additional_reason) == ("07", "TERM-NLE")
    assert [m["member_id"] for m in removal.payload["members"]] == [jose.member_id]
    assert removal.payload["coverage_end"] == "2026-04-30"  # 155.430(d)(3)
    assert rows[-1].kind == "change"  # Maria's own premium from 1 May
    assert rows[-1].payload["maintenance_effective_date"] == "2026-05-01"
    sent = _valid_file(tmp_path)
    assert len(sent) == len(rows)
    assert ("024", "07") in [(t.maintenance_type, t.maintenance_reason) for t in sent]
    review = next(c for c in _changes() if c["kind"] == "review")
    assert review == {
        "kind": "review",
        "policy_id": enrollment.policy_id,
        "names": ["Jose Garcia"],
        "automated": True,
        "end": "2026-04-30",
        "cancelled": False,
    }


def test_a_subscriber_who_loses_eligibility_hands_the_policy_to_her_husband(tmp_path):
    application, enrollment = _enrolled(garcias(maria="123450001"))
    jose = enrollment.members.get(first_name="Jose")

    item = _deadline(application)

    assert item.followup == ""
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.coverage_end, enrollment.end_reason) == (
        states.TERMINATED,
        date(2026, 4, 30),
        "replaced",
    )
    new = enrollment.replacement
    assert new.status == states.SELECTED and new.coverage_start == date(2026, 5, 1)
    assert new.determination == latest(application)
    assert [(m.member_id, m.relationship) for m in new.members.all()] == [(jose.member_id, "18")]
    sent = _valid_file(tmp_path)
    pairs = [(t.policy_id, t.maintenance_type, t.additional_maintenance_reason) for t in sent]
    assert (enrollment.policy_id, "024", "TERMCIC") in pairs
    assert (new.policy_id, "021", "CIC") in pairs
    review = next(c for c in _changes() if c["kind"] == "review")
    assert review["new_policy_id"] == new.policy_id and review["start"] == "2026-05-01"


def test_a_lower_csr_level_moves_the_same_policy_to_the_standard_silver_variant(tmp_path):
    application, enrollment = _enrolled(garcias(maria="123452222"))
    assert enrollment.plan_id.endswith("05")
    old_plan, old_aptc = enrollment.plan_id, enrollment.elected_aptc
    members = [m.member_id for m in enrollment.covered_members()]
    mark = enrollment.outbound.latest("id").pk

    item = _deadline(application)

    assert item.followup == ""
    enrollment.refresh_from_db()
    assert enrollment.status == states.EFFECTUATED and enrollment.coverage_end is None
    assert enrollment.replacement is None  # the same policy, no CIC pair
    assert enrollment.plan_id == old_plan[:14] + "01" and enrollment.csr_level == ""
    assert enrollment.determination == latest(application)
    new_max = Decimal(str(latest(application).result["aptc"] or 0)).quantize(Decimal("0.01"))
    assert enrollment.max_aptc == new_max
    assert enrollment.elected_aptc == min(old_aptc, new_max, enrollment.ehb_premium)
    (row,) = outbox_after(enrollment, mark)  # the variant and the APTC in one 001
    assert (row.kind, row.maintenance_type, row.additional_reason) == (
        "change",
        "001",
        "CSR VARIANT CHANGE",
    )
    (txn,) = _valid_file(tmp_path)
    assert (txn.maintenance_type, txn.policy_id, txn.plan_id) == (
        "001",
        enrollment.policy_id,
        enrollment.plan_id,
    )
    assert [m.member_id for m in txn.members] == members
    assert txn.maintenance_effective_date == date(2026, 4, 1)  # 155.330(f)(1)(i)
    assert txn.aptc_amount == enrollment.elected_aptc
    csr = next(c for c in _changes() if c["kind"] == "csr")
    assert csr == {
        "kind": "csr",
        "policy_id": enrollment.policy_id,
        "old": "87",
        "new": "",
        "effective": "2026-04-01",
        "automated": True,
        "plan_id": enrollment.plan_id,
    }
    assert AuditEvent.objects.filter(action="enrollment.csr_variant_changed").count() == 1


def test_a_csr_change_applied_twice_sends_once():
    application, enrollment = _enrolled(garcias(maria="123452222"))
    mark = enrollment.outbound.latest("id").pk
    (item,) = items_of(application)
    run_deadline(item)
    run_deadline(item)
    enrollment.refresh_from_db()
    again = redetermination.apply(enrollment, latest(application), notice_date=date(2026, 3, 10))
    assert again.followups == [] and again.changes == []
    assert len(outbox_after(enrollment, mark)) == 1
    assert Enrollment.objects.filter(application=application).count() == 1


def test_the_deadline_and_the_redetermination_applied_twice_send_once():
    application, enrollment = _enrolled(garcias(maria="123450001"))
    mark = enrollment.outbound.latest("id").pk
    (item,) = items_of(application)
    run_deadline(item)
    run_deadline(item)
    enrollment.refresh_from_db()
    new = enrollment.replacement
    before = list(outbox_after(enrollment, mark)) + list(new.outbound.all())
    # The same determination applied again to the policy now in force sends nothing.
    again = redetermination.apply(new, latest(application), notice_date=date(2026, 3, 10))
    assert again.followups == [] and again.changes == []
    assert list(outbox_after(enrollment, mark)) + list(new.outbound.all()) == before
    assert Enrollment.objects.filter(application=application).count() == 2
    assert Notice.objects.filter(kind="eligibility_change").count() == 1


def test_a_parent_who_loses_eligibility_leaving_only_a_child_stays_with_casework():
    application, enrollment = _enrolled(silvas(), email="ana@example.org")
    mark = enrollment.outbound.latest("id").pk

    item = _deadline(application)

    assert "child-only policy needs its custodial parent" in item.followup
    assert "Ana Silva (the subscriber" in item.followup
    enrollment.refresh_from_db()
    assert enrollment.status == states.EFFECTUATED  # Leo keeps his coverage meanwhile
    assert all(
        r.kind != "removal" and r.maintenance_type != "024" for r in outbox_after(enrollment, mark)
    )
    review = next(c for c in _changes() if c["kind"] == "review")
    assert "automated" not in review and review["names"] == ["Ana Silva"]


# --- The notice says what was sent, not that a caseworker will do it ----------------------


def _notice_text() -> str:
    return layout_text(Notice.objects.get(kind="eligibility_change"))


def test_the_notice_says_a_dependent_leaves_the_policy_in_english():
    application, enrollment = _enrolled(garcias(jose="123450001"))
    _deadline(application)
    text = _notice_text()
    assert (
        f"Policy {enrollment.policy_id}: coverage for Jose Garcia ends on April 30, 2026, "
        "because they are no longer eligible for a Marketplace plan"
    ) in text
    assert "Everyone else on the policy stays covered." in text
    assert "caseworker" not in text.lower()


def test_the_notice_says_a_dependent_leaves_the_policy_in_spanish():
    application, enrollment = _enrolled(garcias(jose="123450001"), preferred_language="es")
    _deadline(application)
    text = _notice_text()
    assert (
        f"Póliza {enrollment.policy_id}: la cobertura de Jose Garcia termina el 30 de abril "
        "de 2026, porque ya no califica para un plan del Mercado"
    ) in text
    assert "Las demás personas de la póliza siguen cubiertas." in text
    assert "trabajador de casos" not in text.lower()


def test_the_notice_names_the_new_policy_when_the_subscriber_leaves():
    application, enrollment = _enrolled(garcias(maria="123450001"), preferred_language="es")
    _deadline(application)
    enrollment.refresh_from_db()
    new = enrollment.replacement
    text = _notice_text()
    assert "la cobertura de Maria Garcia termina el 30 de abril de 2026" in text
    assert (
        f"Desde el 1 de mayo de 2026, las demás personas están cubiertas por la póliza "
        f"{new.policy_id}, con el mismo plan y un nuevo titular."
    ) in text


def test_the_notice_says_the_same_policy_moves_to_the_new_variant_in_english():
    application, enrollment = _enrolled(garcias(maria="123452222"))
    _deadline(application)
    text = _notice_text()
    assert (
        f"Policy {enrollment.policy_id}: the extra savings on deductibles and copays change "
        "from the 87% level to none starting April 1, 2026. From that day the same policy "
        "covers you under the matching version of your plan."
    ) in text
    assert "What you already paid toward your deductible and out-of" in text
    assert "maximum this year still counts (45 CFR 156.425(b))" in text
    assert "caseworker" not in text.lower()
    assert Enrollment.objects.filter(application=application).count() == 1


def test_the_notice_says_the_same_policy_moves_to_the_new_variant_in_spanish():
    application, enrollment = _enrolled(garcias(maria="123452222"), preferred_language="es")
    _deadline(application)
    text = _notice_text()
    assert (
        f"Póliza {enrollment.policy_id}: los ahorros adicionales en deducibles y copagos "
        "cambian de nivel del 87% a ninguno a partir del 1 de abril de 2026. Desde ese "
        "día la misma póliza lo cubre con la versión correspondiente de su plan."
    ) in text
    assert "Lo que ya pagó este año para su deducible y su máximo de gastos de" in text
    assert "sigue contando (45 CFR 156.425(b))" in text
    assert "trabajador de casos" not in text.lower()


def test_the_notice_says_a_member_is_cancelled_from_a_policy_never_in_force():
    owner, application, first = submitted(garcias(jose="123450001"), preferred_language="es")
    enrollment = enroll(owner, first)  # the insurer never confirmed it: not in force
    export.export_pending(_outbox())
    _deadline(application)
    (removed,) = [c for c in _changes() if c["kind"] == "review"]
    assert removed["cancelled"] is True and removed["end"] == enrollment.coverage_start.isoformat()
    text = _notice_text()
    assert (
        f"Póliza {enrollment.policy_id}: Jose Garcia sale de la póliza desde su inicio el "
        "1 de enero de 2026, así que su cobertura nunca empieza"
    ) in text
    assert "termina el" not in text.split(enrollment.policy_id, 1)[1].split("\n\n", 1)[0]
