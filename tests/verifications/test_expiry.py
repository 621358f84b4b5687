"""When a verification deadline passes: a new determination from the data sources, the
enrollment changes with their 834s, and an eligibility-change notice (45 CFR 155.315(f)(5),
155.320(c)(3)(vi)(F)-(G), 155.330(f)(1), 155.430(d)(3)).

Households (Boston, 02108, Suffolk County; coverage year 2026; the demo catalog):

- The Garcias: Maria (40) and Jose (38), married filing jointly, with Sofia (10) and Mateo
  (7), $52,000 in wages (161% FPL): the parents get APTC and CSR 87, the children CHIP.
  Each test picks Maria's or Jose's SSN from the data-service simulator's test identities
  (ADR 0700): 0001 citizenship unconfirmed, 0000 SSN mismatch, 2222 IRS reports $90,000,
  1111 no tax data, 5555 enrolled in Medicare.
- The Nguyens: Linh (55) and Minh (53), $60,000 (283% FPL: APTC, no CSR); the IRS reports
  $90,000 for Linh.
- Sam Okafor: single, 30, $30,000; SSA cannot confirm his citizenship.

Each item is made due on 1 March 2026 and the deadline job runs on 10 March 2026, so the
notice is dated 10 March, changes take effect on 1 April (155.330(f)(1)(i)) and a policy
nobody on it may keep ends on 30 April (155.430(d)(3)).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.determinations.models import Determination
from marketplace.edi import export
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import states
from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from marketplace.notices import jobs as notice_jobs  # noqa: F401 - registers handlers
from marketplace.notices.models import Notice
from marketplace.verifications import jobs, nodata
from marketplace.verifications.actions import review
from marketplace.verifications.expiry import REASONS
from marketplace.verifications.expiry_notice import WORDS
from marketplace.verifications.models import ItemStatus
from tests.staff import caseworker
from tests.verifications.expiry_support import (  # noqa: F401 - fixtures
    ATTESTED,
    DEADLINE_RUN,
    DUE,
    IN_OPEN_ENROLLMENT,
    P,
    _clock,
    demo_catalog,
    effectuated,
    enroll,
    garcias,
    items_of,
    latest,
    layout_text,
    member,
    nguyens,
    okafor,
    outbox_after,
    run_deadline,
    snapshot_person,
    submitted,
    use_no_data_rule,
)
from tests.verifications.households import user as plain_user
from x12 import read_834
from x12.validate import validate_834

pytestmark = pytest.mark.django_db


# --- Each kind of item ----------------------------------------------------------------


def test_citizenship_not_verified_makes_the_member_ineligible_for_a_qhp_and_only_them():
    _owner, application, first = submitted(garcias(maria="123450001"))
    (item,) = items_of(application)
    assert (item.type, item.member_name) == ("citizenship", "Maria Garcia")

    item = run_deadline(item)

    assert item.status == ItemStatus.EXPIRED
    new = latest(application)
    assert new.pk != first.pk and new.cause == "verification_expired"
    assert item.redetermination == new
    assert member(new, "Maria")["qhp"] is False and member(new, "Maria")["aptc"] is False
    for name in ("Jose", "Sofia", "Mateo"):  # the others keep what they had
        before, after = member(first, name), member(new, name)
        assert {k: after[k] for k in ("qhp", "aptc", "csr", "medicaid", "chip")} == {
            k: before[k] for k in ("qhp", "aptc", "csr", "medicaid", "chip")
        }
    # The earlier determination is still there, unchanged.
    first.refresh_from_db()
    assert member(first, "Maria")["qhp"] is True
    # The snapshot says what was substituted and why.
    maria = snapshot_person(new, "Maria")
    assert (maria["citizen"], maria["lawfully_present"]) == (False, False)
    (sub,) = maria["substitutions"]
    assert sub["field"] == "lawfully_present" and sub["attested"] is True and sub["used"] is False
    assert "Citizenship could not be verified by the deadline" in sub["reason"]
    assert "155.315(c)(1), (f)(5)" in sub["reason"]
    assert "substitutions" not in snapshot_person(new, "Jose")
    assert new.input_snapshot["redetermination"] == {
        "cause": "verification_expired",
        "date": "2026-03-10",
        "based_on": str(first.public_id),
        "items": [str(item.public_id)],
    }


def test_an_ssn_mismatch_expires_both_items_into_one_determination_and_one_notice():
    owner, application, _first = submitted(garcias(maria="123450000"))
    ssn, citizenship = items_of(application)
    assert (ssn.type, citizenship.type) == ("ssn", "citizenship")

    run_deadline(ssn)

    citizenship.refresh_from_db()
    assert citizenship.status == ItemStatus.EXPIRED  # expired with its sibling, same day
    assert (
        Determination.objects.filter(application=application, cause="verification_expired").count()
        == 1
    )
    assert Notice.objects.filter(user=owner, kind="eligibility_change").count() == 1
    maria = snapshot_person(latest(application), "Maria")
    assert [s["type"] for s in maria["substitutions"]] == ["ssn", "citizenship"]
    assert member(latest(application), "Maria")["qhp"] is False


def test_immigration_status_not_verified_makes_the_member_ineligible_for_a_qhp():
    def save_document(application):
        application.members.filter(first_name="Jose").update(document_number="912345678")

    spec = garcias(jose_extra={"citizen": False, "immigration_status": "lpr_5"})
    _owner, application, first = submitted(spec, before_submit=save_document)
    (item,) = items_of(application)
    assert (item.type, item.member_name) == ("immigration", "Jose Garcia")
    assert member(first, "Jose")["qhp"] is True

    run_deadline(item)

    new = latest(application)
    assert member(new, "Jose")["qhp"] is False
    assert member(new, "Maria")["qhp"] is True and member(new, "Maria")["aptc"] is True
    (sub,) = snapshot_person(new, "Jose")["substitutions"]
    assert sub["code"] == "immigration" and "155.315(c)(2), (f)(5)" in sub["reason"]


def test_income_not_verified_uses_the_data_sources_income():
    _owner, application, first = submitted(garcias(maria="123452222"))
    (item,) = items_of(application)
    assert item.type == "income" and item.data_income == Decimal("90000.00")

    run_deadline(item)

    new = latest(application)
    assert new.input_snapshot["income"] == 90000
    assert new.input_snapshot["monthly_income"] == 7500
    assert new.result["fpl_percent"] > first.result["fpl_percent"]
    assert new.result["aptc"] < first.result["aptc"]
    assert member(new, "Maria")["csr"] is None  # above 250% FPL: no CSR any more
    (sub,) = new.input_snapshot["substitutions"]
    assert (sub["field"], sub["attested"], sub["used"]) == ("income", 52000, 90000)
    assert "$90,000 a year" in sub["reason"] and "155.320(c)(3)(vi)(F)" in sub["reason"]
    assert snapshot_person(new, "Maria")["substitutions"] == [sub]  # on the filer too


def test_income_not_verified_without_data_source_income_ends_aptc_and_csr_not_the_qhp(
    monkeypatch,
):
    # Under the rule in force an IRS "no data" answer is accepted (155.320(c)(5)); this is
    # the other setting of the dated rule, where it is an inconsistency (155.320(c)(3)(vi)).
    use_no_data_rule(monkeypatch, nodata.VERIFY)
    _owner, application, _first = submitted(garcias(maria="123451111"))
    (item,) = items_of(application)
    assert item.type == "income" and item.data_income is None

    run_deadline(item)

    new = latest(application)
    assert new.result["aptc"] == 0 and new.result["csr"] is None
    for name in ("Maria", "Jose"):
        assert member(new, name)["qhp"] is True
        assert member(new, name)["aptc"] is False and member(new, name)["csr"] is None
    for name in ("Sofia", "Mateo"):
        assert member(new, name)["chip"] is True  # CHIP does not depend on the tax credit
    assert new.input_snapshot["income"] == 52000  # the attested income stands
    (sub,) = new.input_snapshot["substitutions"]
    assert sub["code"] == "income_no_data" and "155.320(c)(3)(vi)(G)" in sub["reason"]
    assert new.input_snapshot["income_unverified"] is True
    assert new.input_snapshot["tax_filer"] is True  # the attestation to file stands
    codes = [line["id"] for line in new.result["explanation_codes"]]
    assert "tax.income_unverified" in codes and "tax.no_return" not in codes


def test_other_coverage_not_ruled_out_ends_that_members_aptc():
    _owner, application, _first = submitted(garcias(jose="123455555"))  # Medicare
    (item,) = items_of(application)
    assert (item.type, item.member_name) == ("mec", "Jose Garcia")

    run_deadline(item)

    new = latest(application)
    assert member(new, "Jose")["qhp"] is True and member(new, "Jose")["aptc"] is False
    assert member(new, "Maria")["aptc"] is True
    assert snapshot_person(new, "Jose")["has_mec"] is True
    (sub,) = snapshot_person(new, "Jose")["substitutions"]
    assert sub["code"] == "mec" and "155.320(b)" in sub["reason"]


# --- What does not expire ---------------------------------------------------------------


def test_an_item_verified_before_the_job_runs_is_not_expired():
    _owner, application, _first = submitted(garcias(maria="123450001"))
    (item,) = items_of(application)
    review(
        item,
        reviewer=plain_user("carla@example.org", role="caseworker"),
        verified=True,
        reason="Passport matches.",
    )

    jobs.expire_job({"item": str(item.public_id)})

    item.refresh_from_db()
    assert item.status == ItemStatus.VERIFIED and item.redetermination is None
    assert application.determinations.count() == 1
    assert not Notice.objects.filter(kind="eligibility_change").exists()


def test_an_item_not_yet_due_is_not_expired():
    _owner, application, _first = submitted(garcias(maria="123450001"))
    (item,) = items_of(application)
    item = run_deadline(item, on=DUE)  # the due date itself is still in time
    assert item.status == ItemStatus.OPEN
    assert application.determinations.count() == 1


def test_an_item_the_data_source_now_verifies_resolves_instead_of_expiring():
    _owner, application, _first = submitted(garcias(maria="123450001"))
    (item,) = items_of(application)
    member_row = item.member
    member_row.ssn = "123450011"  # e.g. a typo corrected: SSA now confirms citizenship
    member_row.save()

    item = run_deadline(item)

    assert item.status == ItemStatus.RESOLVED_BY_RETRY
    assert application.determinations.count() == 1
    assert AuditEvent.objects.filter(action="verification.resolved_at_deadline").exists()


# --- The job: idempotent, audited ------------------------------------------------------


def test_running_the_deadline_job_twice_makes_one_determination_one_notice_one_834(settings):
    owner, application, first = submitted(nguyens(), email="linh@example.org")
    enrollment = enroll(owner, first)
    mark = OutboundTransaction.objects.latest("id").pk
    (item,) = items_of(application)
    settings.MARKETPLACE_TODAY = DEADLINE_RUN

    jobs.expire_job({"item": str(item.public_id)})
    jobs.expire_job({"item": str(item.public_id)})

    assert (
        Determination.objects.filter(application=application, cause="verification_expired").count()
        == 1
    )
    assert Notice.objects.filter(user=owner, kind="eligibility_change").count() == 1
    assert len(outbox_after(enrollment, mark)) == 1


def test_the_deadline_is_audited():
    _owner, application, first = submitted(garcias(maria="123450001"))
    (item,) = items_of(application)
    run_deadline(item)
    new = latest(application)
    expired = AuditEvent.objects.get(action="verification.expired", object_id=str(item.pk))
    assert expired.actor_label == "worker"
    assert expired.detail["determination"] == str(new.public_id)
    redetermined = AuditEvent.objects.get(action="application.redetermined")
    assert redetermined.object_id == str(application.pk)
    assert redetermined.detail["cause"] == "verification_expired"
    assert redetermined.detail["based_on"] == str(first.public_id)
    assert redetermined.detail["substituted"] == ["citizenship"]
    assert (
        AuditEvent.objects.filter(action="notice.issued", detail__kind="eligibility_change").count()
        == 1
    )


def test_the_scheduled_job_runs_the_deadline(settings):
    _owner, application, _first = submitted(garcias(maria="123450001"))
    (item,) = items_of(application)
    settings.MARKETPLACE_TODAY = DEADLINE_RUN  # after the morning the expiry job was due
    run_pending()
    item.refresh_from_db()
    assert item.status == ItemStatus.EXPIRED and item.redetermination is not None


# --- Enrollment: 834s through the enrollment's own actions ------------------------------


def test_a_lower_aptc_goes_out_as_one_834_change_from_the_first_of_next_month():
    owner, application, first = submitted(nguyens(), email="linh@example.org")
    enrollment = enroll(owner, first)
    assert enrollment.elected_aptc > 0
    mark = OutboundTransaction.objects.latest("id").pk
    (item,) = items_of(application)
    assert item.type == "income"

    run_deadline(item)

    new = latest(application)
    enrollment.refresh_from_db()
    new_max = Decimal(str(new.result["aptc"] or 0)).quantize(Decimal("0.01"))
    assert enrollment.max_aptc == new_max < Decimal(str(first.result["aptc"]))
    assert enrollment.elected_aptc == min(new_max, enrollment.ehb_premium)
    assert enrollment.determination == new
    (row,) = outbox_after(enrollment, mark)
    assert (row.kind, row.maintenance_type, row.additional_reason) == (
        "change",
        "001",
        "FINANCIAL CHANGE",
    )
    assert row.payload["maintenance_effective_date"] == "2026-04-01"  # 155.330(f)(1)(i)
    assert row.payload["financial_effective_date"] == "2026-04-01"
    assert Decimal(row.payload["aptc_amount"]) == enrollment.elected_aptc
    assert AuditEvent.objects.filter(
        action="enrollment.aptc_changed", object_id=str(enrollment.pk)
    ).exists()
    notice = Notice.objects.get(kind="eligibility_change")
    (change,) = notice.context["changes"]
    assert change["kind"] == "aptc" and change["effective"] == "2026-04-01"


def test_a_policy_nobody_on_may_keep_ends_on_the_last_day_of_the_next_month(tmp_path):
    owner, application, first = submitted(okafor(), email="sam@example.org")
    enrollment = effectuated(enroll(owner, first))
    mark = OutboundTransaction.objects.latest("id").pk
    (item,) = items_of(application)
    assert item.type == "citizenship"

    run_deadline(item)

    enrollment.refresh_from_db()
    assert enrollment.status == states.TERMINATED
    assert enrollment.coverage_end == date(2026, 4, 30)  # 155.430(d)(3)
    assert enrollment.end_reason == "not_eligible"
    change, ending = outbox_after(enrollment, mark)
    assert (change.kind, change.payload["aptc_amount"]) == ("change", "0.00")
    assert change.payload["maintenance_effective_date"] == "2026-04-01"
    assert (ending.kind, ending.maintenance_type, ending.maintenance_reason) == (
        "termination",
        "024",
        "07",
    )
    assert ending.additional_reason == "TERM-NLE"
    assert ending.payload["coverage_end"] == "2026-04-30"
    # The insurer gets them in one valid file (pyx12 and the companion-guide checks).
    result = export.export_pending(tmp_path)
    assert result.transactions == 3  # the initial 021, the 001 and the 024
    assert validate_834(result.paths[0]).ok
    sent = read_834(result.paths[0]).transactions
    assert [(t.maintenance_type, t.maintenance_reason) for t in sent][1:] == [
        ("001", None),
        ("024", "07"),
    ]
    text = layout_text(Notice.objects.get(kind="eligibility_change"))
    assert f"Policy {enrollment.policy_id}: coverage for Sam Okafor ends on April 30, 2026" in text
    assert "155.430(b)(2)(i), (d)(3)" in text
    assert "changes from" in text and "to $0.00 a month starting April 1, 2026" in text


def test_a_policy_never_effectuated_is_cancelled():
    owner, application, first = submitted(okafor(), email="sam@example.org")
    enrollment = enroll(owner, first)
    mark = OutboundTransaction.objects.latest("id").pk
    run_deadline(items_of(application)[0])
    enrollment.refresh_from_db()
    assert enrollment.status == states.CANCELLED
    assert enrollment.coverage_end == enrollment.coverage_start
    (row,) = outbox_after(enrollment, mark)  # no APTC change for a policy that never ran
    assert (row.kind, row.maintenance_reason, row.additional_reason) == (
        "cancellation",
        "07",
        "CANCEL-NLE",
    )
    notice = Notice.objects.get(kind="eligibility_change")
    assert [c["kind"] for c in notice.context["changes"]] == ["cancel"]


def test_a_subscriber_losing_eligibility_leaves_the_policy_to_the_others(client):
    # The policy was never effectuated, so it is cancelled and re-issued from its begin date
    # for Jose alone (a CIC pair); tests/enrollment/test_maintenance_expiry.py has the rest.
    owner, application, first = submitted(garcias(maria="123450001"))
    enrollment = enroll(owner, first)
    assert enrollment.members.count() == 2  # Maria and Jose; the children have CHIP
    (item,) = items_of(application)

    item = run_deadline(item)

    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.end_reason) == (states.CANCELLED, "replaced")
    new = enrollment.replacement
    assert [m.first_name for m in new.members.all()] == ["Jose"]  # Jose keeps his coverage
    assert new.max_aptc < Decimal(str(first.result["aptc"]))
    assert item.followup == ""  # nothing left for casework
    notice = Notice.objects.get(kind="eligibility_change")
    kinds = [c["kind"] for c in notice.context["changes"]]
    assert "review" in kinds and "aptc" in kinds

    caseworker(client)
    page = client.get("/casework/verifications/").content.decode()
    assert "Expired: deadline passed" in page and str(item.public_id) in page


def test_a_lower_csr_level_moves_the_policy_to_the_matching_variant():
    owner, application, first = submitted(garcias(maria="123452222"))
    enrollment = enroll(owner, first)
    assert enrollment.csr_level == "87"
    old_plan = enrollment.plan_id
    (item,) = items_of(application)
    item = run_deadline(item)
    assert item.followup == ""
    enrollment.refresh_from_db()
    assert enrollment.replacement is None and enrollment.status == states.SELECTED
    assert enrollment.plan_id == old_plan[:14] + "01" and enrollment.csr_level == ""
    notice = Notice.objects.get(kind="eligibility_change")
    csr = next(c for c in notice.context["changes"] if c["kind"] == "csr")
    assert {k: csr[k] for k in ("policy_id", "old", "new", "effective", "plan_id")} == {
        "policy_id": enrollment.policy_id,
        "old": "87",
        "new": "",
        "effective": "2026-04-01",
        "plan_id": enrollment.plan_id,
    }
    assert "new_policy_id" not in csr


# --- The notice and the pages -----------------------------------------------------------


def test_the_notice_says_what_expired_what_changed_from_when_and_the_appeal_rights():
    _owner, application, _first = submitted(garcias(maria="123450001"))
    run_deadline(items_of(application)[0])
    notice = Notice.objects.get(kind="eligibility_change")
    assert notice.language == "en" and notice.related_id == str(latest(application).pk)
    text = layout_text(notice)
    assert "Your eligibility has changed" in text
    assert "What we could not confirm" in text and "U.S. citizenship" in text
    assert "March 1, 2026" in text  # the due date that passed
    assert "Citizenship could not be verified by the deadline" in text
    assert "Not eligible for Marketplace coverage" in text  # Maria, after
    assert "takes effect on April 1, 2026" in text and "155.330(f)(1)" in text
    assert "Your right to appeal" in text and "June 8, 2026" in text  # 90 days, 155.520(b)
    assert "You are not enrolled in a plan" in text


def test_the_notice_is_in_spanish_for_a_spanish_speaker():
    _owner, application, _first = submitted(garcias(maria="123452222"), preferred_language="es")
    run_deadline(items_of(application)[0])
    notice = Notice.objects.get(kind="eligibility_change")
    assert notice.language == "es"
    text = layout_text(notice)
    assert "Su elegibilidad cambió" in text
    assert "Ingresos del hogar" in text and "1 de marzo de 2026" in text
    assert "se usan los ingresos de nuestra fuente de datos, $90,000 al año" in text
    assert "entra en vigor el 1 de abril de 2026" in text
    assert "Su derecho a apelar" in text and "8 de junio de 2026" in text


def test_the_notice_renders_and_is_mailed_to_people_who_chose_paper(settings, tmp_path):
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
    _owner, application, _first = submitted(garcias(maria="123450001"), notice_preference="paper")
    run_deadline(items_of(application)[0])
    notice = Notice.objects.get(kind="eligibility_change")
    assert (
        notice.paper
        and Job.objects.filter(kind="notices.mail", payload__notice=str(notice.public_id)).exists()
    )
    run_pending()
    notice.refresh_from_db()
    assert notice.status == "rendered" and notice.mailed_at is not None
    assert (settings.MAILHOUSE_DIR / f"{notice.public_id}.pdf").exists()


def test_both_languages_have_every_phrase():
    assert set(WORDS["en"]) == set(WORDS["es"])
    assert all(len(texts) == 2 and all(texts) for texts in REASONS.values())


def test_the_persons_pages_show_the_expired_item_and_the_new_result(client):
    owner, application, _first = submitted(garcias(maria="123450001"))
    item = run_deadline(items_of(application)[0])
    client.force_login(owner)
    page = client.get("/verifications/").content.decode()
    assert "Deadline passed" in page and "We did not receive what we needed" in page
    result_url = f"/apply/{application.public_id}/determinations/{item.redetermination.public_id}/"
    assert result_url in page
    assert client.get(result_url).status_code == 200
    dashboard = client.get("/apply/").content.decode()
    assert "decided again after a document deadline passed" in dashboard
    assert "send it by" not in dashboard  # nothing left to send for an expired item
