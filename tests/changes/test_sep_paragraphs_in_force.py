"""The paragraphs of 45 CFR 155.420 added in ADR 0715, asked through the screener (by POST)
at their window edges, and (d)(13) granted from the caseworker's grant page; English and
Spanish."""

from __future__ import annotations

import re
from datetime import date

import pytest

from marketplace.changes.models import SpecialEnrollmentPeriod
from marketplace.enrollment import actions
from tests.changes.sep_support import checkout, follow
from tests.staff import caseworker

pytestmark = pytest.mark.django_db

SCREENER = "/changes/periods/"
REPORTED = (
    "court_order_dependent",
    "employer_coverage_unaffordable",
    "coverage_gap_move",
    "coverage_gap_income_change",
    "income_drop_newly_aptc",
    "medicaid_chip_denied",
    "individual_coverage_hra",
    "individual_coverage_hra_no_notice",
)


def _ask(client, settings, today: str, event: str, event_date: str, **more) -> str:
    settings.MARKETPLACE_TODAY = date.fromisoformat(today)
    page = client.post(SCREENER, {"event": event, "event_date": event_date, **more})
    assert page.status_code == 200
    return page.content.decode()


def _answer(html: str) -> str:
    return html.split('id="answer"', 1)[1]


def test_the_screener_offers_the_new_events_a_person_reports(client):
    html = client.get(SCREENER).content.decode()
    for code in REPORTED:
        assert f'value="{code}"' in html
    assert 'value="verified_after_termination"' not in html


@pytest.mark.parametrize(
    ("today", "says_open"),
    [("2026-04-02", True), ("2026-04-03", False)],  # day 60, day 61
)
def test_a_late_medicaid_denial_gives_60_days(client, settings, today, says_open):
    html = _answer(_ask(client, settings, today, "medicaid_chip_denied", "2026-02-01"))
    assert "Feb. 1, 2026 to April 2, 2026" in html
    assert ("(open now)" in html) is says_open
    assert "45 CFR 155.420(d)(11)" in html
    assert "We check a document about the event before your coverage starts." in html


@pytest.mark.parametrize(
    ("today", "says_open"),
    [("2026-11-01", False), ("2026-11-02", True), ("2026-12-31", True), ("2027-01-01", False)],
)
def test_an_individual_coverage_hra_gives_the_60_days_before_it(client, settings, today, says_open):
    """155.420(c)(3): day 61 before is too early, day 60 before opens, the day before the
    arrangement starts is the last; coverage then starts with it ((b)(2)(vi))."""
    html = _answer(_ask(client, settings, today, "individual_coverage_hra", "2027-01-01"))
    assert "Nov. 2, 2026 to Dec. 31, 2026" in html
    assert ("(open now)" in html) is says_open
    if says_open:
        assert re.search(r"Coverage would start</dt><dd>Jan. 1, 2027<", html)
    assert "Any plan." in html


@pytest.mark.parametrize(
    ("today", "says_open"),
    [("2026-08-30", True), ("2026-08-31", False)],
)
def test_an_hra_without_the_90_day_notice_also_gives_60_days_after(
    client, settings, today, says_open
):
    html = _answer(_ask(client, settings, today, "individual_coverage_hra_no_notice", "2026-07-01"))
    assert "May 2, 2026 to Aug. 30, 2026" in html
    assert ("(open now)" in html) is says_open


@pytest.mark.parametrize(
    ("today", "says_open"),
    [("2026-04-30", False), ("2026-05-01", True), ("2026-08-29", True), ("2026-08-30", False)],
)
def test_employer_coverage_no_longer_affordable_gives_60_days_before_and_after(
    client, settings, today, says_open
):
    html = _answer(_ask(client, settings, today, "employer_coverage_unaffordable", "2026-06-30"))
    assert ("(open now)" in html) is says_open
    assert "45 CFR 155.420(d)(6)(iii)" in html


def test_a_move_out_of_the_coverage_gap_needs_no_prior_coverage(client, settings):
    html = _answer(_ask(client, settings, "2026-03-01", "coverage_gap_move", "2026-03-15"))
    assert "(open now)" in html and "no-prior-coverage" not in html
    assert "Jan. 14, 2026 to May 14, 2026" in html
    assert re.search(r"Coverage would start</dt><dd>April 1, 2026<", html)


