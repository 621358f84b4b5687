"""The paragraphs of 45 CFR 155.420 in force that events.yaml did not model before ADR 0715:
(d)(2)(i) a court order, (d)(6)(iii) employer coverage no longer affordable, (d)(6)(iv) the
coverage gap left behind, (d)(6)(v) a drop in income, (d)(11) a late Medicaid or CHIP denial,
(d)(13) eligibility proved after a termination, (d)(14) an individual coverage HRA or QSEHRA.
Windows at both edges ((c)), effective dates ((b)), plan limits ((a)(4)), prior coverage
((a)(5)) and documents before coverage ((g))."""

from datetime import date, timedelta

import pytest

from aca_rules import sep

NEW = (
    "court_order_dependent",
    "employer_coverage_unaffordable",
    "coverage_gap_move",
    "coverage_gap_income_change",
    "income_drop_newly_aptc",
    "medicaid_chip_denied",
    "verified_after_termination",
    "individual_coverage_hra",
    "individual_coverage_hra_no_notice",
)


@pytest.mark.parametrize(
    ("code", "paragraph"),
    [
        ("court_order_dependent", "(d)(2)(i)"),
        ("employer_coverage_unaffordable", "(d)(6)(iii)"),
        ("coverage_gap_move", "(d)(6)(iv)"),
        ("coverage_gap_income_change", "(d)(6)(iv)"),
        ("income_drop_newly_aptc", "(d)(6)(v)"),
        ("medicaid_chip_denied", "(d)(11)"),
        ("verified_after_termination", "(d)(13)"),
        ("individual_coverage_hra", "(d)(14)"),
        ("individual_coverage_hra_no_notice", "(d)(14)"),
    ],
)
def test_each_paragraph_is_cited_and_dated(code, paragraph):
    event = sep.event(code)
    assert event.citation.startswith(f"45 CFR 155.420{paragraph}")
    assert event.confirmed


@pytest.mark.parametrize(
    ("code", "event_day", "first_day", "last_day"),
    [
        # 60 days after the event (155.420(c)(1)): day 60 in, day 61 out.
        ("court_order_dependent", date(2026, 4, 10), date(2026, 4, 10), date(2026, 6, 9)),
        ("coverage_gap_income_change", date(2026, 5, 20), date(2026, 5, 20), date(2026, 7, 19)),
        ("income_drop_newly_aptc", date(2026, 5, 20), date(2026, 5, 20), date(2026, 7, 19)),
        ("medicaid_chip_denied", date(2026, 2, 1), date(2026, 2, 1), date(2026, 4, 2)),
        ("verified_after_termination", date(2026, 10, 1), date(2026, 10, 1), date(2026, 11, 30)),
        # 60 days before and after (155.420(c)(2); for (d)(6)(iv) at the Exchange's option).
        ("employer_coverage_unaffordable", date(2026, 6, 30), date(2026, 5, 1), date(2026, 8, 29)),
        ("coverage_gap_move", date(2026, 3, 15), date(2026, 1, 14), date(2026, 5, 14)),
        # 60 days before only (155.420(c)(3)): the day before the event is the last.
        ("individual_coverage_hra", date(2027, 1, 1), date(2026, 11, 2), date(2026, 12, 31)),
        # ... before or after when no notice was due 90 days before the plan year.
        (
            "individual_coverage_hra_no_notice",
            date(2026, 7, 1),
            date(2026, 5, 2),
            date(2026, 8, 30),
        ),
    ],
)
def test_window_edges(code, event_day, first_day, last_day):
    period = sep.period(code, event_day)
    assert (period.opens, period.closes) == (first_day, last_day)
    assert period.contains(first_day) and period.contains(last_day)
    assert not period.contains(first_day - timedelta(days=1))
    assert not period.contains(last_day + timedelta(days=1))
    assert (first_day - event_day).days in (0, -60)
    assert (last_day - event_day).days in (-1, 60)


def test_an_individual_coverage_hra_period_is_closed_on_the_day_it_starts():
    period = sep.period("individual_coverage_hra", date(2027, 1, 1))
    assert not period.contains(date(2027, 1, 1))
    assert period.contains(date(2027, 1, 1) - timedelta(days=60))
    assert not period.contains(date(2027, 1, 1) - timedelta(days=61))


def test_a_court_order_covers_from_its_effective_date_with_savings_from_the_next_month():
    period = sep.period("court_order_dependent", date(2026, 4, 10))
    assert period.coverage_start(date(2026, 5, 1)) == date(2026, 4, 10)
    assert period.subsidies_start(date(2026, 5, 1)) == date(2026, 5, 1)


