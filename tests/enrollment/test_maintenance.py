"""Enrollment maintenance: a member leaves a policy that goes on, a subscriber leaves (a CIC
pair with a new subscriber), and a change of cost-sharing variant (one 001 CSR VARIANT
CHANGE on the same policy, docs/puf-and-834.md B.4 and B.6 step 3); each a valid 834 through the
outbox (pyx12 and the companion-guide checks).

Households (tests/enrollment/conftest.py; Boston, coverage from 1 January 2026):

- The Garcias: Maria (40, the subscriber) and Jose (38, her husband) on one silver policy;
  their children have CHIP.
- Sam Okafor: single, 30, $30,000: silver CSR 87, variant 05.

Their policies are sent to the simulated issuer and effectuated by it, unless a test says
otherwise. Jose's coverage ends on 30 April 2026 (the last day of the month after a March
notice, 45 CFR 155.430(d)(3)), so the others' new premium starts on 1 May.
"""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.edi import export
from marketplace.edi.reconcile import reconcile
from marketplace.enrollment import actions, maintenance, states
from marketplace.enrollment.models import Enrollment
from tests.enrollment.conftest import enroll
from tests.enrollment.maintenance_support import _effectuated, _mark, _queued_after, _through_issuer
from x12 import read_834
from x12.validate import validate_834

pytestmark = pytest.mark.django_db

END = date(2026, 4, 30)


def _one_valid_file(tmp_path):
    """Export what is pending into exactly one file; it passes pyx12 and the companion
    checks; returns (its transactions, its segments)."""
    result = export.export_pending(tmp_path / "out")
    assert result.files == 1
    checked = validate_834(result.paths[0])
    assert checked.ok, checked.errors
    text = result.paths[0].read_text()
    return read_834(text).transactions, text.split("~")


def _member(enrollment: Enrollment, first_name: str):
    return enrollment.members.get(first_name=first_name)


# --- A dependent leaves ------------------------------------------------------------------


def test_removing_a_dependent_sends_their_024_and_the_others_001_in_one_valid_file(
    garcia, tmp_path
):
    enrollment = _effectuated(tmp_path, *garcia)
    maria, jose = _member(enrollment, "Maria"), _member(enrollment, "Jose")
    old_aptc = enrollment.elected_aptc
    mark = _mark()

    after = maintenance.remove_member(enrollment, jose, end_date=END, reason="not_eligible")

    assert after.pk == enrollment.pk and after.status == states.EFFECTUATED
    removal, change = _queued_after(mark)
    assert (removal.kind, removal.maintenance_type, removal.maintenance_reason) == (
        "removal",
        "024",
        "07",
    )
    assert removal.additional_reason == "TERM-NLE"
    assert (change.kind, change.maintenance_type, change.additional_reason) == (
        "change",
        "001",
        "FINANCIAL CHANGE",
    )
    txns, segments = _one_valid_file(tmp_path)
    term, financial = txns
    # The 024 lists Jose only (INS01 N), with his last day; the policy goes on.
    assert [m.member_id for m in term.members] == [jose.member_id]
    assert term.subscriber is None and term.coverage_end == END
    assert "INS*N*01*024*07*A" in segments
    assert "DTP*349*D8*20260430" in segments and "DTP*357*D8*20260430" in segments
    # The 001 lists Maria with the premium of the policy as it is from 1 May.
    assert [m.member_id for m in financial.members] == [maria.member_id]
    assert financial.maintenance_effective_date == date(2026, 5, 1)
    assert financial.financial_effective_date == date(2026, 5, 1)
    after.refresh_from_db()
    maria.refresh_from_db()
    assert financial.premium_total == after.premium == maria.premium  # her own rate
    assert after.premium < enrollment.premium
    assert after.elected_aptc == min(old_aptc, after.ehb_premium)  # 26 CFR 1.36B-3(j)
    assert financial.aptc_amount == after.elected_aptc
    assert financial.total_responsible_amount == after.premium - after.elected_aptc
    assert "DTP*007*D8*20260501" in segments
    jose.refresh_from_db()
    assert (jose.coverage_end, jose.end_reason) == (END, "not_eligible")
    assert [m.member_id for m in after.covered_members()] == [maria.member_id]


