"""Appeals in the casework area: the "appeals" work queue and the household page's "Appeals"
section, registered with casework's hooks from `AppealsConfig.ready()` (casework sits below
appeals, so it offers the hooks and appeals plugs in: ADR 1800)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from marketplace.appeals import states
from marketplace.appeals.models import Appeal
from marketplace.casework import household, queues

#: 45 CFR 155.545(b)(1): the decision is issued within 90 days of the appeal request.
DECISION_DAYS = 90


def _open():
    return Appeal.objects.filter(status__in=states.OPEN)


def _describe(appeal: Appeal) -> str:
    text = f"{appeal.number}: {appeal.get_status_display()} ({appeal.get_channel_display()})"
    if appeal.expedited_due:
        return f"{text}, {_('expedited, due')} {_day(appeal.expedited_due)}"
    return text


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _rows(owner, user) -> list[tuple]:
    rows = []
    for appeal in Appeal.objects.filter(appellant=owner).order_by("-received_on", "-id")[:100]:
        rows.append(
            (
                appeal.number,
                _day(appeal.received_on),
                appeal.get_channel_display(),
                appeal.get_status_display(),
                _day(appeal.hearing_at.date()) if appeal.hearing_at else "—",
                appeal.get_outcome_display() or "—",
            )
        )
    return rows


def register() -> None:
    queues.register_queue(
        queues.Queue(
            key="appeals",
            title=_("Appeals"),
            overdue_days=DECISION_DAYS,
            open_items=_open,
            opened="created_at",
            link=lambda row: reverse("appeals:staff_detail", args=[row.public_id]),
            describe=_describe,
        )
    )
    household.register_section(
        household.Section(
            key="appeals",
            title=_("Appeals"),
            columns=(
                _("Appeal"),
                _("Received"),
                _("How"),
                _("Status"),
                _("Hearing"),
                _("Decision"),
            ),
            rows=_rows,
        )
    )
