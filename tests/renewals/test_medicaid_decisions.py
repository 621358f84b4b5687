"""The Medicaid/CHIP agency's decisions read back (docs/adr/0713): Tito, whom the renewal
assessed for CHIP and left out of his mother's 2027 plan, is found not eligible by the CHIP
agency; the exchange accepts the finding, determines him for a plan with the premium tax
credit, opens his special enrollment period and tells Rosa, in her language. A file read
twice changes nothing; a line that cannot be used goes on the exceptions list and the
others are read."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from html import unescape
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from marketplace.applications.models import IncomeItem, Member
from marketplace.audit.models import AuditEvent
from marketplace.changes.models import ReportedChange, SpecialEnrollmentPeriod
from marketplace.determinations.models import Determination
from marketplace.enrollment.actions import end_coverage
from marketplace.enrollment.models import Enrollment
from marketplace.jobs.models import Source, WorkException
from marketplace.notices.models import Notice
from marketplace.notices.render import document_text, render_document
from marketplace.renewals.models import Renewal
from marketplace.verifications.agency_simulator import SimulatedMedicaidAgency
from marketplace.verifications.models import MedicaidReferral
from tests.changes.sep_support import choose_plan_by_links, enroll_on_checkout_page
from tests.html_forms import links
from tests.renewals.conftest import (
    RENEWED_ON,
    P,
    by_name,
    dropping_a_child,
    enrolled,
    household,
    queue_items,
    renew,
    staff_client,
)

pytestmark = pytest.mark.django_db

DECIDED_ON = date(2026, 12, 9)
READ_ON = date(2026, 12, 14)
FORMAT = "marketplace-account-transfer-decision/1"
COVERAGE_ENDS = "/casework/queues/renewal-coverage-ends/"


def _transferred(tmp_path) -> list[dict]:
    """The account-transfer file the exchange sends the agency, as the agency reads it."""
    call_command("medicaid-transfer-export", "--out", str(tmp_path / "out"), stdout=StringIO())
    [sent] = (tmp_path / "out").iterdir()
    return [json.loads(line) for line in sent.read_text().splitlines()]


def _decisions(tmp_path, *lines) -> object:
    path = tmp_path / "decisions-20261214.jsonl"
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    )
    return path


def _decision(transfer_id: str, decision="not_eligible", decided_on=DECIDED_ON, **more) -> dict:
    return {
        "format": FORMAT,
        "transfer_id": transfer_id,
        "decision": decision,
        "decided_on": decided_on.isoformat(),
        "reason": "Income over the CHIP limit as the agency counted it",
        **more,
    }


def _read(path) -> str:
    out = StringIO()
    call_command("medicaid-decisions-import", str(path), stdout=out)
    return out.getvalue()


def _text(notice, language: str) -> str:
    page = render_document(notice.kind, language, notice.context, str(notice.public_id))
    return " ".join(document_text(page).split())


@pytest.fixture
def tito(settings, tmp_path):
    """Rosa's household renewed for 2027 with Tito referred to CHIP and left out; the
    transfer record the agency received about him."""
    user, policy = dropping_a_child()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    [record] = _transferred(tmp_path)
    assert record["person"]["first_name"] == "Tito" and record["assessment"]["program"] == "chip"
    settings.MARKETPLACE_TODAY = READ_ON
    return user, policy.application, record


def test_a_child_the_chip_agency_turns_down_gets_a_plan_with_help(tito, tmp_path):
    user, application, record = tito
    before = application.determinations.first()
    assert before.result["members"][1]["chip"] is True and not before.result["members"][1]["aptc"]

    said = _read(_decisions(tmp_path, _decision(record["transfer_id"])))
    assert "Read 1 decisions" in said and "1 not eligible, households redetermined" in said

    after = application.determinations.first()
    assert after != before and after.result["year"] == 2027
    tito_now = after.result["members"][1]
    assert tito_now["chip"] is False and tito_now["medicaid"] is False
    assert tito_now["qhp"] is True and tito_now["aptc"] is True
    assert Decimal(str(after.result["aptc"])) > Decimal(str(before.result["aptc"] or 0))
    assert after.input_snapshot["people"][1]["medicaid_chip_denied"] is True
    assert "medicaid_chip_denied" not in after.input_snapshot["people"][0]
    member = Member.objects.get(application=application, first_name="Tito")
    assert member.medicaid_chip_denied_year == 2027
    renewed = Enrollment.objects.get(application=application, coverage_year=2027)
    assert renewed.members.filter(person=member).exists()  # the re-enrollment would have kept him
    [change] = ReportedChange.objects.filter(application=application, kind="medicaid_chip_denied")
    [added] = change.effects
    assert added["kind"] == "added" and added["names"] == ["Tito Rosason"]
    assert added["start"] == "2027-01-01" and added["policy_id"] == renewed.policy_id

    referral = MedicaidReferral.objects.get(public_id=record["transfer_id"])
    assert referral.decision == "not_eligible" and referral.decided_on == DECIDED_ON
    assert referral.decision_file == "decisions-20261214.jsonl"
    event = AuditEvent.objects.get(action="medicaid.decision")
    assert event.detail["outcome"] == "redetermined" and "Tito" not in json.dumps(event.detail)

    [period] = SpecialEnrollmentPeriod.objects.filter(application=application)
    assert period.event == "medicaid_chip_denied" and period.event_date == DECIDED_ON
    assert (
        period.members == [str(member.public_id)] and period.change.kind == "medicaid_chip_denied"
    )

    notice = Notice.objects.get(user=user, kind="eligibility", related_id=str(after.pk))
    english = _text(notice, "en")
    assert "The state Medicaid/CHIP agency found this person not eligible" in english
    spanish = _text(notice, "es")
    assert "La agencia estatal de Medicaid/CHIP decidió que esta persona no califica" in spanish

    again = _read(_decisions(tmp_path, _decision(record["transfer_id"])))
    assert "1 already recorded" in again
    assert application.determinations.first() == after
    assert SpecialEnrollmentPeriod.objects.filter(application=application).count() == 1


def test_a_change_of_income_since_the_referral_is_assessed_afresh(tito, tmp_path):
    """The agency decided on $45,000; the household has since reported $30,000 (another
    determination): the finding is recorded and nothing is redetermined from it."""
    _user, application, record = tito
    IncomeItem.objects.filter(member__application=application).update(amount=Decimal("30000"))
    from marketplace.applications import determine

    newer = determine.determine_and_store(application)
    said = _read(_decisions(tmp_path, _decision(record["transfer_id"])))
    assert "1 not eligible, recorded only" in said
    assert application.determinations.first() == newer
    assert MedicaidReferral.objects.get(public_id=record["transfer_id"]).decision == "not_eligible"


def test_an_eligible_child_is_recorded_and_nothing_else_changes(tito, tmp_path):
    _user, application, record = tito
    latest = application.determinations.first()
    said = _read(_decisions(tmp_path, _decision(record["transfer_id"], decision="eligible")))
    assert "1 eligible" in said
    assert application.determinations.first() == latest
    assert MedicaidReferral.objects.get(public_id=record["transfer_id"]).decision == "eligible"
    assert not SpecialEnrollmentPeriod.objects.filter(application=application).exists()


def test_lines_that_cannot_be_used_go_on_the_exceptions_list_and_the_rest_are_read(tito, tmp_path):
    _user, _application, record = tito
    made = Determination.objects.count()
    path = _decisions(
        tmp_path,
        "not json at all",
        _decision("5a0c1b7e-0000-4000-8000-000000000000"),
        _decision(record["transfer_id"], decided_on=date(2027, 1, 5)),
        _decision(record["transfer_id"], decision="maybe"),
        {**_decision(record["transfer_id"]), "format": "something-else/1"},
        _decision(record["transfer_id"]),
        _decision(record["transfer_id"], decision="eligible"),
        _decision(record["transfer_id"], decided_on=date(2026, 12, 1)),
    )
    said = _read(path)
    assert "Read 8 decisions" in said and "1 not eligible, households redetermined" in said
    assert "7 on the exceptions list" in said
    assert Determination.objects.count() == made + 1

    items = WorkException.objects.filter(source=Source.MEDICAID_DECISION).order_by("object_id")
    by_line = {item.object_id.rsplit(":", 1)[1]: item for item in items}
    assert sorted(by_line) == ["1", "2", "3", "4", "5", "7", "8"]
    assert by_line["1"].reason == "line" and "Line 1 of" in by_line["1"].message
    assert by_line["2"].reason == "transfer_id" and "no referral of ours" in by_line["2"].message
    assert by_line["3"].reason == "decided_on" and "after today" in by_line["3"].message
    assert by_line["4"].reason == "decision"
    assert by_line["5"].reason == "format"
    assert by_line["7"].reason == "decision" and "contradicts" in by_line["7"].message
    assert by_line["8"].reason == "decided_on" and "before we referred" in by_line["8"].message
    assert all("Tito" not in item.message for item in items)
    listed = staff_client("caseworker").get("/casework/work-exceptions/").content.decode()
    assert "decisions-20261214.jsonl:2" in listed and "no referral of ours" in listed


def test_rosa_adds_tito_to_her_plan_by_following_links(tito, tmp_path, client):
    """From her dashboard, by links and buttons only: My renewal says what the agency decided,
    "Choose a different plan" now enrolls Tito too, with the larger tax credit."""
    user, application, record = tito
    auto = Enrollment.objects.get(application=application, coverage_year=2027)
    alone = auto.elected_aptc
    _read(_decisions(tmp_path, _decision(record["transfer_id"])))
    auto.refresh_from_db()
    assert sorted(m.first_name for m in auto.members.all()) == ["Rosa", "Tito"]  # back on it
    assert auto.elected_aptc > alone

    client.force_login(user)
    assert "/renewal/" in links(client.get("/apply/").content.decode(), r"^/renewal/$")
    renewal_page = client.get("/renewal/").content.decode()
    assert "On December 9, 2026 the state agency found Tito Rosason not eligible for CHIP" in (
        renewal_page
    )
    address, checkout = choose_plan_by_links(client, "/renewal/", "Silver")
    assert checkout.status_code == 200
    done = enroll_on_checkout_page(client, address, checkout)
    assert done.status_code in (200, 302)

    chosen = (
        Enrollment.objects.filter(application=application, coverage_year=2027)
        .exclude(pk=auto.pk)
        .get()
    )
    assert sorted(m.first_name for m in chosen.members.all()) == ["Rosa", "Tito"]
    assert chosen.elected_aptc > alone
    auto.refresh_from_db()
    assert auto.status == "cancelled"


BACK = {
    "en": "found Tito Rosason not eligible for CHIP. We accepted its decision and put Tito "
    "Rosason back on your plan, with the tax credit.",
    "es": "decidió que Tito Rosason no califica para CHIP. Aceptamos su decisión y volvimos a "
    "incluir a Tito Rosason en su plan, con el crédito fiscal.",
}
TO_CHOOSE = {
    "en": "Tito Rosason can now join a plan with help paying for it.",
    "es": "Tito Rosason ahora puede inscribirse en un plan con ayuda para pagarlo.",
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_renewal_page_says_what_the_agency_decided(tito, tmp_path, client, language):
    user, _application, record = tito
    _read(_decisions(tmp_path, _decision(record["transfer_id"])))
    client.force_login(user)
    client.cookies["marketplace_language"] = language
    page = unescape(client.get("/renewal/").content.decode())
    assert 'data-agency-decisions="yes"' in page and BACK[language] in page
    assert TO_CHOOSE[language] not in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_with_no_plan_left_to_rejoin_the_page_leads_to_choosing_one(
    tito, tmp_path, client, language
):
    """Rosa ended her 2027 coverage before the agency decided: nobody is put back on a plan;
    the page says Tito can join one, and its link leads to choosing it."""
    user, application, record = tito
    renewed = Enrollment.objects.get(application=application, coverage_year=2027)
    end_coverage(renewed, actor=user)
    _read(_decisions(tmp_path, _decision(record["transfer_id"])))
    assert not ReportedChange.objects.get(kind="medicaid_chip_denied").effects
    client.force_login(user)
    client.cookies["marketplace_language"] = language
    page = unescape(client.get("/renewal/").content.decode())
    assert TO_CHOOSE[language] in page and BACK[language] not in page
    latest = application.determinations.first()
    assert f"/enroll/{latest.public_id}/" in links(page, r"^/enroll/")


def test_the_household_leaves_the_coverage_ends_queue(tito, tmp_path):
    """The caseworkers' call list of households whose coverage a renewal ends: Rosa's is on
    it for Tito, and leaves it once the agency's finding gave Tito a plan to join."""
    _user, application, record = tito
    carla = staff_client("caseworker")
    renewal = Renewal.objects.get(application=application)
    sheet = f"/casework/renewals/{renewal.public_id}/call/"
    assert list(queue_items(carla, COVERAGE_ENDS).values()) == [sheet]
    _read(_decisions(tmp_path, _decision(record["transfer_id"])))
    assert queue_items(carla, COVERAGE_ENDS) == {}