def test_the_issuer_takes_the_dependent_off_and_reconciliation_is_clean(garcia, tmp_path):
    enrollment = _effectuated(tmp_path, *garcia)
    maintenance.remove_member(
        enrollment, _member(enrollment, "Jose"), end_date=END, reason="not_eligible"
    )
    issuer = _through_issuer(tmp_path, enrollment)
    report = reconcile(enrollment.issuer.hios_id, issuer.audit_csv(tmp_path / "audit.csv"))
    assert report.clean, report.lines()


def test_removing_a_dependent_before_coverage_starts_cancels_them(garcia):
    enrollment = enroll(*garcia)  # selected on 1 December for 1 January
    mark = _mark()
    maintenance.remove_member(
        enrollment, _member(enrollment, "Jose"), end_date=END, reason="voluntary"
    )
    removal, change = _queued_after(mark)
    assert (removal.maintenance_reason, removal.additional_reason) == ("14", "CANCEL")
    assert removal.payload["coverage_end"] == "2026-01-01"  # end = begin: a cancellation
    assert change.payload["maintenance_effective_date"] == "2026-01-01"
    enrollment.refresh_from_db()
    assert enrollment.status == states.SELECTED


def test_removing_a_member_twice_sends_once(garcia, tmp_path):
    enrollment = _effectuated(tmp_path, *garcia)
    jose = _member(enrollment, "Jose")
    mark = _mark()
    maintenance.remove_member(enrollment, jose, end_date=END, reason="not_eligible")
    again = maintenance.remove_member(enrollment, jose, end_date=END, reason="not_eligible")
    assert again.pk == enrollment.pk
    assert len(_queued_after(mark)) == 2  # one 024, one 001
    assert AuditEvent.objects.filter(action="enrollment.member_removed").count() == 1


def test_a_member_removal_is_audited(garcia, tmp_path):
    user, determination = garcia
    enrollment = _effectuated(tmp_path, user, determination)
    jose = _member(enrollment, "Jose")
    maintenance.remove_member(enrollment, jose, end_date=END, reason="not_eligible", actor=user)
    event = AuditEvent.objects.get(action="enrollment.member_removed")
    assert event.actor == user and event.object_id == str(enrollment.pk)
    assert event.detail["member_id"] == jose.member_id
    assert event.detail["reason"] == "not_eligible"
    assert event.detail["coverage_end"] == "2026-04-30"
    assert event.detail["effective"] == "2026-05-01"


@pytest.mark.parametrize(
    ("end", "code"),
    [(date(2026, 4, 15), "end_not_month_end"), (date(2026, 12, 31), "ends_with_policy")],
)
def test_a_removal_the_dates_do_not_allow_is_refused_and_sends_nothing(garcia, tmp_path, end, code):
    enrollment = _effectuated(tmp_path, *garcia)
    mark = _mark()
    with pytest.raises(actions.EnrollmentError) as refused:
        maintenance.remove_member(
            enrollment, _member(enrollment, "Jose"), end_date=end, reason="not_eligible"
        )
    assert refused.value.code == code
    assert _queued_after(mark) == []


def test_the_last_member_cannot_be_removed(okafor):
    enrollment = enroll(*okafor)
    with pytest.raises(actions.EnrollmentError) as refused:
        maintenance.remove_member(
            enrollment, enrollment.members.get(), end_date=END, reason="voluntary"
        )
    assert refused.value.code == "last_member"


# --- The subscriber leaves: a CIC pair with a new subscriber -----------------------------


