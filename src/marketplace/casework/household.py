"""Everything about one household, for the casework household page.

A household is the account that owns the applications (a person and the people on their
applications). The page is built from sections: the ones here (people, applications and
determinations, enrollments and 834s, verifications, notices and mail, the audit trail) and
any other app's, registered with `register_section` from that app's `ready()` (reported
changes and appeals do so; until they are installed, their places say so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from marketplace.applications.models import Application
from marketplace.audit.models import AuditEvent
from marketplace.casework import returned_mail
from marketplace.casework.models import Override, ReturnedMail
from marketplace.determinations.models import Determination
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment.models import Enrollment
from marketplace.notices.models import Notice
from marketplace.verifications.models import VerificationItem

AUDIT_ROWS = 100


@dataclass(frozen=True)
class Section:
    """A part of the household page another app provides.

    `rows(owner, user)` returns the rows to show (each a sequence of cell texts, or `Link`s,
    in the order of `columns`), empty when there is nothing."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: Callable


@dataclass(frozen=True)
class Link:
    """A section's cell that leads to a page: its text, and the page's address."""

    text: str
    url: str


#: Sections every exchange has a place for, shown as "nothing recorded" until an app fills it.
EXPECTED = {"changes": _("Reported changes"), "appeals": _("Appeals")}
_SECTIONS: dict[str, Section] = {}


def short_day(value) -> str:
    """A section's date cell: the short date in the page's language, "—" when none."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def register_section(section: Section) -> None:
    _SECTIONS[section.key] = section


def registered_sections(owner, user) -> list[dict]:
    shown = []
    keys = list(EXPECTED) + [k for k in _SECTIONS if k not in EXPECTED]
    for key in keys:
        section = _SECTIONS.get(key)
        if section is None:
            shown.append({"key": key, "title": EXPECTED[key], "columns": (), "rows": None})
            continue
        shown.append(
            {
                "key": key,
                "title": section.title,
                "columns": section.columns,
                "rows": section.rows(owner, user) or [],
            }
        )
    return shown


def gather(owner, user) -> dict:
    applications = list(
        Application.objects.filter(owner=owner)
        .prefetch_related("members")
        .order_by("-coverage_year", "-created_at", "-id")
    )
    determinations = list(
        Determination.objects.filter(application__owner=owner).order_by("-created_at", "-id")
    )
    by_application: dict[int, list] = {}
    for determination in determinations:
        by_application.setdefault(determination.application_id, []).append(determination)
    for application in applications:
        application.all_determinations = by_application.get(application.pk, [])
    enrollments = list(
        Enrollment.objects.filter(owner=owner)
        .select_related("application")
        .prefetch_related("members")
        .order_by("-coverage_year", "-selected_at", "-id")
    )
    transactions = list(
        OutboundTransaction.objects.filter(enrollment__owner=owner)
        .select_related("enrollment", "file")
        .order_by("-created_at", "-id")[:200]
    )
    items = list(
        VerificationItem.objects.filter(application__owner=owner).order_by("-opened_at", "-id")
    )
    notices = _notices(owner)
    return {
        "owner": owner,
        "applications": applications,
        "people": applications[0].members.all() if applications else [],
        "enrollments": enrollments,
        "transactions": transactions,
        "items": items,
        "notices": notices,
        "sections": registered_sections(owner, user),
        "overrides": list(
            Override.objects.filter(owner=owner)
            .select_related("requested_by", "decided_by", "item")
            .order_by("-requested_at", "-id")[:100]
        ),
        "mail_returned": ReturnedMail.objects.filter(owner=owner, confirmed_at=None).exists(),
        "audit": audit_trail(owner, applications, determinations, enrollments, items, notices),
    }


def _notices(owner) -> list:
    """The household's notices, newest first: its own, and those written for it to a person
    with no account (a tax filer's notice, mailed to the household's address: docs/adr/0109),
    each with `addressee`: the name it was sent to, or "" for the account holder. Only the
    name is read from such a notice; what it says stays in the notice."""
    notices = list(
        Notice.objects.filter(returned_mail.of_household(owner))
        .defer("pdf", "context")
        .order_by("-created_at", "-id")[:200]
    )
    others = [n.pk for n in notices if n.user_id is None]
    names = {
        pk: str((context or {}).get("name") or "")
        for pk, context in Notice.objects.filter(pk__in=others).values_list("pk", "context")
    }
    for notice in notices:
        notice.addressee = names.get(notice.pk, "")
    return notices


def audit_trail(owner, applications, determinations, enrollments, items, notices) -> list:
    """The household's audit events, newest first: those about the account or any of its
    applications, determinations, enrollments, verification items or notices."""
    wanted = Q(object_type="User", object_id=str(owner.pk))
    for model_name, rows in (
        ("Application", applications),
        ("Determination", determinations),
        ("Enrollment", enrollments),
        ("VerificationItem", items),
        ("Notice", notices),
        ("Override", list(Override.objects.filter(owner=owner).only("pk"))),
    ):
        if rows:
            wanted |= Q(object_type=model_name, object_id__in=[str(r.pk) for r in rows])
    return list(AuditEvent.objects.filter(wanted).order_by("-at", "-id")[:AUDIT_ROWS])
