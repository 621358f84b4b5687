"""The dates the law sets for an inconsistency (docs/adr/0700-notices-and-verification.md).

45 CFR 155.315(f)(2)(ii): the person has 90 days from the date on which the notice is received
to resolve the inconsistency. We presume the notice is received 5 days after it is dated (the
mailing presumption; 45 CFR 155.315(f)(2)(ii) read with 155.230), so the due date is the
opening date plus 95 days. Reminders go out on days 30, 60 and 85.
"""

from __future__ import annotations

from datetime import date, timedelta

RESOLUTION_DAYS = 90
MAIL_DAYS = 5
REMINDER_DAYS = (30, 60, 85)


def due_date(opened: date) -> date:
    return opened + timedelta(days=RESOLUTION_DAYS + MAIL_DAYS)
