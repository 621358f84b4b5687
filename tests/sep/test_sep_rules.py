"""Special enrollment periods as data (45 CFR 155.420): windows at their edges, the
effective-date rules, the plan-category limits and the income-based period's credit bar."""

from datetime import date

import pytest

from aca_rules import sep


def test_every_event_cites_45_cfr_155_420():
    for event in sep.events().values():
        assert event.citation.startswith("45 CFR 155.420"), event.code


def test_unknown_event_is_refused_by_name():
    with pytest.raises(sep.UnknownEvent):
        sep.event("won_the_lottery")


@pytest.mark.parametrize(
    ("code", "event_day", "first_day", "last_day"),
    [
        # 60 days before and after a loss of coverage or a move (155.420(c)(2)).
        ("loss_of_coverage", date(2026, 6, 30), date(2026, 5, 1), date(2026, 8, 29)),
        ("permanent_move", date(2026, 3, 15), date(2026, 1, 14), date(2026, 5, 14)),
        # 60 days after the event only (155.420(c)(1)).
        ("birth_or_adoption", date(2026, 4, 10), date(2026, 4, 10), date(2026, 6, 9)),
        ("marriage", date(2026, 9, 5), date(2026, 9, 5), date(2026, 11, 4)),
        ("loss_of_dependent", date(2026, 2, 1), date(2026, 2, 1), date(2026, 4, 2)),
        ("newly_lawfully_present", date(2026, 7, 1), date(2026, 7, 1), date(2026, 8, 30)),
        ("subsidy_eligibility_change", date(2026, 5, 20), date(2026, 5, 20), date(2026, 7, 19)),
        # 60 days before, at the Exchange's option, and after (155.420(c)(2), (d)(3)).
        ("release_from_incarceration", date(2026, 8, 1), date(2026, 6, 2), date(2026, 9, 30)),
        ("exceptional_circumstances", date(2026, 10, 1), date(2026, 10, 1), date(2026, 11, 30)),
        # Once a month (155.420(d)(16)), once its pause is over (90 FR 27074).
        ("low_income_monthly", date(2027, 3, 1), date(2027, 3, 1), date(2027, 3, 31)),
        # 90 days after a loss of Medicaid or CHIP (155.420(c)(6)), 60 before ((c)(2)).
        ("loss_of_medicaid_chip", date(2026, 6, 30), date(2026, 5, 1), date(2026, 9, 28)),
        # COBRA contributions or subsidies cease (155.420(d)(15), (c)(2)).
        ("cobra_subsidy_ends", date(2026, 6, 30), date(2026, 5, 1), date(2026, 8, 29)),
    ],
)
def test_window_edges(code, event_day, first_day, last_day):
    period = sep.period(code, event_day)
    assert (period.opens, period.closes) == (first_day, last_day)
    assert period.contains(first_day) and period.contains(last_day)
    assert not period.contains(first_day.fromordinal(first_day.toordinal() - 1))
    assert not period.contains(last_day.fromordinal(last_day.toordinal() + 1))


def test_birth_covers_from_the_date_of_birth_with_savings_from_the_next_month():
    period = sep.period("birth_or_adoption", date(2026, 4, 10))
    assert period.coverage_start(date(2026, 5, 30)) == date(2026, 4, 10)
    assert period.subsidies_start(date(2026, 5, 30)) == date(2026, 5, 1)


def test_birth_on_the_first_has_savings_from_that_day():
    period = sep.period("birth_or_adoption", date(2026, 4, 1))
    assert period.subsidies_start(date(2026, 4, 20)) == date(2026, 4, 1)


def test_loss_of_coverage_chosen_ahead_starts_the_day_after_the_old_coverage_ends():
    """155.420(d)(1)(i): the event date is the last day of the old coverage (June 30);
    (b)(2)(iv): chosen on or before it, coverage starts the first of the next month."""
    period = sep.period("loss_of_coverage", date(2026, 6, 30))
    assert period.coverage_start(date(2026, 6, 10)) == date(2026, 7, 1)
    assert period.coverage_start(date(2026, 6, 30)) == date(2026, 7, 1)