@pytest.mark.parametrize(("share", "found"), [("1", "not_eligible"), ("0", "eligible")])
def test_the_simulated_agency_answers_the_file_we_sent(tito, tmp_path, share, found):
    """A rehearsal without an agency: the SIMULATED agency answers our transfer file a week
    after the referral, and reading its answer acts on it."""
    _user, _application, record = tito
    [sent] = (tmp_path / "out").iterdir()
    answer = tmp_path / "answer.jsonl"
    out = StringIO()
    call_command(
        "medicaid-agency-simulate",
        str(sent),
        "--out",
        str(answer),
        "--not-eligible-share",
        share,
        stdout=out,
    )
    assert "SIMULATED agency: 1 decisions" in out.getvalue()
    [line] = [json.loads(text) for text in answer.read_text().splitlines()]
    assert line["transfer_id"] == record["transfer_id"] and line["decision"] == found
    assert line["decided_on"] == "2026-12-09"  # referred on Dec. 2, a week later
    said = _read(answer)
    assert ("1 not eligible, households redetermined" in said) is (found == "not_eligible")
    assert MedicaidReferral.objects.get(public_id=record["transfer_id"]).decision == found


def test_the_simulated_agency_answers_the_test_ssns_as_documented():
    agency = SimulatedMedicaidAgency(not_eligible_share=0.5)
    base = {"transfer_id": "t-1", "referred_at": "2026-12-02T10:00:00+00:00"}
    for last4, found in (("7777", "not_eligible"), ("7778", "eligible")):
        line = agency.decision({**base, "person": {"ssn_last4": last4}}, date(2026, 12, 5))
        assert line["decision"] == found and line["decided_on"] == "2026-12-05"  # not after today
    drawn = [
        agency.decision({**base, "transfer_id": f"t-{n}"}, date(2027, 1, 1))["decision"]
        for n in range(400)
    ]
    assert 150 < drawn.count("not_eligible") < 250  # about half, and the same every time
    again = [
        agency.decision({**base, "transfer_id": f"t-{n}"}, date(2027, 1, 1))["decision"]
        for n in range(400)
    ]
    assert drawn == again