def test_removing_the_subscriber_ends_the_policy_and_starts_one_for_the_others(garcia, tmp_path):
    enrollment = _effectuated(tmp_path, *garcia)
    maria, jose = _member(enrollment, "Maria"), _member(enrollment, "Jose")
    mark = _mark()

    new = maintenance.remove_member(enrollment, maria, end_date=END, reason="not_eligible")

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.coverage_end) == (states.TERMINATED, END)
    assert enrollment.end_reason == "replaced"
    assert new.replaces == enrollment and enrollment.replacement == new
    assert new.status == states.SELECTED and new.coverage_start == date(2026, 5, 1)
    assert new.policy_id != enrollment.policy_id
    assert new.subscriber_id != enrollment.subscriber_id
    (subscriber,) = new.members.all()
    assert subscriber.member_id == jose.member_id  # his EAMID goes with him
    assert (subscriber.is_subscriber, subscriber.relationship) == (True, "18")
    ending, addition = _queued_after(mark)
    assert (ending.kind, ending.maintenance_reason, ending.additional_reason) == (
        "termination",
        "14",
        "TERMCIC",
    )
    assert (addition.kind, addition.maintenance_reason, addition.additional_reason) == (
        "addition",
        "EC",
        "CIC",
    )
    (old_policy, new_policy), _segments = _one_valid_file(tmp_path)
    assert old_policy.policy_id == enrollment.policy_id
    assert [m.member_id for m in old_policy.members] == [maria.member_id]
    assert old_policy.coverage_end == END
    assert new_policy.policy_id == new.policy_id
    assert new_policy.subscriber.member_id == jose.member_id
    assert new_policy.coverage_start == date(2026, 5, 1)
    assert new_policy.premium_total == new.premium
    assert new_policy.aptc_amount == new.elected_aptc <= new.ehb_premium
    new.refresh_from_db()
    assert new.status == states.TRANSMITTED


def test_the_new_subscribers_policy_keeps_the_broker_and_the_insurer_spellings(garcia, tmp_path):
    """The policy that carries the others on is the same household's coverage: the agent or
    broker of record (45 CFR 155.220(c); 834 loop 1000C) and a spelling a caseworker gave
    the insurer for a member's name (docs/adr/0501-names-in-834s.md) go with it."""
    enrollment = _effectuated(tmp_path, *garcia)
    enrollment = actions.change_broker(
        enrollment, name="Pat Broker", npn="1234567", on=date(2026, 1, 10)
    )
    _through_issuer(tmp_path, enrollment)
    jose = _member(enrollment, "Jose")
    jose.insurer_first_name, jose.insurer_last_name = "JOSE", "GARCIA-LOPEZ"
    jose.save(update_fields=["insurer_first_name", "insurer_last_name"])
    mark = _mark()

    new = maintenance.remove_member(
        enrollment, _member(enrollment, "Maria"), end_date=END, reason="not_eligible"
    )

    new.refresh_from_db()
    assert (new.broker_name, new.broker_npn) == ("Pat Broker", "1234567")
    (subscriber,) = new.members.all()
    assert (subscriber.insurer_first_name, subscriber.insurer_last_name) == (
        "JOSE",
        "GARCIA-LOPEZ",
    )
    _ending, addition = _queued_after(mark)
    text = str(addition.payload)
    assert "1234567" in text and "GARCIA-LOPEZ" in text


def test_the_new_policy_is_effectuated_by_the_issuer_and_reconciliation_is_clean(garcia, tmp_path):
    enrollment = _effectuated(tmp_path, *garcia)
    new = maintenance.remove_member(
        enrollment, _member(enrollment, "Maria"), end_date=END, reason="not_eligible"
    )
    issuer = _through_issuer(tmp_path, new)
    new.refresh_from_db()
    assert new.status == states.EFFECTUATED
    report = reconcile(enrollment.issuer.hios_id, issuer.audit_csv(tmp_path / "audit.csv"))
    assert report.clean, report.lines()
    assert report.compared == 2


def test_removing_the_subscriber_twice_makes_one_new_policy(garcia, tmp_path):
    enrollment = _effectuated(tmp_path, *garcia)
    maria = _member(enrollment, "Maria")
    mark = _mark()
    first = maintenance.remove_member(enrollment, maria, end_date=END, reason="not_eligible")
    second = maintenance.remove_member(enrollment, maria, end_date=END, reason="not_eligible")
    assert first.pk == second.pk
    assert len(_queued_after(mark)) == 2
    assert Enrollment.objects.filter(replaces=enrollment).count() == 1


def test_the_subscriber_change_is_audited_on_both_policies(garcia, tmp_path):
    user, determination = garcia
    enrollment = _effectuated(tmp_path, user, determination)
    new = maintenance.remove_member(
        enrollment, _member(enrollment, "Maria"), end_date=END, reason="not_eligible", actor=user
    )
    ended = AuditEvent.objects.get(action="enrollment.terminated", object_id=str(enrollment.pk))
    assert ended.actor == user
    assert ended.detail["reason"] == "replaced"
    assert ended.detail["change"] == "subscriber_removed"
    started = AuditEvent.objects.get(
        action="enrollment.replacement_selected", object_id=str(new.pk)
    )
    assert started.detail["replaces"] == enrollment.policy_id


