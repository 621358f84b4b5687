"""An expedited appeal's decision is due 3 working days after the request (45 CFR
155.545(b)(3)): weekends and the state's legal holidays (5 U.S.C. 6103; M.G.L. c. 4, s. 7)
are skipped, on the days they are kept (ADR 1007)."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.appeals import actions
from marketplace.audit.models import AuditEvent
from marketplace.core import working_days
from tests.appeals.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("received", "today", "due"),
    [
        # Wednesday before Thanksgiving (Thursday, Nov. 27): Fri, Mon, Tue.
        (date(2025, 11, 26), date(2025, 12, 1), date(2025, 12, 2)),
        # Tuesday before Christmas (Thursday): Wed 24, Fri 26, Mon 29.
        (date(2025, 12, 23), date(2026, 1, 6), date(2025, 12, 29)),
        # New Year's Eve (New Year's Day a Thursday): Fri 2, Mon 5, Tue 6.
        (date(2025, 12, 31), date(2026, 1, 6), date(2026, 1, 6)),
    ],
    ids=["thanksgiving", "christmas", "new-year"],
)
def test_a_granted_expedited_appeal_skips_the_holidays(
    enrolled_sam, sue, settings, received, today, due
):
    user, determination, _ = enrolled_sam
    settings.MARKETPLACE_TODAY = today
    appeal = actions.request_appeal(
        appellant=user,
        determination=determination,
        reason="Chemotherapy cannot wait.",
        keep_eligibility=False,
        token="7" * 32,
        received_on=received,
        expedited=True,
    )
    url = f"/appeals/staff/{appeal.public_id}/expedite/"
    assert signed_in(sue).post(url, {"ruling": "grant"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.expedited_due == due
    ruled = AuditEvent.objects.get(action="appeal.expedited_ruled")
    assert ruled.detail["due"] == due.isoformat()


def test_a_saturday_holiday_is_kept_on_friday_and_a_sunday_one_on_monday():
    # Christmas 2027 is a Saturday, New Year's Day 2028 too, Independence Day 2027 a Sunday.
    federal = working_days.holidays(2027, "NC")
    assert federal[date(2027, 12, 24)] == "Christmas Day"
    assert federal[date(2027, 12, 31)] == "New Year's Day"
    assert federal[date(2027, 7, 5)] == "Independence Day"
    assert date(2027, 12, 25) not in federal and date(2027, 7, 4) not in federal
    assert working_days.working_days_after(date(2027, 12, 23), 1, "NC") == date(2027, 12, 27)


def test_massachusetts_keeps_its_offices_open_the_friday_before_a_saturday_holiday():
    assert working_days.is_working_day(date(2027, 12, 24), "MA")
    assert not working_days.is_working_day(date(2027, 7, 5), "MA")  # Sunday: Monday after
    assert working_days.working_days_after(date(2027, 12, 30), 1, "MA") == date(2027, 12, 31)


def test_patriots_day_is_a_massachusetts_holiday_only():
    assert working_days.holidays(2026, "MA")[date(2026, 4, 20)] == "Patriots' Day"
    assert working_days.is_working_day(date(2026, 4, 20), "NC")
    assert working_days.working_days_after(date(2026, 4, 17), 1, "MA") == date(2026, 4, 21)


def test_a_year_without_state_data_keeps_the_federal_days():
    assert working_days.holidays(2031, "MA")[date(2031, 11, 27)] == "Thanksgiving Day"
    assert date(2031, 4, 21) not in working_days.holidays(2031, "MA")  # not listed yet
