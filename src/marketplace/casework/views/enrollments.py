"""Casework: an application's enrollments, and taking a member off a policy that goes on
(`maintenance.remove_member`, docs/adr/0800 "Maintenance"). Staff with
`accounts.maintain_enrollments` only (the staff gate); anyone else, and a worker on their own
application, gets 404 (never 403, as the other casework pages). Plain HTML forms, no JavaScript.

The action does the work: one transaction, the audit rows, the 024 (and the others' 001, or
a subscriber's CIC pair) in the EDI outbox. The page shows the last day of coverage each
reason gives before anything is sent.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.accounts.netaddr import client_ip
from marketplace.applications.models import Application
from marketplace.casework.gate import Can, refuse_own_case, staff_page
from marketplace.enrollment import actions, dates, maintenance
from marketplace.enrollment.models import Enrollment

# The end reasons a caseworker may choose (edi/build.py END_REASONS, less "replaced", which
# only the CIC pair itself uses), with the rule each follows.
REASONS = {
    "not_eligible": gettext_lazy(
        "No longer eligible for a Marketplace plan (45 CFR 155.430(b)(2)(i))"
    ),
    "voluntary": gettext_lazy("The person asked to leave the policy (45 CFR 155.430(b)(1))"),
}

ERRORS = {
    "last_member": gettext_lazy(
        "This is the only person on the policy: end the policy instead of taking them off."
    ),
    "end_not_month_end": gettext_lazy("Coverage can only end on the last day of a month."),
    "ends_with_policy": gettext_lazy(
        "The policy ends on or before that day anyway: nothing to change."
    ),
    "child_only_policy": gettext_lazy(
        "Nobody old enough to be the subscriber would be left on the policy. This needs the "
        "custodial parent's details, which cannot be sent yet."
    ),
    "not_active": gettext_lazy("This policy has ended or was cancelled."),
    "not_a_member": gettext_lazy("Person: choose someone covered by this policy."),
    "bad_reason": gettext_lazy("Reason: choose why their coverage ends."),
}


def removal_end(enrollment: Enrollment, reason: str, on: date) -> tuple[bool, date]:
    """(cancelled?, the last day) for taking a member off `enrollment` on `on`:
    - a policy never in force: cancelled from the begin date (nothing was covered);
    - not eligible: the last day of the month after the notice month (155.430(d)(3));
    - the person asked: the 155.430(d)(2) date (the end of a month, as APTC and premiums
      change on the 1st)."""
    if not actions.in_force(enrollment):
        return True, enrollment.coverage_start
    if reason == "not_eligible":
        end = dates.ineligibility_end(enrollment.coverage_start, on)
    else:
        end = dates.end_of_month(dates.termination_end(enrollment.coverage_start, on, None))
    return end <= enrollment.coverage_start, end


@staff_page(Can.MAINTAIN_ENROLLMENTS)
def application_enrollments(request, application_id):
    """An application's policies, with a form on each to take a member off (45 CFR
    155.430(b)); a POST removes the member and comes back here, or shows why not."""
    application = get_object_or_404(Application, public_id=application_id)
    refuse_own_case(request.user, application.owner_id)
    enrollments = list(
        Enrollment.objects.filter(application=application)
        .select_related("issuer")
        .prefetch_related("members")
        .order_by("-coverage_year", "coverage_start", "id")
    )
    on = actions.today()
    errors: dict[int, list[str]] = {}
    field_errors: dict[int, set[str]] = {}
    chosen: dict[int, dict] = {}
    status = 200
    if request.method == "POST":
        target = next(
            (e for e in enrollments if str(e.public_id) == request.POST.get("enrollment")), None
        )
        if target is None:
            raise Http404
        member_id = request.POST.get("member", "")
        reason = request.POST.get("reason", "")
        chosen[target.pk] = {"member": member_id, "reason": reason}
        problems, bad = _remove_member(request, target, member_id, reason, on)
        if not problems:
            return redirect("casework:enrollments", application_id=application.public_id)
        errors[target.pk] = problems
        field_errors[target.pk] = bad
        status = 400
    rows = [_row(enrollment, on, errors, field_errors, chosen) for enrollment in enrollments]
    return render(
        request,
        "casework/enrollments.html",
        {"application": application, "rows": rows, "today": on},
        status=status,
    )


def _remove_member(request, target, member_id: str, reason: str, on: date):
    """Take the member off the policy from the end date the reason gives; the problems and
    the fields they concern (none when the member was removed and the worker told)."""
    member = next((m for m in target.covered_members() if m.member_id == member_id), None)
    problems, bad = [], set()
    if member is None:
        problems.append(ERRORS["not_a_member"])
        bad.add("member")
    if reason not in REASONS:
        problems.append(ERRORS["bad_reason"])
        bad.add("reason")
    if problems:
        return problems, bad
    _cancelled, end = removal_end(target, reason, on)
    try:
        after = maintenance.remove_member(
            target,
            member,
            end_date=end,
            reason=reason,
            actor=request.user,
            ip_address=client_ip(request),
        )
    except actions.EnrollmentError as exc:
        return [ERRORS.get(exc.code, str(exc))], bad
    member.refresh_from_db()
    _tell_removed(request, member, target, after, end)
    return [], bad


def _tell_removed(request, member, target, after, end: date) -> None:
    """The worker is told the member's last day and, when the others moved to a new policy
    (the removed member was the subscriber), that policy."""
    messages.success(
        request,
        _(
            "%(name)s was taken off policy %(policy)s; their last day of coverage is "
            "%(end)s. The insurance company is being told."
        )
        % {
            "name": member.name,
            "policy": target.policy_id,
            "end": date_format(member.coverage_end or end, "DATE_FORMAT"),
        },
    )
    if after.pk != target.pk:
        messages.info(
            request,
            _("The others are on a new policy, %(policy)s, from %(start)s.")
            % {
                "policy": after.policy_id,
                "start": date_format(after.coverage_start, "DATE_FORMAT"),
            },
        )


def _row(enrollment, on: date, errors: dict, field_errors: dict, chosen: dict) -> dict:
    """One policy's row: its members, whether one can be removed (an active policy with
    more than one covered), and each reason with the end date it would give."""
    covered = enrollment.covered_members()
    options = []
    for code, label in REASONS.items():
        cancel, end = removal_end(enrollment, code, on)
        options.append({"code": code, "label": label, "cancel": cancel, "end": end})
    return {
        "enrollment": enrollment,
        "members": list(enrollment.members.all()),
        "covered": covered,
        "can_remove": enrollment.is_active and len(covered) > 1,
        "reasons": options,
        "errors": errors.get(enrollment.pk, []),
        "bad": field_errors.get(enrollment.pk, set()),
        "chosen": chosen.get(enrollment.pk, {}),
    }