def _two_children_referred(settings, tmp_path):
    """Luna's household renewed with Tito and Lala referred to CHIP; the records sent."""
    application = _lunas_household()
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    records = _transferred(tmp_path)
    assert sorted(r["person"]["first_name"] for r in records) == ["Lala", "Tito"]
    settings.MARKETPLACE_TODAY = READ_ON
    return application, records


def _lunas_household():
    """Luna's household enrolled for 2026, her income now low enough for CHIP for both."""
    spec = household(
        "Lunason",
        [
            P("Luna", 38, "self", "female", wages_yearly=120000),
            P("Tito", 10, "child", "male"),
            P("Lala", 8, "child", "female"),
        ],
    )
    _user, policy = enrolled(spec, by_name("Standard Silver"))
    IncomeItem.objects.filter(member__application=policy.application).update(
        amount=Decimal("45000")
    )
    return policy.application


def _eligibility_notices(application) -> list:
    return list(Notice.objects.filter(user=application.owner, kind="eligibility").order_by("id"))


def test_two_children_turned_down_on_the_same_day_share_one_period_and_one_notice(
    settings, tmp_path
):
    application, records = _two_children_referred(settings, tmp_path)
    notices_before = _eligibility_notices(application)

    said = _read(_decisions(tmp_path, *(_decision(r["transfer_id"]) for r in records)))
    assert "2 not eligible, households redetermined" in said

    latest = application.determinations.first()
    assert [m["aptc"] for m in latest.result["members"]] == [True, True, True]
    [period] = SpecialEnrollmentPeriod.objects.filter(application=application)
    children = Member.objects.filter(application=application, relationship="child")
    assert sorted(period.members) == sorted(str(m.public_id) for m in children)
    # One change a person, one notice for the household: its determination after both.
    assert ReportedChange.objects.filter(application=application).count() == 2
    [notice] = _eligibility_notices(application)[len(notices_before) :]
    assert notice.related_id == str(latest.pk)
    english = _text(notice, "en")
    assert "Tito" in english and "Lala" in english

    _read(_decisions(tmp_path, *(_decision(r["transfer_id"]) for r in records)))
    assert len(_eligibility_notices(application)) == len(notices_before) + 1