def test_loss_of_coverage_chosen_afterwards_starts_the_month_after_the_choice():
    period = sep.period("loss_of_coverage", date(2026, 6, 30))
    assert period.coverage_start(date(2026, 7, 1)) == date(2026, 8, 1)
    assert period.coverage_start(date(2026, 8, 29)) == date(2026, 9, 1)


def test_marriage_starts_the_month_after_the_choice():
    period = sep.period("marriage", date(2026, 9, 5))
    assert period.coverage_start(date(2026, 9, 30)) == date(2026, 10, 1)
    assert period.coverage_start(date(2026, 12, 31)) == date(2027, 1, 1)


def test_plan_category_limits_keep_an_enrollee_in_the_same_metal_level():
    period = sep.period("permanent_move", date(2026, 3, 15))
    assert period.allows(enrolled_metal="Silver", new_metal="silver")
    assert not period.allows(enrolled_metal="Silver", new_metal="Gold")
    assert period.allows(enrolled_metal="Expanded Bronze", new_metal="Bronze")
    assert period.allows(enrolled_metal=None, new_metal="Gold")  # not enrolled: any plan


def test_exceptional_circumstances_allow_any_plan():
    period = sep.period("exceptional_circumstances", date(2026, 3, 15))
    assert period.allows(enrolled_metal="Bronze", new_metal="Gold")


def test_no_premium_tax_credit_through_an_income_based_period_from_2026():
    period = sep.period("low_income_monthly", date(2026, 3, 1))
    assert period.ptc_allowed(2025)
    assert not period.ptc_allowed(2026)
    assert not period.ptc_allowed(2027)
    assert sep.period("marriage", date(2026, 3, 1)).ptc_allowed(2026)


def test_pre_enrollment_verification_where_155_420_g_calls_for_it():
    assert sep.event("loss_of_coverage").verify_before_coverage
    assert sep.event("permanent_move").verify_before_coverage
    assert not sep.event("subsidy_eligibility_change").verify_before_coverage


def test_reported_changes_open_their_periods():
    codes = {p.event.code for p in sep.for_change("birth", date(2026, 4, 10))}
    assert codes == {"birth_or_adoption"}
    assert sep.for_change("tobacco", date(2026, 4, 10)) == []


def test_newly_eligible_for_cost_sharing_reductions_may_change_to_silver():
    """155.420(a)(4)(ii)(A): a bronze or gold enrollee newly eligible for CSR may move to
    silver, and no further."""
    period = sep.period("subsidy_eligibility_change", date(2026, 4, 10))
    assert period.allows(enrolled_metal="Bronze", new_metal="Silver", csr_change="gained")
    assert period.allows(enrolled_metal="Expanded Bronze", new_metal="Silver", csr_change="gained")
    assert not period.allows(enrolled_metal="Bronze", new_metal="Gold", csr_change="gained")
    assert not period.allows(enrolled_metal="Bronze", new_metal="Silver")  # no CSR change


def test_a_silver_enrollee_newly_ineligible_for_csr_may_move_one_metal_level():
    """155.420(a)(4)(ii)(B): from silver, one metal level higher or lower; never two."""
    period = sep.period("subsidy_eligibility_change", date(2026, 4, 10))
    assert period.allows(enrolled_metal="Silver", new_metal="Gold", csr_change="lost")
    assert period.allows(enrolled_metal="Silver", new_metal="Bronze", csr_change="lost")
    assert not period.allows(enrolled_metal="Silver", new_metal="Platinum", csr_change="lost")
    assert not period.allows(enrolled_metal="Gold", new_metal="Platinum", csr_change="lost")


