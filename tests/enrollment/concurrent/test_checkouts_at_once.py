"""Checkouts that meet: the same account in two tabs (or two people sharing it), and a plan
change while the 834 export is sending the plan it replaces (issue 17: six `500`s to
`enroll: checkout` in a load run where returning accounts were handed out twice).

Each checkout is a real POST of the checkout form, on its own thread and its own database
connection, so the two transactions run at once as two web workers' do. Where the moment
matters, one side is held at a named point until the other is inside its transaction (or
waiting for a lock), so the test does not depend on luck.

On PostgreSQL only: SQLite's test database is in memory and every thread shares one
transaction through it; a deployment's SQLite file takes one writer at a time (IMMEDIATE),
so the writes these tests race cannot overlap there.
"""

from __future__ import annotations

import re
import threading
import time
import traceback
from dataclasses import replace

import pytest
from django.db import connection, connections
from django.test import Client

from marketplace.edi import export
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import policy_writes, states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from tests.enrollment.conftest import determined, enroll, sam

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database where two connections run two transactions at once",
    ),
]


class Tab:
    """A signed-in browser tab on the checkout page of one plan: its form as served."""

    def __init__(self, user, determination, plan_id, form=None):
        # a 500 is an answer, as a browser gets it (the test client's signal would otherwise
        # raise one thread's exception in every thread's request)
        self.client = Client(raise_request_exception=False)
        self.client.force_login(user)
        self.url = f"/enroll/{determination.public_id}/plans/{plan_id}/checkout/"
        if form is None:
            page = self.client.get(self.url)
            assert page.status_code == 200
            html = page.content.decode()
            form = {
                name: re.search(rf'name="{name}" value="([^"]*)"', html)[1]
                for name in ("token", "aptc")
            }
            form.update(truthful="on", reconcile="on", terms="on")
        self.form = form
        self.shown = None

    def again(self, user, determination, plan_id) -> Tab:
        """The same form sent from another connection (a double submit)."""
        return Tab(user, determination, plan_id, dict(self.form))

    def enroll(self):
        """Send the form and, as a browser does, open the page the answer leads to (its
        status in `shown`)."""
        answer = self.client.post(self.url, self.form)
        if answer.status_code == 302:
            self.shown = self.client.get(answer["Location"]).status_code
        return answer


class Side(threading.Thread):
    """One request (or job) on a thread of its own, its own connection closed at the end;
    `answer` is what it returned, `failure` the traceback of what it raised."""

    def __init__(self, work, start_together: threading.Barrier | None = None):
        super().__init__(daemon=True)
        self.work, self.together = work, start_together
        self.answer, self.failure = None, None

    def run(self):
        try:
            if self.together is not None:
                self.together.wait(timeout=30)
            self.answer = self.work()
        except BaseException:  # the test shows what the request raised
            self.failure = traceback.format_exc()
        finally:
            connections.close_all()


def at_once(*works):
    together = threading.Barrier(len(works))
    sides = [Side(work, together) for work in works]
    for side in sides:
        side.start()
    for side in sides:
        side.join(timeout=120)
    return sides


def waiting_for_a_lock(side: Side, seconds: float = 5) -> None:
    """Return once `side` has finished or its connection waits for a row lock."""
    deadline = time.monotonic() + seconds
    while side.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)


def plans_of_two_issuers(determination) -> tuple[str, str]:
    """Two ordinary plans (not a state program's) of two different issuers."""
    found = [q.info for q in quotes(enrollment_group(determination)) if not q.info.state_program]
    first = found[0]
    other = next(info for info in found if info.issuer_id != first.issuer_id)
    return first.plan_id, other.plan_id


def confirmed(side: Side) -> str:
    """The enrollment page a checkout's answer leads to."""
    assert side.failure is None, side.failure
    assert side.answer.status_code == 302, side.answer.content[:500]
    found = re.match(r"^/enroll/coverage/([0-9a-f-]{36})/$", side.answer["Location"])
    assert found, side.answer["Location"]
    return found[1]