def test_one_unusable_decision_about_a_household_leaves_the_others_and_one_notice(
    settings, tmp_path
):
    application, records = _two_children_referred(settings, tmp_path)
    notices_before = _eligibility_notices(application)
    tito, lala = sorted(records, key=lambda r: r["person"]["first_name"], reverse=True)
    path = _decisions(
        tmp_path,
        _decision(tito["transfer_id"]),
        _decision(lala["transfer_id"], decided_on=date(2026, 1, 2)),  # before the referral
    )

    said = _read(path)

    assert "1 not eligible, households redetermined" in said
    [refused] = WorkException.objects.filter(source=Source.MEDICAID_DECISION)
    assert refused.object_id == f"{path.name}:2" and "decided_on" in refused.message
    referrals = {r.member.first_name: r for r in MedicaidReferral.objects.all()}
    assert referrals["Tito"].decision == "not_eligible" and referrals["Lala"].decision == ""
    latest = application.determinations.first()
    assert [m["aptc"] for m in latest.result["members"]] == [True, True, False]
    [notice] = _eligibility_notices(application)[len(notices_before) :]
    assert notice.related_id == str(latest.pk)


def test_a_caseworker_sees_the_referral_and_what_the_agency_decided(tito, tmp_path):
    user, _application, record = tito
    carla = staff_client("caseworker")
    page = f"/casework/households/{user.pk}/"
    waiting = carla.get(page).content.decode()
    assert "Medicaid/CHIP referrals" in waiting and "Tito Rosason" in waiting
    assert "waiting" in _row(waiting, "Tito Rosason")
    _read(_decisions(tmp_path, _decision(record["transfer_id"])))
    decided = carla.get(page).content.decode()
    row = _row(decided, "Tito Rosason")
    assert "CHIP" in row and "Not eligible" in row and "12/09/2026" in row
    assert "Income over the CHIP limit as the agency counted it" in row
    changes = decided.split('id="section-changes"', 1)[1].split("</table>", 1)[0]
    assert "The state Medicaid or CHIP agency found a person not eligible" in changes
    assert "the state Medicaid/CHIP agency" in changes