def test_the_csr_widening_belongs_to_the_csr_period_only():
    move = sep.period("permanent_move", date(2026, 4, 10))
    assert not move.allows(enrolled_metal="Silver", new_metal="Gold", csr_change="lost")
    assert not move.allows(enrolled_metal="Bronze", new_metal="Silver", csr_change="gained")


@pytest.mark.parametrize(
    ("code", "citation", "by_caseworker", "category"),
    [
        ("exchange_error", "155.420(d)(4)", True, "any"),
        ("non_exchange_entity_error", "155.420(d)(4)", True, "any"),
        ("plan_violated_contract", "155.420(d)(5)", True, "same_metal"),
        ("american_indian_alaska_native", "155.420(d)(8)", False, "any"),
        ("domestic_abuse_or_abandonment", "155.420(d)(10)", False, "any"),
        ("plan_information_error", "155.420(d)(12)", True, "any"),
    ],
)
def test_the_events_of_d4_d5_d8_d10_d12_as_read_in_the_ecfr(
    code, citation, by_caseworker, category
):
    """45 CFR 155.420 as compiled in the eCFR (read 2026-12-03): an agent's or broker's
    misconduct is (d)(4), (d)(12) is a material error about a plan's benefits, service area or
    premium, and (d)(5) is not among the (a)(4)(iii) exceptions to the same metal level."""
    event = sep.event(code)
    assert event.citation.startswith(f"45 CFR {citation}")
    assert event.granted_by_caseworker is by_caseworker
    assert event.claimed_by_person is not by_caseworker
    assert (event.category, event.effective) == (category, "after_selection")
    assert not event.verify_before_coverage and not event.prior_coverage
    assert event.confirmed


def test_a_plan_that_violated_its_contract_keeps_an_enrollee_in_the_metal_level():
    period = sep.period("plan_violated_contract", date(2026, 4, 10))
    assert period.allows(enrolled_metal="Silver", new_metal="Silver")
    assert not period.allows(enrolled_metal="Silver", new_metal="Gold")
    assert period.allows(enrolled_metal=None, new_metal="Gold")


def test_a_claimed_once_a_month_period_is_the_calendar_month():
    event = sep.event("american_indian_alaska_native")
    day = sep.claimed_event_date(event, date(2026, 4, 20))
    period = sep.Period(event, day)
    assert (period.opens, period.closes) == (date(2026, 4, 1), date(2026, 4, 30))
    victim = sep.event("domestic_abuse_or_abandonment")
    assert sep.claimed_event_date(victim, date(2026, 4, 20)) == date(2026, 4, 20)
    assert sep.Period(victim, date(2026, 4, 20)).closes == date(2026, 6, 19)


def test_the_american_indian_period_runs_to_the_end_of_the_month():
    period = sep.period("american_indian_alaska_native", date(2026, 2, 10))
    assert (period.opens, period.closes) == (date(2026, 2, 10), date(2026, 2, 28))
    assert period.coverage_start(date(2026, 2, 27)) == date(2026, 3, 1)


def test_prior_coverage_is_looked_for_in_the_60_days_before_the_event():
    period = sep.period("permanent_move", date(2026, 4, 10))
    assert period.prior_coverage_days == (date(2026, 2, 9), date(2026, 4, 9))


# Amendments after September 2021 (read 2026-12-04 in a later eCFR compilation; ADR 0708).


@pytest.mark.parametrize(
    ("event_day", "offered"),
    [
        (date(2025, 8, 24), True),  # the day before 90 FR 27074 took effect
        (date(2025, 8, 25), False),
        (date(2026, 12, 31), False),  # the last day of plan year 2026
        (date(2027, 1, 1), True),
    ],
)
def test_the_low_income_period_is_paused_from_august_2025_through_2026(event_day, offered):
    period = sep.period("low_income_monthly", event_day)
    assert period.available is offered
    assert period.contains(event_day) is offered


def test_a_paused_period_is_not_opened_by_a_change():
    assert sep.period("loss_of_coverage", date(2026, 4, 1)).available  # no pause elsewhere
    assert all(p.available for p in sep.for_change("coverage_lost", date(2026, 4, 1)))


