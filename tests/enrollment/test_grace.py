"""Non-payment: the issuer's payment-status file opens a grace period, the daily job sends a
notice each month of grace and ends the policy on the right day with an 834, and a payment
ends the grace period or reinstates the policy (45 CFR 156.270, 155.430(b)(2)(ii), (d)(4)-(5)).

- Sam Okafor (30, Boston, about 200% FPL) gets a premium tax credit: three months of grace,
  coverage ends on the last day of the first month of grace.
- Maria and Jose Garcia (Boston) take no tax credit: Massachusetts' rule, one month of grace,
  coverage ends on the last day paid (956 CMR 12.12(3)).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from marketplace.core import clock
from marketplace.edi import export, intake
from marketplace.edi.issuer_simulator import SimulatedIssuer
from marketplace.edi.models import EdiException, OutboundTransaction
from marketplace.enrollment import grace, grace_rules, states
from marketplace.enrollment.models import GracePeriod
from marketplace.jobs import queue
from marketplace.jobs.models import Job
from marketplace.jobs.registry import load_handlers
from marketplace.notices.models import Notice
from marketplace.notices.render import render_html
from tests.enrollment.conftest import enroll
from x12 import read_834
from x12.validate import validate_834

pytestmark = pytest.mark.django_db


class Issuer:
    """The simulated issuer of one enrollment, with our files going both ways."""

    def __init__(self, tmp_path, enrollment):
        self.outbox, self.inbound = tmp_path / "outbox", tmp_path / "inbound"
        self.enrollment = enrollment
        self.sim = SimulatedIssuer(enrollment.issuer.hios_id, self.outbox, self.inbound)

    def exchange(self) -> list:
        """Our pending 834s go out; its answers come in. Returns what it received."""
        export.export_pending(self.outbox)
        self.sim.process()
        assert not self.sim.rejected
        intake.import_directory(self.inbound)
        self.enrollment.refresh_from_db()
        return self.sim.book()["policies"][self.enrollment.policy_id]

    def payment(self, paid_through: date, *, paid: bool) -> None:
        self.sim.report_payment(self.enrollment.policy_id, paid_through, paid=paid)
        intake.import_directory(self.inbound)
        self.enrollment.refresh_from_db()


def effectuated(tmp_path, user, determination, aptc=None) -> Issuer:
    issuer = Issuer(tmp_path, enroll(user, determination, aptc=aptc))
    issuer.exchange()
    assert issuer.enrollment.status == states.EFFECTUATED
    assert issuer.enrollment.paid_through == date(2026, 1, 31)
    return issuer


def kinds(enrollment) -> list[str]:
    return list(
        Notice.objects.filter(user=enrollment.owner).order_by("id").values_list("kind", flat=True)
    )


def test_sam_with_a_tax_credit_gets_three_months_and_is_terminated_at_the_first(
    okafor, tmp_path, settings
):
    user, determination = okafor
    issuer = effectuated(tmp_path, user, determination)
    assert issuer.enrollment.elected_aptc > 0
    settings.MARKETPLACE_TODAY = date(2026, 2, 3)
    issuer.payment(date(2026, 1, 31), paid=False)
    period = GracePeriod.objects.get(enrollment=issuer.enrollment)
    assert (period.kind, period.first_unpaid, period.grace_end, period.coverage_end) == (
        "aptc",
        date(2026, 2, 1),
        date(2026, 4, 30),
        date(2026, 2, 28),
    )
    assert kinds(issuer.enrollment)[-1] == "grace_period"
    assert Job.objects.filter(kind=grace.DAILY_JOB, payload={"day": "2026-02-04"}).exists()

    settings.MARKETPLACE_TODAY = date(2026, 3, 2)
    assert grace.advance()["reminded"] == 1  # month 2
    settings.MARKETPLACE_TODAY = date(2026, 4, 30)
    assert grace.advance()["reminded"] == 1  # month 3, the last day of grace: still open
    assert grace.advance()["reminded"] == 0  # once a month
    issuer.enrollment.refresh_from_db()
    assert issuer.enrollment.status == states.EFFECTUATED

    settings.MARKETPLACE_TODAY = date(2026, 5, 1)
    assert grace.advance()["terminated"] == 1
    issuer.enrollment.refresh_from_db()
    assert issuer.enrollment.status == states.TERMINATED
    assert issuer.enrollment.coverage_end == date(2026, 2, 28)  # 156.270(g), 155.430(d)(4)
    assert issuer.enrollment.end_reason == "non_payment"
    row = OutboundTransaction.objects.filter(enrollment=issuer.enrollment).last()
    assert (row.kind, row.maintenance_type, row.maintenance_reason, row.additional_reason) == (
        "termination",
        "024",
        "59",
        "TERM",
    )
    book = issuer.exchange()
    assert (book["status"], book["coverage_end"]) == ("terminated", "2026-02-28")
    [sent] = [p for p in issuer.outbox.rglob("*.T") if "024" in p.read_text()][-1:]
    assert validate_834(sent.read_text()).ok
    assert kinds(issuer.enrollment).count("grace_period") == 3
    assert kinds(issuer.enrollment)[-1] == "nonpayment_termination"


def test_sam_pays_everything_after_the_termination_and_is_reinstated(okafor, tmp_path, settings):
    user, determination = okafor
    issuer = effectuated(tmp_path, user, determination)
    settings.MARKETPLACE_TODAY = date(2026, 2, 3)
    issuer.payment(date(2026, 1, 31), paid=False)
    settings.MARKETPLACE_TODAY = date(2026, 5, 1)
    grace.advance()
    issuer.exchange()
    settings.MARKETPLACE_TODAY = date(2026, 5, 6)
    issuer.payment(date(2026, 3, 31), paid=True)  # not all three months: stays ended
    assert issuer.enrollment.status == states.TERMINATED
    issuer.payment(date(2026, 5, 31), paid=True)
    assert issuer.enrollment.status == states.EFFECTUATED
    assert issuer.enrollment.coverage_end is None
    assert GracePeriod.objects.get(enrollment=issuer.enrollment).status == "reinstated"
    row = OutboundTransaction.objects.filter(enrollment=issuer.enrollment).last()
    assert (row.kind, row.maintenance_type, row.additional_reason) == (
        "reinstatement",
        "025",
        "REINSTATEMENT",
    )
    book = issuer.exchange()
    assert (book["status"], book["coverage_end"]) == ("effectuated", "")
    text = sorted(issuer.outbox.rglob("*.T"))[-1].read_text()
    assert validate_834(text).ok
    [txn] = read_834(text).transactions
    assert (txn.maintenance_type, txn.coverage_start) == ("025", date(2026, 1, 1))
    assert kinds(issuer.enrollment)[-1] == "coverage_reinstated"


def test_sam_pays_during_grace_and_nothing_is_sent(okafor, tmp_path, settings):
    user, determination = okafor
    issuer = effectuated(tmp_path, user, determination)
    settings.MARKETPLACE_TODAY = date(2026, 3, 5)
    issuer.payment(date(2026, 2, 28), paid=False)  # March unpaid
    settings.MARKETPLACE_TODAY = date(2026, 4, 10)
    issuer.payment(date(2026, 3, 31), paid=True)  # April is owed too by now
    assert GracePeriod.objects.get(enrollment=issuer.enrollment).status == "open"
    issuer.payment(date(2026, 4, 30), paid=True)
    assert GracePeriod.objects.get(enrollment=issuer.enrollment).status == "paid"
    before = OutboundTransaction.objects.filter(enrollment=issuer.enrollment).count()
    settings.MARKETPLACE_TODAY = date(2026, 7, 1)
    assert grace.advance() == {"open": 0, "reminded": 0, "terminated": 0, "failed": 0}
    assert OutboundTransaction.objects.filter(enrollment=issuer.enrollment).count() == before
    assert kinds(issuer.enrollment)[-1] == "grace_paid"


def test_the_garcias_without_a_credit_get_the_state_month_and_end_on_the_last_day_paid(
    garcia, tmp_path, settings
):
    user, determination = garcia
    issuer = effectuated(tmp_path, user, determination, aptc=Decimal("0"))
    settings.MARKETPLACE_TODAY = date(2026, 2, 3)
    issuer.payment(date(2026, 1, 31), paid=False)
    period = GracePeriod.objects.get(enrollment=issuer.enrollment)
    assert (period.kind, period.grace_end, period.coverage_end) == (
        "state",
        date(2026, 2, 28),
        date(2026, 1, 31),
    )
    assert "956 CMR 12.12" in period.rule["citation"]
    settings.MARKETPLACE_TODAY = date(2026, 3, 1)
    grace.advance()
    issuer.enrollment.refresh_from_db()
    assert (issuer.enrollment.status, issuer.enrollment.coverage_end) == (
        states.TERMINATED,
        date(2026, 1, 31),
    )
    issuer.exchange()
    issuer.payment(date(2026, 2, 28), paid=True)
    assert issuer.enrollment.status == states.EFFECTUATED


def test_the_daily_job_moves_grace_on_through_the_queue(okafor, tmp_path, settings):
    user, determination = okafor
    issuer = effectuated(tmp_path, user, determination)
    settings.MARKETPLACE_TODAY = date(2026, 2, 3)
    issuer.payment(date(2026, 1, 31), paid=False)
    load_handlers()
    settings.MARKETPLACE_TODAY = date(2026, 2, 4)
    [job] = Job.objects.filter(kind=grace.DAILY_JOB, run_after__lte=clock.now())
    assert queue.run(job)  # the day's run, which queues the next day's while grace is open
    assert Job.objects.filter(kind=grace.DAILY_JOB, payload={"day": "2026-02-05"}).exists()
    settings.MARKETPLACE_TODAY = date(2026, 5, 1)
    assert queue.run(Job.objects.get(payload={"day": "2026-02-05"}))
    issuer.enrollment.refresh_from_db()
    assert issuer.enrollment.status == states.TERMINATED
    assert not Job.objects.filter(kind=grace.DAILY_JOB, payload={"day": "2026-05-02"}).exists()


def test_reports_that_cannot_apply_wait_on_the_exceptions_list(okafor, tmp_path, settings):
    user, determination = okafor
    issuer = Issuer(tmp_path, enroll(user, determination))
    issuer.exchange()
    issuer.sim.book_path.parent.mkdir(parents=True, exist_ok=True)
    book = issuer.sim.book()
    book["policies"]["P9999999999"] = {
        **book["policies"][issuer.enrollment.policy_id],
        "policy_id": "P9999999999",
    }
    issuer.sim._save(book)
    issuer.sim.report_payment("P9999999999", date(2026, 1, 31), paid=False)
    intake.import_directory(issuer.inbound)
    assert EdiException.objects.filter(kind="unknown_policy", policy_id="P9999999999").exists()
    settings.MARKETPLACE_TODAY = date(2026, 3, 3)
    from marketplace.enrollment import actions

    actions.end_coverage(issuer.enrollment, on=date(2026, 3, 3))
    issuer.payment(date(2026, 3, 31), paid=False)
    assert EdiException.objects.filter(
        kind="not_allowed", policy_id=issuer.enrollment.policy_id
    ).exists()
    assert not GracePeriod.objects.exists()


def test_the_rules_come_from_dated_data_with_a_documented_default():
    assert grace_rules.rule_for("VT", 2026, aptc=True).months == 3
    vermont = grace_rules.rule_for("VT", 2026, aptc=False)
    assert (vermont.kind, vermont.months) == ("state", 1)
    carolina = grace_rules.rule_for("NC", 2026, aptc=False)
    assert carolina.read == "default" and "No state rule found" in carolina.citation


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "en",
            [
                "Your premium payment is overdue",
                "three months",
                "month 1 of the grace period",
                "April 30, 2026",
                "February 28, 2026",
            ],
        ),
        (
            "es",
            [
                "Su pago de la prima está atrasado",
                "tres meses",
                "mes 1 del período de gracia",
                "30 de abril de 2026",
                "28 de febrero de 2026",
            ],
        ),
    ],
)
def test_the_grace_notice_in_both_languages(okafor, tmp_path, settings, language, words):
    user, determination = okafor
    issuer = effectuated(tmp_path, user, determination)
    settings.MARKETPLACE_TODAY = date(2026, 2, 3)
    issuer.payment(date(2026, 1, 31), paid=False)
    notice = Notice.objects.filter(kind="grace_period").get()
    html = render_html(notice.kind, language, notice.context, str(notice.public_id))
    for word in words:
        assert word in html


@pytest.mark.parametrize(
    "language, words",
    [
        ("en", ["Your premium payment is overdue", "Premium payment overdue"]),
        ("es", ["Su pago de la prima está atrasado", "Pago de la prima atrasado"]),
    ],
)
def test_my_coverage_shows_the_grace_period(okafor, tmp_path, settings, client, language, words):
    user, determination = okafor
    issuer = effectuated(tmp_path, user, determination)
    settings.MARKETPLACE_TODAY = date(2026, 2, 3)
    issuer.payment(date(2026, 1, 31), paid=False)
    client.force_login(user)
    client.cookies["django_language"] = language
    page = client.get(
        f"/enroll/coverage/{issuer.enrollment.public_id}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    listing = client.get("/enroll/coverage/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert 'data-grace="open"' in page and words[0] in page
    assert words[1] in listing