# --- A change of cost-sharing variant: one 001 on the same policy ------------------------


def _ins(segments: list[str]) -> list[list[str]]:
    return [seg.strip().split("*") for seg in segments if seg.strip().startswith("INS*")]


def test_a_csr_change_is_one_001_on_every_member_of_the_same_policy(garcia, tmp_path):
    enrollment = _effectuated(tmp_path, *garcia)
    assert enrollment.plan_id.endswith("05") and enrollment.csr_level == "87"
    old_plan, old_premium, old_aptc = (
        enrollment.plan_id,
        enrollment.premium,
        enrollment.elected_aptc,
    )
    members = [m.member_id for m in enrollment.covered_members()]
    mark = _mark()

    after = maintenance.change_csr_variant(enrollment, "01", effective=date(2026, 4, 1))

    # The same policy, changed in place (docs/puf-and-834.md B.6 step 3: the 14-character plan
    # stays).
    assert after.pk == enrollment.pk and after.replacement is None and after.replaces is None
    after.refresh_from_db()
    assert after.status == states.EFFECTUATED and after.coverage_end is None
    assert after.policy_id == enrollment.policy_id
    assert after.subscriber_id == enrollment.subscriber_id
    assert after.plan_id == old_plan[:14] + "01" and after.csr_level == ""
    assert after.plan_variant.variant == "01"
    assert after.premium == old_premium  # a variant's premium is the plan's
    assert after.elected_aptc == min(old_aptc, after.ehb_premium)  # 26 CFR 1.36B-3(j)
    assert Enrollment.objects.filter(application=enrollment.application).count() == 1
    (change,) = _queued_after(mark)
    assert (
        change.kind,
        change.maintenance_type,
        change.maintenance_reason,
        change.additional_reason,
    ) == ("change", "001", "", "CSR VARIANT CHANGE")
    txns, segments = _one_valid_file(tmp_path)
    (txn,) = txns  # one transaction set
    assert txn.policy_id == enrollment.policy_id and txn.plan_id == after.plan_id
    assert [m.member_id for m in txn.members] == members
    assert txn.additional_maintenance_reason == "CSR VARIANT CHANGE"
    assert txn.maintenance_effective_date == date(2026, 4, 1)
    assert txn.financial_effective_date == date(2026, 4, 1)
    assert (txn.premium_total, txn.aptc_amount, txn.total_responsible_amount) == (
        after.premium,
        after.elected_aptc,
        after.premium - after.elected_aptc,
    )
    # Exactly one INS per member, each INS03 001; no 024, no 021.
    ins = _ins(segments)
    assert len(ins) == len(members) and {row[3] for row in ins} == {"001"}
    assert not any(
        s.startswith(("INS*Y*18*024", "INS*Y*18*021", "HD*024", "HD*021")) for s in segments
    )
    assert segments.count(f"REF*CE*{after.plan_id}") == len(members)
    assert f"REF*CE*{old_plan}" not in segments
    assert segments.count(f"REF*1L*{enrollment.policy_id}") >= len(members)
    assert segments.count("REF*17*CSR VARIANT CHANGE") == len(members)
    assert segments.count("DTP*303*D8*20260401") == len(members)
    assert "CIC" not in {s.split("*")[-1] for s in segments}


def test_the_issuer_moves_the_policy_to_the_new_variant_and_reconciliation_is_clean(
    okafor, tmp_path
):
    enrollment = _effectuated(tmp_path, *okafor)
    after = maintenance.change_csr_variant(enrollment, "01", effective=date(2026, 4, 1))
    issuer = _through_issuer(tmp_path, after)
    book = issuer.book()["policies"][enrollment.policy_id]
    assert book["plan_id"] == after.plan_id and book["status"] == "effectuated"
    report = reconcile(enrollment.issuer.hios_id, issuer.audit_csv(tmp_path / "audit.csv"))
    assert report.clean, report.lines()
    assert report.compared == 1