def _row(html: str, name: str) -> str:
    """The table row of the referrals section that names `name`."""
    section = html.split('id="section-medicaid_referrals"', 1)[1].split("</table>", 1)[0]
    return next(row for row in section.split("<tr")[1:] if name in row)


def test_after_open_enrollment_tito_rejoins_from_the_next_month(tito, tmp_path, settings):
    """The agency decides in February: Tito goes back on the re-enrolled policy from March 1
    (the first of the month after), and his (d)(11) period lets the household change plans."""
    _user, application, record = tito
    settings.MARKETPLACE_TODAY = date(2027, 2, 3)
    said = _read(
        _decisions(tmp_path, _decision(record["transfer_id"], decided_on=date(2027, 2, 1)))
    )
    assert "1 not eligible, households redetermined" in said
    [change] = ReportedChange.objects.filter(application=application, kind="medicaid_chip_denied")
    [added] = change.effects
    assert added["names"] == ["Tito Rosason"] and added["start"] == "2027-03-01"
    [period] = SpecialEnrollmentPeriod.objects.filter(application=application)
    assert period.closes == date(2027, 4, 2)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="workers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_read_a_file_about_several_households(settings, tmp_path):
    """Rosa's Tito and Luna's two children in one file, read on two processes: each household
    redetermined once with one notice; read again, everything is already recorded."""
    rosa, _policy = dropping_a_child()
    luna = _lunas_household().owner
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    records = _transferred(tmp_path)
    assert len(records) == 3
    settings.MARKETPLACE_TODAY = READ_ON
    before = {u.pk: Notice.objects.filter(user=u, kind="eligibility").count() for u in (rosa, luna)}
    path = _decisions(tmp_path, *(_decision(r["transfer_id"]) for r in records))

    out = StringIO()
    call_command("medicaid-decisions-import", str(path), "--workers", "2", stdout=out)

    assert "Read 3 decisions" in out.getvalue()
    assert "3 not eligible, households redetermined" in out.getvalue()
    for user in (rosa, luna):
        after = Notice.objects.filter(user=user, kind="eligibility").count()
        assert after == before[user.pk] + 1
    assert ReportedChange.objects.count() == 3
    out = StringIO()
    call_command("medicaid-decisions-import", str(path), "--workers", "2", stdout=out)
    assert "3 already recorded" in out.getvalue() and ReportedChange.objects.count() == 3


def test_workers_are_counted_and_need_postgresql(tito, tmp_path):
    path = _decisions(tmp_path, _decision(tito[2]["transfer_id"]))
    with pytest.raises(CommandError, match="--workers must be at least 1"):
        call_command("medicaid-decisions-import", str(path), "--workers", "0")
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="needs PostgreSQL"):
            call_command("medicaid-decisions-import", str(path), "--workers", "2")


def test_the_simulated_agency_counts_the_week_from_the_states_day(settings):
    """An evening referral in Boston is the next day in UTC, the file's time: the week runs
    from the state's day (a test that failed every evening until it did)."""
    settings.TIME_ZONE = "America/New_York"
    agency = SimulatedMedicaidAgency(not_eligible_share=0)
    evening = {"transfer_id": "t-1", "referred_at": "2026-12-03T01:30:00+00:00"}  # Dec 2, 20:30
    assert agency.decision(evening, date(2027, 1, 1))["decided_on"] == "2026-12-09"