@pytest.mark.parametrize(("answer", "says_open"), [("", False), ("coverage", True)])
def test_a_drop_in_income_needs_coverage_in_the_60_days_before(client, settings, answer, says_open):
    html = _answer(
        _ask(
            client,
            settings,
            "2026-07-19",  # day 60
            "income_drop_newly_aptc",
            "2026-05-20",
            prior_coverage=answer,
        )
    )
    assert ("(open now)" in html) is says_open
    assert ('id="no-prior-coverage"' in html) is not says_open


def test_a_court_order_covers_from_its_date(client, settings):
    html = _answer(_ask(client, settings, "2026-06-09", "court_order_dependent", "2026-04-10"))
    assert "(open now)" in html  # day 60
    assert re.search(r"Coverage would start</dt><dd>April 10, 2026<", html)
    html = _answer(_ask(client, settings, "2026-06-10", "court_order_dependent", "2026-04-10"))
    assert "(not open today)" in html  # day 61


def test_a_caseworker_grants_eligibility_proved_after_a_termination(client, okafor):
    _, application, _ = okafor
    caseworker(client)
    grant = follow(client, f"/changes/staff/{application.public_id}/", "/grant/")
    assert 'value="verified_after_termination"' in client.get(grant).content.decode()
    answer = client.post(
        grant,
        {
            "event": "verified_after_termination",
            "event_date": "2026-04-05",
            "reason": "Income documents accepted after the data-matching termination",
        },
    )
    assert answer.status_code == 302
    period = SpecialEnrollmentPeriod.objects.get(application=application)
    assert (period.event, str(period.opens), str(period.closes)) == (
        "verified_after_termination",
        "2026-04-05",
        "2026-06-04",
    )


def test_the_new_events_are_named_in_spanish(client, settings):
    client.cookies["marketplace_language"] = "es"
    html = client.get(SCREENER).content.decode()
    assert "orden de manutención de menores u otra orden judicial" in html
    assert "HRA de cobertura individual o un QSEHRA" in html
    assert "no es elegible para Medicaid o CHIP" in html
    assert "un estado que no amplió Medicaid" in html
    assert "una baja de ingresos" in html


def test_the_screener_sends_a_signed_in_person_to_a_caseworker_for_a_court_order(
    client, settings, uninsured
):
    user, _, _ = uninsured
    client.force_login(user)
    html = _answer(_ask(client, settings, "2026-04-20", "court_order_dependent", "2026-04-10"))
    assert 'id="shown-to-caseworker"' in html
    assert "Report a change" not in html


def test_the_grant_page_offers_the_events_a_person_shows_a_caseworker(client, okafor):
    _, application, _ = okafor
    caseworker(client)
    grant = follow(client, f"/changes/staff/{application.public_id}/", "/grant/")
    html = client.get(grant).content.decode()
    for code in (*REPORTED, "cobra_subsidy_ends", "verified_after_termination"):
        assert f'value="{code}"' in html, code
    for code in ("low_income_monthly", "birth_or_adoption", "permanent_move"):
        assert f'value="{code}"' not in html, code


@pytest.mark.parametrize(
    ("on", "start"),
    [
        (date(2026, 5, 1), None),
        (date(2026, 5, 2), date(2026, 7, 1)),
        (date(2026, 6, 30), date(2026, 7, 1)),
        (date(2026, 7, 1), None),
    ],
)
def test_an_hra_period_opened_by_a_caseworker_is_used_at_checkout_60_days_before(
    client, uninsured, on, start
):
    """An employer's individual coverage HRA can first take effect on July 1: a caseworker
    opens the period from the notice; the plan is chosen from day 60 before to the day
    before (155.420(c)(3)) and covers from July 1 ((b)(2)(vi))."""
    user, application, latest = uninsured
    caseworker(client)
    grant = follow(client, f"/changes/staff/{application.public_id}/", "/grant/")
    answer = client.post(
        grant,
        {
            "event": "individual_coverage_hra",
            "event_date": "2026-07-01",
            "reason": "Employer's ICHRA notice: coverage can start July 1, 2026",
        },
    )
    assert answer.status_code == 302
    if start is None:
        with pytest.raises(actions.EnrollmentError) as exc:
            checkout(user, latest, on=on)
        assert exc.value.code == "outside_open_enrollment"
    else:
        assert checkout(user, latest, on=on).coverage_start == start
