"""Plan selection and checkout from a stored determination (45 CFR 155.400, 155.410)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment import actions, dates, states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, price, quotes
from marketplace.notices.models import Notice
from tests.enrollment.conftest import ATTESTED, IN_OPEN_ENROLLMENT, enroll

pytestmark = pytest.mark.django_db


def test_the_garcias_group_is_the_parents_the_children_have_chip(garcia):
    _, determination = garcia
    group = enrollment_group(determination)
    assert [m.person.first_name for m in group.members] == ["Maria", "Jose"]
    assert [name for name, why in group.excluded] == ["Sofia Garcia", "Mateo Garcia"]
    assert {why for _, why in group.excluded} == {"chip"}
    assert group.max_aptc == Decimal(str(determination.result["aptc"])).quantize(Decimal("0.01"))


def test_sam_gets_the_87_percent_silver_variant(okafor):
    user, determination = okafor
    assert determination.result["csr"] == "87"
    enrollment = enroll(user, determination)
    assert enrollment.plan_id.endswith("05")
    assert enrollment.plan_variant.variant == "05"
    assert len(enrollment.plan_id) == 16


def test_a_bronze_plan_gets_the_standard_variant(okafor):
    user, determination = okafor
    bronze = next(
        q for q in quotes(enrollment_group(determination)) if q.info.metal_level == "bronze"
    )
    enrollment = enroll(user, determination, plan_id=bronze.plan_id)
    assert enrollment.plan_id.endswith("01")


def test_checkout_stores_the_money_and_queues_the_834_and_notice(garcia):
    user, determination = garcia
    enrollment = enroll(user, determination, aptc=Decimal("100"))
    assert enrollment.status == states.SELECTED
    assert enrollment.elected_aptc == Decimal("100.00")
    assert enrollment.premium_after_credit == enrollment.premium - Decimal("100.00")
    assert enrollment.coverage_start == date(2026, 1, 1)
    assert sum(m.premium for m in enrollment.members.all()) == enrollment.premium
    assert enrollment.rating_area.startswith("R-MA")
    row = OutboundTransaction.objects.get(enrollment=enrollment)
    assert (row.kind, row.maintenance_type, row.maintenance_reason) == ("addition", "021", "EC")
    assert (
        AuditEvent.objects.filter(
            action="enrollment.selected", object_id=str(enrollment.pk)
        ).count()
        == 1
    )
    notice = Notice.objects.get(kind="enrollment_confirmation", user=user)
    assert notice.context["enrollment"]["policy_id"] == enrollment.policy_id


def test_the_elected_aptc_never_exceeds_the_plans_ehb_premium(garcia):
    _user, determination = garcia
    group = enrollment_group(determination)
    cheapest = quotes(group)[0]
    priced = price(group, cheapest.plan_id, Decimal("99999"))
    assert priced.elected_aptc == min(group.max_aptc, cheapest.ehb_premium)
    assert priced.elected_aptc <= cheapest.ehb_premium


def test_a_negative_election_is_zero(garcia):
    user, determination = garcia
    enrollment = enroll(user, determination, aptc=Decimal("-5"))
    assert enrollment.elected_aptc == Decimal("0.00")
    assert enrollment.premium_after_credit == enrollment.premium


def test_a_double_submitted_checkout_makes_one_enrollment(garcia):
    user, determination = garcia
    token = uuid.uuid4()
    first = enroll(user, determination, token=token)
    second = enroll(user, determination, token=token)
    assert first.pk == second.pk
    assert Enrollment.objects.count() == 1
    assert OutboundTransaction.objects.count() == 1


def test_the_same_plan_chosen_again_with_another_form_changes_nothing(garcia):
    user, determination = garcia
    first = enroll(user, determination)
    again = enroll(user, determination)
    assert again.pk == first.pk and Enrollment.objects.count() == 1
    assert OutboundTransaction.objects.count() == 1


def _other_plan(determination, current) -> str:
    return next(
        q.plan_id
        for q in quotes(enrollment_group(determination))
        if q.info.metal_level == "gold" and not q.info.state_program and q.plan_id != current[:14]
    )


def test_another_plan_in_open_enrollment_replaces_one_not_yet_started(garcia):
    user, determination = garcia
    first = enroll(user, determination)  # 1 December: coverage from 1 January
    second = enroll(user, determination, plan_id=_other_plan(determination, first.plan_id))
    first.refresh_from_db()
    assert first.status == states.CANCELLED and first.end_reason == "voluntary"
    assert second.is_active and second.coverage_start == first.coverage_start
    assert list(Enrollment.objects.filter(status__in=states.ACTIVE)) == [second]
    sent = OutboundTransaction.objects.order_by("id")
    assert [(t.enrollment_id, t.kind) for t in sent] == [
        (first.pk, "addition"),
        (first.pk, "cancellation"),
        (second.pk, "addition"),
    ]


def test_another_plan_in_open_enrollment_after_coverage_began_ends_the_old_one(garcia):
    user, determination = garcia
    first = enroll(user, determination)
    actions.mark_transmitted([first.pk], "to-issuer.x12")
    actions.effectuate(first, paid_through=date(2026, 1, 31))
    on = date(2026, 1, 10)  # Massachusetts' open enrollment runs to 23 January
    start = dates.coverage_start(first.state, 2026, on)
    second = enroll(user, determination, plan_id=_other_plan(determination, first.plan_id), on=on)
    first.refresh_from_db()
    assert second.coverage_start == start > first.coverage_start
    assert first.status == states.TERMINATED
    assert first.coverage_end == start - timedelta(days=1)
    kinds = list(
        OutboundTransaction.objects.filter(enrollment=first).values_list("kind", flat=True)
    )
    assert kinds == ["addition", "termination"]


def test_checkout_needs_every_attestation(garcia):
    user, determination = garcia
    with pytest.raises(actions.EnrollmentError) as error:
        actions.checkout(
            user=user,
            determination=determination,
            plan_id=quotes(enrollment_group(determination))[0].plan_id,
            elected_aptc=None,
            attestations={**ATTESTED, "reconcile": False},
            token=uuid.uuid4(),
            on=IN_OPEN_ENROLLMENT,
        )
    assert error.value.code == "attestations"


def test_outside_open_enrollment_nobody_can_select(garcia):
    user, determination = garcia
    with pytest.raises(actions.EnrollmentError) as error:
        enroll(user, determination, on=date(2026, 3, 1))
    assert error.value.code == "outside_open_enrollment"


def test_a_selection_on_january_10_starts_february_1(garcia):
    user, determination = garcia
    assert enroll(user, determination, on=date(2026, 1, 10)).coverage_start == date(2026, 2, 1)


def test_another_persons_determination_cannot_be_enrolled(garcia, okafor):
    sam, _ = okafor
    _, determination = garcia
    with pytest.raises(actions.EnrollmentError) as error:
        enroll(sam, determination)
    assert error.value.code == "not_owner"


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Your enrollment is confirmed"), ("es", "Su inscripción está confirmada")],
)
def test_the_confirmation_notice_is_in_the_persons_language(garcia, language, title):
    from marketplace.notices.render import render_html

    user, determination = garcia
    enrollment = actions.checkout(
        user=user,
        determination=determination,
        plan_id=quotes(enrollment_group(determination))[0].plan_id,
        elected_aptc=None,
        attestations=ATTESTED,
        token=uuid.uuid4(),
        language=language,
        on=IN_OPEN_ENROLLMENT,
    )
    notice = Notice.objects.get(kind="enrollment_confirmation")
    assert notice.language == language
    html = render_html(notice.kind, notice.language, notice.context, str(notice.public_id))
    assert title in html and enrollment.policy_id in html and "Maria Garcia" in html


def test_the_confirmation_notice_renders_to_pdf(garcia):
    pytest.importorskip("weasyprint")
    from marketplace.notices.render import RendererUnavailable, render_pdf

    enrollment = enroll(*garcia)
    notice = Notice.objects.get(kind="enrollment_confirmation")
    try:
        pdf, pages = render_pdf(notice.kind, notice.language, notice.context, str(notice.public_id))
    except RendererUnavailable:
        pytest.skip("WeasyPrint's system libraries are missing")
    assert pdf.startswith(b"%PDF") and pages >= 1
    assert enrollment.policy_id


def test_the_spanish_catalog_is_complete():
    from pathlib import Path

    import marketplace.enrollment

    po = Path(marketplace.enrollment.__file__).parent / "locale/es/LC_MESSAGES/django.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr ""\n\n' not in text.split("\n\n", 1)[1]
