"""Reported changes in the casework area: the "change reports" work queue and the household
page's "Reported changes" section.

The changes app sits below casework (ADR 1800), so casework reads its rows directly and fills
its own hooks (`register_queue`, `register_section`) from `CaseworkConfig.ready()`, as the
appeals app, above casework, does from its own. A change is worked by casework when it left
something the exchange could not do by itself (its `followups`: a policy that could not be
changed, a person to add by hand); it leaves the queue when a caseworker marks it done
(`changes.actions.close_followups`, on the change's casework page)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.casework import household, queues
from marketplace.changes.kinds import MEDICAID_DENIED, label
from marketplace.changes.models import ReportedChange

#: The exchange's own service standard for what a change leaves to casework: changes take
#: effect from the first of the next month (45 CFR 155.330(f)(1)), so ten days leaves time.
SERVICE_DAYS = 10


def _open():
    return ReportedChange.objects.exclude(followups="").filter(followups_done_at=None)


def _label(change: ReportedChange) -> str:
    return label(change.kind)


def _reporter(change: ReportedChange) -> str:
    if change.kind == MEDICAID_DENIED:  # read from the agency's file (docs/adr/0713)
        return _("the state Medicaid/CHIP agency")
    return _("a caseworker") if change.by_caseworker else _("the household")


def _rows(owner, user) -> list[tuple]:
    rows = []
    changes = ReportedChange.objects.filter(application__owner=owner).order_by(
        "-created_at", "-id"
    )[:100]
    for change in changes:
        if not change.followups:
            left = _("nothing")
        elif change.followups_done_at:
            left = _("done %(day)s") % {"day": household.short_day(change.followups_done_at.date())}
        else:
            left = _("to do")
        rows.append(
            (
                household.short_day(change.reported_on),
                _label(change),
                household.short_day(change.event_date),
                _reporter(change),
                left,
            )
        )
    return rows


def register() -> None:
    queues.register_queue(
        queues.Queue(
            key="changes",
            title=_("Reported changes"),
            overdue_days=SERVICE_DAYS,
            open_items=lambda: _open().select_related("application"),
            opened="created_at",
            link=lambda row: reverse("changes:staff_case", args=[row.application.public_id]),
            describe=_label,
        )
    )
    household.register_section(
        household.Section(
            key="changes",
            title=_("Reported changes"),
            columns=(
                _("Reported"),
                _("What changed"),
                _("Date of the event"),
                _("Reported by"),
                _("Left for casework"),
            ),
            rows=_rows,
        )
    )