def test_the_low_income_period_moves_an_enrollee_to_silver_only():
    """155.420(a)(4)(ii)(D): an enrollee may change to a silver plan; someone not enrolled
    chooses any plan."""
    period = sep.period("low_income_monthly", date(2027, 3, 1))
    assert period.allows(enrolled_metal="Bronze", new_metal="Silver")
    assert period.allows(enrolled_metal="Gold", new_metal="Silver")
    assert not period.allows(enrolled_metal="Bronze", new_metal="Gold")
    assert not period.allows(enrolled_metal="Gold", new_metal="Gold")
    assert period.allows(enrolled_metal=None, new_metal="Platinum")


def test_newly_ineligible_for_aptc_may_change_to_any_metal_level():
    """155.420(a)(4)(ii)(C): from 2024, an enrollee newly ineligible for APTC may change to a
    plan of any metal level; newly eligible, only within the level (or CSR's rules)."""
    period = sep.period("subsidy_eligibility_change", date(2026, 4, 10))
    assert period.allows(enrolled_metal="Bronze", new_metal="Platinum", aptc_change="lost")
    assert period.allows(enrolled_metal="Gold", new_metal="Bronze", aptc_change="lost")
    assert not period.allows(enrolled_metal="Bronze", new_metal="Gold", aptc_change="gained")
    move = sep.period("permanent_move", date(2026, 4, 10))
    assert not move.allows(enrolled_metal="Bronze", new_metal="Gold", aptc_change="lost")


@pytest.mark.parametrize("code", ["newly_lawfully_present", "release_from_incarceration"])
def test_d3_is_not_an_exception_to_the_same_metal_level(code):
    """155.420(a)(4)(iii) lists (d)(2)(i), (d)(4), (d)(6)(i)-(ii), (d)(8), (9), (10), (12),
    (14), (16): an enrollee who newly meets 155.305(a)(1) or (2) stays in the level."""
    period = sep.period(code, date(2026, 4, 10))
    assert period.event.category == "same_metal"
    assert not period.allows(enrolled_metal="Bronze", new_metal="Gold")
    assert period.allows(enrolled_metal="Bronze", new_metal="Bronze")


def test_release_from_incarceration_has_the_loss_of_coverage_dates():
    """155.420(b)(2)(iv): a plan chosen on or before the release starts the first of the
    month after it; one chosen later, the first of the month after the selection."""
    period = sep.period("release_from_incarceration", date(2026, 8, 10))
    assert period.coverage_start(date(2026, 6, 2)) == date(2026, 9, 1)
    assert period.coverage_start(date(2026, 8, 9)) == date(2026, 9, 1)
    assert period.coverage_start(date(2026, 8, 10)) == date(2026, 9, 1)
    assert period.coverage_start(date(2026, 8, 31)) == date(2026, 9, 1)
    assert period.coverage_start(date(2026, 9, 1)) == date(2026, 10, 1)


def test_a_loss_of_medicaid_has_90_days_and_the_loss_dates():
    period = sep.period("loss_of_medicaid_chip", date(2026, 6, 30))
    assert period.coverage_start(date(2026, 6, 1)) == date(2026, 7, 1)
    assert period.coverage_start(date(2026, 9, 28)) == date(2026, 10, 1)
    assert period.event.verify_before_coverage and not period.event.prior_coverage
    assert sep.for_change("medicaid_chip_lost", date(2026, 6, 30))[0].event.code == (
        "loss_of_medicaid_chip"
    )


def test_the_cobra_period_keeps_an_enrollee_in_the_metal_level():
    period = sep.period("cobra_subsidy_ends", date(2026, 6, 30))
    assert period.event.citation.startswith("45 CFR 155.420(d)(15)")
    assert not period.allows(enrolled_metal="Silver", new_metal="Gold")
    assert period.coverage_start(date(2026, 6, 15)) == date(2026, 7, 1)
