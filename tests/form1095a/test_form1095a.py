"""Form 1095-A for every policy of 2026, issued in January 2027: the figures are the sums of
the enrollment's own months (read from its 834s and stored determinations), corrected after a
retroactive change, void after a cancellation, in English and Spanish, with the data file.

- Sam Okafor (30, Boston, about 200% FPL): a premium tax credit; a ConnectorCare plan too.
- Maria and Jose Garcia (Boston; their children get CHIP): Jose leaves the policy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.enrollment import actions, grace, maintenance, states
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.selection import enrollment_group, quotes
from marketplace.form1095a import batch
from marketplace.form1095a.models import Form1095A
from marketplace.jobs.models import Job, WorkException
from marketplace.notices.models import Notice
from marketplace.notices.render import render_html
from tests.enrollment.conftest import enroll

pytestmark = pytest.mark.django_db
ISSUED = date(2027, 1, 15)
NS = {"air": "urn:us:gov:treasury:irs:ext:aca:air:ty20a"}


def effectuated(enrollment: Enrollment) -> Enrollment:
    Enrollment.objects.filter(pk=enrollment.pk).update(status=states.EFFECTUATED)
    enrollment.refresh_from_db()
    return enrollment


def form(enrollment: Enrollment) -> Form1095A:
    return Form1095A.objects.filter(enrollment=enrollment).order_by("sequence").last()


def column(figures: dict, name: str) -> list[Decimal]:
    return [Decimal(m[name]) for m in figures["months"]]


def benchmark(determination) -> Decimal:
    return Decimal(str(determination.result["benchmark_premium"]))


def data_file(tmp_path) -> ET.Element:
    """The data file this run wrote (our own output, not untrusted input)."""
    return ET.fromstring((tmp_path / "forms" / "form1095a-2026.xml").read_bytes())  # noqa: S314


def run(tmp_path, settings, *extra) -> str:
    settings.MARKETPLACE_TODAY = ISSUED
    out = StringIO()
    call_command(
        "form-1095a", "--year", "2026", "--out", str(tmp_path / "forms"), *extra, stdout=out
    )
    return out.getvalue()


def test_sam_full_year_pdf_notice_and_data_file(okafor, tmp_path, settings):
    user, determination = okafor
    sam = effectuated(enroll(user, determination))
    printed = run(tmp_path, settings)
    assert "1 policies: 1 original, 0 corrected, 0 void" in printed
    figures = form(sam).figures
    assert column(figures, "premium") == [sam.premium] * 12
    assert column(figures, "aptc") == [sam.elected_aptc] * 12
    assert column(figures, "slcsp") == [benchmark(determination)] * 12
    assert Decimal(figures["totals"]["premium"]) == sum(column(figures, "premium"))
    assert Decimal(figures["totals"]["aptc"]) == sam.elected_aptc * 12
    assert [p["first_name"] for p in figures["covered"]] == ["Sam"]
    pdf = tmp_path / "forms" / "pdf" / f"{sam.policy_id}-2026-1-original.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    notice = Notice.objects.get(user=user, kind="form_1095a")
    assert notice.is_ready and bytes(notice.pdf) == pdf.read_bytes()
    [record] = data_file(tmp_path).findall("air:Form1095AUpstreamDetail", NS)
    assert record.find("air:Policy/MarketPlacePolicyNum", NS).text == sam.policy_id
    total = record.find("air:RecipientPolicyInformation/air:AnnualPolicyTotalAmounts", NS)
    assert total.find("air:AnnualAdvancedPTCAmt", NS).text == figures["totals"]["aptc"]
    assert record.find("air:CorrectedInd", NS).text == "0"


def test_a_second_run_changes_nothing(okafor, tmp_path, settings):
    user, determination = okafor
    effectuated(enroll(user, determination))
    run(tmp_path, settings)
    first = (tmp_path / "forms" / "form1095a-2026.xml").read_bytes()
    printed = run(tmp_path, settings)
    assert "0 original, 0 corrected, 0 void, 1 unchanged" in printed
    assert "0 PDFs written" in printed
    assert (tmp_path / "forms" / "form1095a-2026.xml").read_bytes() == first
    assert Form1095A.objects.count() == 1 and Notice.objects.filter(kind="form_1095a").count() == 1


def test_a_mid_year_aptc_change_and_an_end_in_august(okafor, tmp_path, settings):
    user, determination = okafor
    sam = effectuated(enroll(user, determination))
    full = sam.elected_aptc
    actions.change_aptc(sam, Decimal("50"), on=date(2026, 3, 10))
    actions.end_coverage(sam, on=date(2026, 8, 10))  # the end of August (155.430(d)(2))
    sam.refresh_from_db()
    assert sam.coverage_end == date(2026, 8, 31)
    run(tmp_path, settings, "--no-pdf")
    figures = form(sam).figures
    assert column(figures, "aptc") == [full] * 3 + [Decimal("50.00")] * 5 + [Decimal("0")] * 4
    assert column(figures, "premium") == [sam.premium] * 8 + [Decimal("0")] * 4
    assert Decimal(figures["totals"]["aptc"]) == full * 3 + Decimal("250.00")
    assert figures["policy_end"] == "2026-08-31"


def test_a_member_taken_off_changes_the_premium_from_the_next_month(garcia, tmp_path, settings):
    user, determination = garcia
    policy = effectuated(enroll(user, determination))
    both = policy.premium
    jose = policy.members.get(first_name="Jose")
    settings.MARKETPLACE_TODAY = date(2026, 5, 10)
    maintenance.remove_member(policy, jose, end_date=date(2026, 5, 31), reason="voluntary")
    policy.refresh_from_db()
    assert policy.premium < both
    run(tmp_path, settings, "--no-pdf")
    figures = form(policy).figures
    assert column(figures, "premium") == [both] * 5 + [policy.premium] * 7
    assert Decimal(figures["totals"]["premium"]) == both * 5 + policy.premium * 7
    ends = {p["first_name"]: p["end"] for p in figures["covered"]}
    assert ends == {"Maria": "2026-12-31", "Jose": "2026-05-31"}
    assert figures["spouse"]["first_name"] == "Jose"


def test_the_state_subsidy_is_not_on_the_form(okafor, tmp_path, settings):
    user, determination = okafor
    own = next(q.plan_id for q in quotes(enrollment_group(determination)) if q.info.state_program)
    sam = effectuated(enroll(user, determination, plan_id=own))
    assert sam.state_subsidy > 0
    run(tmp_path, settings, "--no-pdf")
    figures = form(sam).figures
    assert column(figures, "premium") == [sam.premium] * 12  # the whole premium (36B(f)(3)(B))
    assert column(figures, "aptc") == [sam.elected_aptc] * 12  # APTC only


def test_a_retroactive_change_after_issue_gives_a_corrected_form(garcia, tmp_path, settings):
    user, determination = garcia
    policy = effectuated(enroll(user, determination))
    both = policy.premium
    run(tmp_path, settings)
    original = form(policy)
    settings.MARKETPLACE_TODAY = date(2027, 1, 20)
    jose = policy.members.get(first_name="Jose")
    maintenance.remove_member(policy, jose, end_date=date(2026, 6, 30), reason="not_eligible")
    policy.refresh_from_db()
    printed = run(tmp_path, settings)
    assert "0 original, 1 corrected, 0 void" in printed
    corrected = form(policy)
    assert (corrected.kind, corrected.sequence) == ("corrected", 2)
    assert column(corrected.figures, "premium") == [both] * 6 + [policy.premium] * 6
    assert column(original.figures, "premium") == [both] * 12  # the first form stays as issued
    assert (tmp_path / "forms" / "pdf" / f"{policy.policy_id}-2026-2-corrected.pdf").exists()
    root = data_file(tmp_path)
    [record] = root.findall("air:Form1095AUpstreamDetail", NS)
    assert record.find("air:CorrectedInd", NS).text == "1"
    number = record.find("air:CorrectedRecordSequenceNum", NS).text
    assert number == str(batch.record_number(policy.pk, 1))
    assert record.find("air:RecordSequenceNum", NS).text == str(batch.record_number(policy.pk, 2))


def test_a_policy_cancelled_after_its_form_gets_a_void_form(okafor, tmp_path, settings):
    user, determination = okafor
    sam = effectuated(enroll(user, determination))
    run(tmp_path, settings, "--no-pdf")
    actions.issuer_end(sam, end=sam.coverage_start, reason="07", amrc="CANCEL-RESCIND")
    printed = run(tmp_path, settings)
    assert "0 original, 0 corrected, 1 void" in printed
    void = form(sam)
    assert void.kind == "void" and void.figures == Form1095A.objects.get(sequence=1).figures
    root = data_file(tmp_path)
    assert root.find("air:Form1095AUpstreamDetail/air:VoidInd", NS).text == "1"


def test_a_policy_cancelled_before_coverage_gets_no_form(okafor, tmp_path, settings):
    user, determination = okafor
    actions.end_coverage(enroll(user, determination), on=date(2025, 12, 5))
    printed = run(tmp_path, settings)
    assert "0 original" in printed and "1 without coverage" in printed
    assert not Form1095A.objects.exists()


def test_the_unpaid_first_month_of_grace_shows_no_premium(okafor, tmp_path, settings):
    user, determination = okafor
    sam = effectuated(enroll(user, determination))
    settings.MARKETPLACE_TODAY = date(2026, 2, 3)
    grace.report_delinquent(sam, paid_through=date(2026, 1, 31))
    settings.MARKETPLACE_TODAY = date(2026, 5, 1)
    grace.advance()
    run(tmp_path, settings, "--no-pdf")
    figures = form(sam).figures
    assert column(figures, "premium")[:3] == [sam.premium, Decimal("0.00"), Decimal("0.00")]
    assert column(figures, "aptc")[:3] == [sam.elected_aptc, sam.elected_aptc, Decimal("0.00")]


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "en",
            [
                "Form 1095-A, Health Insurance Marketplace Statement, 2026",
                "January",
                "Monthly advance payment of premium tax credit",
                "CORRECTED",
            ],
        ),
        (
            "es",
            [
                "Formulario 1095-A, Declaración del Mercado de Seguros Médicos, 2026",
                "Enero",
                "crédito fiscal para la prima",
                "CORREGIDO",
            ],
        ),
    ],
)
def test_the_form_in_both_languages(garcia, tmp_path, settings, language, words):
    user, determination = garcia
    policy = effectuated(enroll(user, determination))
    run(tmp_path, settings, "--no-pdf")
    settings.MARKETPLACE_TODAY = date(2027, 1, 20)
    jose = policy.members.get(first_name="Jose")
    maintenance.remove_member(policy, jose, end_date=date(2026, 6, 30), reason="voluntary")
    batch.issue_forms(2026, tmp_path / "forms")
    context = {"form": {**form(policy).figures, "kind": "corrected"}, "name": "Maria Garcia"}
    html = render_html("form_1095a", language, context, "00000000-form")
    for word in words:
        assert word in html
    assert "$" in html and "2026" in html


def test_one_bad_policy_goes_to_the_exceptions_list_and_the_rest_go_out(
    okafor, garcia, tmp_path, settings
):
    sam = effectuated(enroll(*okafor))
    broken = effectuated(enroll(*garcia))
    broken.members.all().delete()  # no one to put on the form
    printed = run(tmp_path, settings, "--no-pdf")
    assert "2 policies: 1 original" in printed and "1 exceptions" in printed
    assert form(sam) is not None and form(broken) is None
    assert WorkException.objects.filter(reason="form_1095a", object_id=str(broken.pk)).exists()


def test_people_who_chose_paper_get_the_form_by_mail(okafor, tmp_path, settings):
    user, determination = okafor
    user.notice_preference = "paper"
    user.save(update_fields=["notice_preference"])
    effectuated(enroll(user, determination))
    run(tmp_path, settings)
    notice = Notice.objects.get(user=user, kind="form_1095a")
    assert notice.paper
    assert Job.objects.filter(
        kind="notices.mail", dedupe_key=f"notices.mail:{notice.public_id}"
    ).exists()


def test_more_workers_need_postgresql_and_a_bad_year_is_named(tmp_path, settings, db):
    from django.core.management.base import CommandError
    from django.db import connection

    if connection.vendor == "sqlite":
        with pytest.raises(CommandError, match="--workers"):
            run(tmp_path, settings, "--workers", "2")
    with pytest.raises(CommandError, match="--year"):
        call_command("form-1095a", "--year", "1999", "--out", str(tmp_path))


def test_the_marketplace_identifier_comes_from_the_setting(okafor, tmp_path, settings):
    user, determination = okafor
    sam = effectuated(enroll(user, determination))
    settings.MARKETPLACE_1095A_ID = "25.MA*.SBE.042.007"
    run(tmp_path, settings)
    assert form(sam).figures["marketplace_id"] == "25.MA*.SBE.042.007"
    [record] = data_file(tmp_path).findall("air:Form1095AUpstreamDetail", NS)
    assert record.find(".//air:MarketplaceId", NS).text == "25.MA*.SBE.042.007"


def test_without_the_setting_the_identifier_is_a_placeholder_of_the_same_shape(
    okafor, tmp_path, settings
):
    user, determination = okafor
    sam = effectuated(enroll(user, determination))
    settings.MARKETPLACE_1095A_ID = ""
    run(tmp_path, settings)
    assert form(sam).figures["marketplace_id"] == "25.MA*.SBE.001.001"


def test_the_identifier_is_read_from_the_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARKETPLACE_")}
    env.update(
        MARKETPLACE_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="marketplace.settings",
        MARKETPLACE_1095A_ID=" 25.MA*.SBE.042.007 ",
    )
    script = "import django; django.setup(); from django.conf import settings as s; "
    script += "print(s.MARKETPLACE_1095A_ID)"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "25.MA*.SBE.042.007"