def test_two_tabs_of_one_account_choosing_one_plan_make_one_enrollment(catalog):
    user, determination = determined("sam@example.org", sam())
    plan, _ = plans_of_two_issuers(determination)
    tabs = [Tab(user, determination, plan) for _ in range(2)]
    sides = at_once(*(tab.enroll for tab in tabs))
    assert {confirmed(side) for side in sides} == {str(Enrollment.objects.get().public_id)}
    assert [tab.shown for tab in tabs] == [200, 200]
    assert OutboundTransaction.objects.count() == 1


def test_a_double_submitted_checkout_makes_one_enrollment(catalog):
    user, determination = determined("sam@example.org", sam())
    plan, _ = plans_of_two_issuers(determination)
    tabs = [Tab(user, determination, plan)]
    tabs.append(tabs[0].again(user, determination, plan))
    sides = at_once(*(tab.enroll for tab in tabs))
    assert {confirmed(side) for side in sides} == {str(Enrollment.objects.get().public_id)}
    assert [tab.shown for tab in tabs] == [200, 200]
    assert OutboundTransaction.objects.count() == 1


def test_two_tabs_choosing_two_plans_leave_one_of_them_in_force(catalog):
    """The second checkout to take the household's lock is a plan change in open enrollment
    (45 CFR 155.410(a)): it replaces the first, which is cancelled before it starts."""
    user, determination = determined("sam@example.org", sam())
    plans = plans_of_two_issuers(determination)
    tabs = [Tab(user, determination, plan) for plan in plans]
    sides = at_once(*(tab.enroll for tab in tabs))
    pages = {confirmed(side) for side in sides}
    assert [tab.shown for tab in tabs] == [200, 200]
    active = Enrollment.objects.get(status__in=states.ACTIVE)
    assert str(active.public_id) in pages and Enrollment.objects.count() == 2
    kinds = sorted(OutboundTransaction.objects.values_list("kind", flat=True))
    assert kinds == ["addition", "addition", "cancellation"]


def test_two_households_trading_insurers_at_the_same_moment_both_get_their_plan(
    catalog, monkeypatch
):
    """Two returning households each change plans, Sam from insurer I to J and Ana from J to
    I, their checkouts at the same point at once. Before the fix each plan change locked its
    old insurer's row (FOR UPDATE, through `select_related("issuer")` in the lock of the
    policy it replaces) and, at commit, PostgreSQL's check of the new policy's foreign key
    asked for a share of the other insurer's row: each waited for the other, "deadlock
    detected", a 500 for one of them (issue 17: plan changes happen only when the load run
    hands an account out again)."""
    sam_user, sam_determination = determined("sam@example.org", sam())
    ana_user, ana_determination = determined("ana@example.org", replace(sam(), last_name="Ana"))
    first, other = plans_of_two_issuers(sam_determination)
    old = [
        enroll(sam_user, sam_determination, plan_id=first),
        enroll(ana_user, ana_determination, plan_id=other),
    ]
    tabs = [Tab(sam_user, sam_determination, other), Tab(ana_user, ana_determination, first)]
    both_replacing = threading.Barrier(2)
    variant_of = policy_writes.variant_of

    def held_until_both_replace(*args, **kwargs):
        # each checkout has ended its old policy here, in its transaction: both go on at once
        both_replacing.wait(timeout=30)
        return variant_of(*args, **kwargs)

    monkeypatch.setattr(policy_writes, "variant_of", held_until_both_replace)
    sides = at_once(*(tab.enroll for tab in tabs))

    pages = [confirmed(side) for side in sides]
    for page, was, plan in zip(pages, old, (other, first), strict=True):
        new = Enrollment.objects.get(public_id=page)
        was.refresh_from_db()
        assert new.status == states.SELECTED and new.plan_id.startswith(plan)
        assert was.status == states.CANCELLED
        kinds = OutboundTransaction.objects.filter(enrollment__application=new.application)
        assert sorted(kinds.values_list("kind", flat=True)) == [
            "addition",
            "addition",
            "cancellation",
        ]