def test_a_csr_change_takes_the_16_character_id_and_is_sent_once(okafor, tmp_path):
    enrollment = _effectuated(tmp_path, *okafor)
    target = enrollment.plan_id[:14] + "01"
    old_plan = enrollment.plan_id
    mark = _mark()
    first = maintenance.change_csr_variant(enrollment, target, effective=date(2026, 4, 1))
    again = maintenance.change_csr_variant(enrollment, target, effective=date(2026, 4, 1))
    same = maintenance.change_csr_variant(first, "01", effective=date(2026, 4, 1))
    assert first.pk == again.pk == same.pk == enrollment.pk
    assert len(_queued_after(mark)) == 1
    audit = AuditEvent.objects.get(action="enrollment.csr_variant_changed")
    assert audit.object_id == str(enrollment.pk)
    assert (audit.detail["old_plan_id"], audit.detail["new_plan_id"]) == (old_plan, target)
    assert (audit.detail["old_csr"], audit.detail["new_csr"]) == ("87", "")
    assert audit.detail["effective"] == "2026-04-01"


@pytest.mark.parametrize("effective", [date(2026, 1, 1), date(2025, 12, 1)])
def test_a_csr_change_before_coverage_starts_applies_from_the_begin_date(okafor, effective):
    enrollment = enroll(*okafor)
    mark = _mark()
    after = maintenance.change_csr_variant(enrollment, "01", effective=effective)
    assert after.pk == enrollment.pk and after.status == states.SELECTED
    assert after.plan_id.endswith("01") and after.coverage_start == date(2026, 1, 1)
    (change,) = _queued_after(mark)
    assert (change.kind, change.additional_reason) == ("change", "CSR VARIANT CHANGE")
    assert change.payload["maintenance_effective_date"] == "2026-01-01"


@pytest.mark.parametrize(
    ("variant", "effective", "code"),
    [
        ("06", date(2026, 4, 15), "effective_not_first"),
        ("99", date(2026, 4, 1), "bad_variant"),
        ("12345MA0000000", date(2026, 4, 1), "bad_variant"),
    ],
)
def test_a_csr_change_that_cannot_be_made_is_refused(okafor, variant, effective, code):
    enrollment = enroll(*okafor)
    mark = _mark()
    with pytest.raises(actions.EnrollmentError) as refused:
        maintenance.change_csr_variant(enrollment, variant, effective=effective)
    assert refused.value.code == code
    assert _queued_after(mark) == []


def test_a_csr_change_of_an_ended_policy_is_refused(okafor):
    enrollment = actions.end_coverage(enroll(*okafor), on=date(2025, 12, 20))
    with pytest.raises(actions.EnrollmentError) as refused:
        maintenance.change_csr_variant(enrollment, "01", effective=date(2026, 4, 1))
    assert refused.value.code == "not_active"


# --- The state machine -------------------------------------------------------------------


def test_the_transition_table_has_the_maintenance_paths():
    for state in states.ACTIVE:
        assert states.next_state(state, "remove_member") == state
    # The successor of an effectuated policy is in force before its own confirmation.
    assert states.next_state("selected", "terminate_continuation") == "terminated"
    assert states.next_state("transmitted", "terminate_continuation") == "terminated"
    for state, event in [
        ("terminated", "remove_member"),
        ("cancelled", "remove_member"),
        ("effectuated", "terminate_continuation"),
    ]:
        with pytest.raises(states.TransitionNotAllowed):
            states.next_state(state, event)


def test_a_successor_policy_is_terminated_not_cancelled_when_it_ends(garcia, tmp_path):
    enrollment = _effectuated(tmp_path, *garcia)
    new = maintenance.remove_member(
        enrollment, _member(enrollment, "Maria"), end_date=END, reason="not_eligible"
    )
    assert new.status == states.SELECTED and actions.in_force(new)
    # Jose ends the successor before the issuer confirms it: its coverage ran from 1 May, so
    # it is terminated (024 TERM), not cancelled.
    mark = _mark()
    ended = actions.end_coverage(new, wanted=date(2026, 6, 30), on=date(2026, 5, 20))
    assert (ended.status, ended.coverage_end) == (states.TERMINATED, date(2026, 6, 30))
    (ending,) = _queued_after(mark)
    assert (ending.kind, ending.additional_reason) == ("termination", "TERM")


def test_an_ended_policy_cannot_lose_a_member(garcia):
    enrollment = actions.end_coverage(enroll(*garcia), on=date(2025, 12, 20))
    with pytest.raises(actions.EnrollmentError) as refused:
        maintenance.remove_member(
            enrollment, _member(enrollment, "Jose"), end_date=END, reason="voluntary"
        )
    assert refused.value.code == "not_active"
