"""Casework: one 834 exception and what a caseworker can do about it (docs/adr/0501).

- a held outbound transaction whose names cannot be written: give a spelling for the
  insurer for each name at fault, then send it (and everything behind it) again;
- a held transaction the file checks refused: send it again once the enrollment is right;
- an inbound record we could not apply: close it with a note saying what was done.

Staff with `accounts.view_casework` see it (the staff gate); acting needs
`accounts.maintain_enrollments`.
Anyone else gets 404, as on the other casework pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.accounts.netaddr import client_ip
from marketplace.casework.gate import Can, staff_page
from marketplace.core.posted import posted_text
from marketplace.edi import held
from marketplace.edi.models import EdiException
from marketplace.enrollment.models import EnrollmentMember

ACT = Can.MAINTAIN_ENROLLMENTS
FIELDS = {
    "last name": gettext_lazy("Last name"),
    "first name": gettext_lazy("First name"),
    "middle name": gettext_lazy("Middle name"),
    "suffix": gettext_lazy("Suffix"),
    "address line": gettext_lazy("Street address"),
    "second address line": gettext_lazy("Address line 2"),
    "city": gettext_lazy("City"),
    "email": gettext_lazy("E-mail"),
    "member id": gettext_lazy("Member ID"),
    "subscriber id": gettext_lazy("Subscriber ID"),
    "policy id": gettext_lazy("Policy ID"),
}
PROBLEMS = {
    "empty": gettext_lazy(
        "has nothing the insurer's file can carry once written in its "
        "character set (letters A to Z, digits and a few signs)"
    ),
    "no_letters": gettext_lazy("has no letter A to Z once written in the insurer's character set"),
    "too_long": gettext_lazy("is longer than %(limit)s characters once written for the insurer"),
    "too_short": gettext_lazy("is shorter than %(limit)s characters once written for the insurer"),
}


def problem_text(problem: dict, name: str) -> str:
    what = FIELDS.get(problem["field"], problem["field"])
    says = PROBLEMS.get(problem["problem"], problem["problem"]) % {"limit": problem["limit"]}
    return _("%(field)s of %(person)s %(problem)s.") % {
        "field": what,
        "person": name or problem["member_id"],
        "problem": says,
    }


def _own_case(user, item: EdiException) -> bool:
    return item.outbound_id is not None and item.outbound.enrollment.owner_id == user.pk


def _members(item: EdiException) -> dict[str, EnrollmentMember]:
    if item.outbound_id is None:
        return {}
    rows = EnrollmentMember.objects.filter(enrollment_id=item.outbound.enrollment_id)
    return {m.member_id: m for m in rows}


def _respellable(item, members) -> list[dict]:
    """The members with a name at fault, with which of their names to respell."""
    out: dict[str, dict] = {}
    for problem in item.detail.get("problems", []):
        if problem["field"] in held.NAME_FIELDS and problem["member_id"] in members:
            entry = out.setdefault(
                problem["member_id"], {"member": members[problem["member_id"]], "fields": []}
            )
            entry["fields"].append(problem["field"])
    return list(out.values())


INPUT_LABELS = {
    "last name": gettext_lazy("Last name for the insurer"),
    "first name": gettext_lazy("First name for the insurer"),
}


def _input(member, field: str, values: dict) -> dict:
    name = f"{field.split()[0]}-{member.member_id}"
    return {
        "name": name,
        "label": INPUT_LABELS[field],
        "value": values.get(name, ""),
        "maxlength": held.NAME_LIMITS[field],
    }


@staff_page(Can.VIEW)
def edi_exceptions(request):
    """Inbound 834 records we could not apply and held outbound ones (edi.EdiException)."""
    # Newest first, on the open exceptions' own index (edi_exception_open) read backwards.
    items = EdiException.objects.filter(resolved_at=None).order_by("-created_at", "-id")[:500]
    return render(request, "casework/edi_exceptions.html", {"items": items})


@staff_page(Can.VIEW)
def edi_exception(request, pk: int):
    item = get_object_or_404(EdiException.objects.select_related("outbound__enrollment"), pk=pk)
    members = _members(item)
    respell = _respellable(item, members)
    values, errors, status = {}, [], 200
    if request.method == "POST":
        if not request.user.has_perm(ACT) or _own_case(request.user, item):
            raise Http404  # nobody works on their own case (as on the other casework pages)
        values = {k: v for k, v in request.POST.items() if k.startswith(("last", "first"))}
        errors = _act(request, item, respell, values)
        if not errors:
            return redirect("casework:edi_exceptions")
        status = 400
    for entry in respell:
        entry["inputs"] = [_input(entry["member"], field, values) for field in entry["fields"]]
    context = {
        "item": item,
        "respell": respell,
        "values": values,
        "errors": errors,
        "problems": [
            problem_text(p, getattr(members.get(p["member_id"]), "name", ""))
            for p in item.detail.get("problems", [])
        ],
        "can_act": request.user.has_perm(ACT)
        and item.resolved_at is None
        and not _own_case(request.user, item),
    }
    return render(request, "casework/edi_exception.html", context, status=status)


def _act(request, item, respell, values) -> list[str]:
    """Do what the form asked; the error messages, empty when it was done."""
    if item.outbound_id is None:
        note = posted_text(request.POST, "note", 2000)
        if not note:
            return [_("What was done: say how this record was worked before closing it.")]
        held.resolve(item, actor=request.user, note=note, ip_address=client_ip(request))
        messages.success(request, _("The exception was closed."))
        return []
    spellings = {}
    for entry in respell:
        member_id = entry["member"].member_id
        given = {f: values.get(f"{f.split()[0]}-{member_id}", "") for f in entry["fields"]}
        if any(not v.strip() for v in given.values()):
            return [_("Spelling for the insurer: enter each name shown, in letters A to Z.")]
        spellings[member_id] = given
    try:
        count = held.release(
            item, actor=request.user, spellings=spellings, ip_address=client_ip(request)
        )
    except held.ReleaseRefused as exc:
        members = {e["member"].member_id: e["member"].name for e in respell}
        return [problem_text(p.as_dict(), members.get(p.member_id, "")) for p in exc.problems]
    messages.success(
        request,
        _("%(count)s transaction(s) will go to the insurer in the next file.") % {"count": count},
    )
    return []