def test_plan_changes_trading_insurers_again_and_again_never_fail(catalog):
    """The same two households trading insurers four times, the checkouts only started
    together (nothing held): before the fix one checkout of every round answered 500."""
    sam_user, sam_determination = determined("sam@example.org", sam())
    ana_user, ana_determination = determined("ana@example.org", replace(sam(), last_name="Ana"))
    plans = plans_of_two_issuers(sam_determination)
    enroll(sam_user, sam_determination, plan_id=plans[0])
    enroll(ana_user, ana_determination, plan_id=plans[1])
    for _ in range(4):
        plans = plans[::-1]
        tabs = [
            Tab(sam_user, sam_determination, plans[0]),
            Tab(ana_user, ana_determination, plans[1]),
        ]
        for side in at_once(*(tab.enroll for tab in tabs)):
            confirmed(side)
    active = Enrollment.objects.filter(status__in=states.ACTIVE).order_by("owner__email")
    assert [e.plan_id[:14] for e in active] == [plans[1], plans[0]]  # Ana's, then Sam's
    assert OutboundTransaction.objects.count() == 2 + 4 * 2 * 2


def test_a_plan_change_while_the_export_sends_the_plan_it_replaces(catalog, monkeypatch, tmp_path):
    """Sam chose a plan; the 834 export is sending it when Sam, in another tab, chooses
    another. The export read the old policy as `selected` before the plan change committed
    and marked it `transmitted` after: a cancelled policy in force again beside the new one
    (the one-active-policy constraint refused it, so the whole export failed). The export now
    locks the policies it marks and reads their status again after the lock."""
    user, determination = determined("sam@example.org", sam())
    first, other = plans_of_two_issuers(determination)
    old = enroll(user, determination, plan_id=first)
    tab = Tab(user, determination, other)
    recorded, export_on = threading.Event(), threading.Event()
    replaced, checkout_on = threading.Event(), threading.Event()
    real, variant_of = export.hooks(), policy_writes.variant_of

    def held_after_the_file(ids, name):
        recorded.set()
        export_on.wait(timeout=30)
        return real.mark_transmitted(ids, name)

    def held_after_the_old_policy_ended(*args, **kwargs):
        replaced.set()
        checkout_on.wait(timeout=30)
        return variant_of(*args, **kwargs)

    monkeypatch.setattr(
        export, "hooks", lambda: replace(real, mark_transmitted=held_after_the_file)
    )
    monkeypatch.setattr(policy_writes, "variant_of", held_after_the_old_policy_ended)
    exporter = Side(lambda: export.export_pending(tmp_path / "out"))
    exporter.start()
    assert recorded.wait(timeout=60)
    checkout = Side(tab.enroll)
    checkout.start()
    assert replaced.wait(timeout=60)  # the old policy cancelled, not yet committed
    export_on.set()
    waiting_for_a_lock(exporter)  # the export waits for the old policy's row
    checkout_on.set()
    for side in (checkout, exporter):
        side.join(timeout=120)

    new = Enrollment.objects.get(public_id=confirmed(checkout))
    assert exporter.failure is None, exporter.failure
    old.refresh_from_db()
    assert old.status == states.CANCELLED and new.status == states.SELECTED
    assert list(Enrollment.objects.filter(status__in=states.ACTIVE)) == [new]
    rows = OutboundTransaction.objects.order_by("id")
    sent = [(row.enrollment_id, row.kind, row.status, row.file_id) for row in rows]
    assert [row[:3] for row in sent] == [
        (old.pk, "addition", OutboundTransaction.SENT),
        (old.pk, "cancellation", OutboundTransaction.SENT),  # the export's next file
        (new.pk, "addition", OutboundTransaction.PENDING),  # another insurer: the next export
    ]
    assert sent[0][3] < sent[1][3]  # the insurer gets the addition before its cancellation