@pytest.mark.parametrize(
    ("code", "event_day", "selected", "start"),
    [
        # (b)(2)(vi): chosen before a first: coverage on that first.
        ("individual_coverage_hra", date(2027, 1, 1), date(2026, 12, 15), date(2027, 1, 1)),
        # chosen before a mid-month start: the first of the month after it.
        ("individual_coverage_hra", date(2026, 7, 15), date(2026, 6, 20), date(2026, 8, 1)),
        # chosen on or after the event: the first of the month after the choice.
        ("individual_coverage_hra_no_notice", date(2026, 7, 1), date(2026, 7, 1), date(2026, 8, 1)),
        (
            "individual_coverage_hra_no_notice",
            date(2026, 7, 1),
            date(2026, 8, 30),
            date(2026, 9, 1),
        ),
        # (b)(2)(iv): employer coverage ending June 30, chosen ahead: July 1; afterwards: later.
        ("employer_coverage_unaffordable", date(2026, 6, 30), date(2026, 6, 10), date(2026, 7, 1)),
        ("employer_coverage_unaffordable", date(2026, 6, 30), date(2026, 7, 15), date(2026, 8, 1)),
        ("coverage_gap_move", date(2026, 3, 15), date(2026, 2, 1), date(2026, 4, 1)),
        # (b)(1), (b)(2)(iii): the first of the month after the choice.
        ("medicaid_chip_denied", date(2026, 2, 1), date(2026, 2, 20), date(2026, 3, 1)),
        ("verified_after_termination", date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 1)),
        ("income_drop_newly_aptc", date(2026, 5, 20), date(2026, 7, 19), date(2026, 8, 1)),
        ("coverage_gap_income_change", date(2026, 5, 20), date(2026, 5, 20), date(2026, 6, 1)),
    ],
)
def test_effective_dates(code, event_day, selected, start):
    assert sep.period(code, event_day).coverage_start(selected) == start


def test_an_hra_lets_an_enrollee_change_to_any_metal_level():
    """155.420(a)(4)(iii) excepts (d)(14): any plan."""
    period = sep.period("individual_coverage_hra", date(2027, 1, 1))
    assert period.allows(enrolled_metal="Gold", new_metal="Bronze")


@pytest.mark.parametrize(
    "code",
    [
        "employer_coverage_unaffordable",
        "coverage_gap_move",
        "coverage_gap_income_change",
        "income_drop_newly_aptc",
        "medicaid_chip_denied",
        "verified_after_termination",
        "court_order_dependent",
    ],
)
def test_the_others_keep_an_enrollee_in_the_metal_level(code):
    """(a)(4)(iii)(A) for (d)(6)(iii)-(v), (d)(11), (d)(13); (a)(4)(i) for (d)(2)(i)."""
    period = sep.period(code, date(2026, 6, 1))
    assert not period.allows(enrolled_metal="Silver", new_metal="Gold")
    assert period.allows(enrolled_metal="Silver", new_metal="Silver")
    assert period.allows(enrolled_metal=None, new_metal="Gold")


def test_only_a_drop_in_income_needs_coverage_in_the_60_days_before():
    needs = {code for code in NEW if sep.event(code).prior_coverage}
    assert needs == {"income_drop_newly_aptc"}  # (d)(6)(v)(C); (d)(6)(iv) has no such condition


def test_documents_before_coverage_where_the_event_is_outside_our_records():
    checked = {code for code in NEW if sep.event(code).verify_before_coverage}
    assert checked == {
        "court_order_dependent",
        "employer_coverage_unaffordable",
        "coverage_gap_move",
        "medicaid_chip_denied",
        "individual_coverage_hra",
        "individual_coverage_hra_no_notice",
    }


def test_eligibility_proved_after_a_termination_is_granted_by_a_caseworker():
    granted = {code for code in NEW if sep.event(code).granted_by_caseworker}
    assert granted == {"verified_after_termination"}


def test_an_empty_window_in_the_data_is_refused(tmp_path, monkeypatch):
    data = tmp_path / "events.yaml"
    data.write_text(
        "events:\n  nothing:\n    label: x\n    citation: 45 CFR 155.420\n"
        "    days_before: 0\n    days_after: -1\n    effective: after_selection\n"
        "    category: any\n    prior_coverage: false\n    verify_before_coverage: false\n"
        "    income_based: false\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sep, "DATA", data)
    sep.events.cache_clear()
    try:
        with pytest.raises(ValueError, match="nothing"):
            sep.events()
    finally:
        monkeypatch.undo()
        sep.events.cache_clear()
