"""Enrollment pages: signed-in, owner only (another person's determination or enrollment
answers 404), plain HTML forms that work without JavaScript.

determination -> plans (the group, its APTC and CSR) -> a plan and the APTC election ->
checkout with attestations -> confirmation; "My coverage" with APTC change and cancel/end.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from marketplace.accounts.netaddr import client_ip
from marketplace.core import plan_year
from marketplace.core.amount_field import describe, read_amount
from marketplace.core.amounts import AmountError
from marketplace.determinations.models import Determination
from marketplace.enrollment import actions, dates, special_periods, states
from marketplace.enrollment.models import Enrollment, GracePeriod, GraceStatus
from marketplace.enrollment.selection import NotEnrollable, enrollment_group, price, quotes
from marketplace.providers_and_drugs import plan_lists

ERRORS = {
    "already_enrolled": gettext_lazy(
        "You already have a plan for this year. Cancel it first to choose another."
    ),
    "attestations": gettext_lazy("Please check every box to agree before you enroll."),
    "stale_determination": gettext_lazy(
        "This is not your latest eligibility result. Enroll from the latest one."
    ),
    "outside_open_enrollment": gettext_lazy("Open enrollment for this coverage year is closed."),
    "nobody_eligible": gettext_lazy("Nobody on this application can enroll in a plan."),
    "not_owner": gettext_lazy("This is not your application."),
    "plan_year_over": gettext_lazy("The plan year is over."),
    "nobody_in_period": gettext_lazy(
        "Nobody on this application can enroll through your special enrollment period."
    ),
    "same_metal_level": gettext_lazy(
        "With this special enrollment period you can change only to a plan of the same metal "
        "level as your current plan."
    ),
    "others_on_current_plan": gettext_lazy(
        "Your special enrollment period is only for some of the people on your current plan. "
        "Choosing a new plan through it would end the others' coverage, so it cannot be done "
        "here. Contact us to change the plan of the people in the period."
    ),
    "add_to_current_plan": gettext_lazy(
        "With this special enrollment period you add your new family member to your current "
        "plan. You can change plans only if your current plan cannot take them."
    ),
}

EXCLUSION = {
    "chip": gettext_lazy("eligible for CHIP"),
    "medicaid": gettext_lazy("eligible for Medicaid"),
    "not_seeking": gettext_lazy("not asking for coverage"),
    "not_eligible": gettext_lazy("not eligible for a Marketplace plan"),
    special_periods.NOT_IN_PERIOD: gettext_lazy(
        "no special enrollment period: no health coverage shown in the 60 days before the event"
    ),
}


def _ip(request):
    """The trusted-proxy client address, as every audit row (accounts.netaddr)."""
    return client_ip(request)


def _determination(request, determination_id) -> Determination:
    return get_object_or_404(
        Determination.objects.select_related("application"),
        public_id=determination_id,
        application__owner=request.user,
    )


def _enrollment(request, public_id) -> Enrollment:
    return get_object_or_404(
        Enrollment.objects.select_related("issuer"), public_id=public_id, owner=request.user
    )


def _money(raw, default: Decimal | None) -> Decimal | None:
    """An amount as people type it, in the page's language (core/amounts.py), or `default`
    when there is none or it cannot be read (`_amount_problem` says why)."""
    if raw in (None, "") or not str(raw).strip():
        return default
    try:
        return read_amount(str(raw))
    except AmountError:
        return default


def _amount_problem(raw) -> str:
    """What is wrong with a typed tax credit amount, naming the field; "" when nothing."""
    if raw in (None, "") or not str(raw).strip():
        return ""
    try:
        read_amount(str(raw))
    except AmountError as error:
        return describe(error, _("Tax credit per month, in dollars"))
    return ""


def _group_or_404(determination):
    """The determination's enrollment group; outside open enrollment, only the members the
    household's special enrollment period is for (45 CFR 155.420(a)(5)), as checkout takes."""
    try:
        group = enrollment_group(determination)
    except NotEnrollable as exc:
        raise Http404(str(exc)) from exc
    try:
        dates.coverage_start(group.state, group.year, actions.today())
    except dates.OutsideOpenEnrollment:
        found = special_periods.find(determination.application, group.year, actions.today())
        return special_periods.narrow(group, found)
    return group


@never_cache
@login_required
def plans(request, determination_id):
    determination = _determination(request, determination_id)
    group = _group_or_404(determination)
    window = dates.window(group.state, group.year)
    enrollment = plan_year.enrollment_status(group.year, group.state)
    active = Enrollment.objects.filter(
        application=determination.application, coverage_year=group.year, status__in=states.ACTIVE
    ).first()
    metal = request.GET.get("metal", "")
    found = quotes(group)
    if metal:
        found = [q for q in found if q.info.metal_level == metal]
    coverage = plan_lists.for_plan_list(
        plan_lists.read_choices(request),
        year=group.year,
        plan_ids=[q.plan_id for q in found],
        next_url=request.get_full_path(),
        zipcode=group.zipcode,
        only_covering=request.GET.get(plan_lists.FILTER_FIELD) == "1",
    )
    found = [q for q in found if coverage.keep(q.plan_id)]
    return render(
        request,
        "enrollment/plans.html",
        {
            "determination": determination,
            "group": group,
            "quotes": found[:60],
            "coverage": coverage,
            "count": len(found),
            "metal": metal,
            "window": window,
            "active": active,
            "enrollment": enrollment,
            "excluded": [(name, EXCLUSION.get(why, why)) for name, why in group.excluded],
            "metals": ["bronze", "silver", "gold", "platinum", "catastrophic"],
        },
    )


@never_cache
@login_required
def plan(request, determination_id, plan_id):
    """The chosen plan and the APTC election (45 CFR 155.310(d)(2): any amount up to the
    maximum; never more than the plan's EHB premium)."""
    determination = _determination(request, determination_id)
    group = _group_or_404(determination)
    typed = request.GET.get("aptc")
    try:
        priced = price(group, plan_id, _money(typed, None))
    except NotEnrollable as exc:
        raise Http404(str(exc)) from exc
    problem = _amount_problem(typed)
    return render(
        request,
        "enrollment/plan.html",
        {
            "determination": determination,
            "group": group,
            "priced": priced,
            "quote": priced.quote,
            "plan_id": plan_id,
            "problem": problem,
            "problems": {"aptc": problem} if problem else {},
            "typed": typed if problem else None,
        },
        status=400 if problem else 200,
    )


@never_cache
@login_required
def checkout(request, determination_id, plan_id):
    determination = _determination(request, determination_id)
    group = _group_or_404(determination)
    source = request.POST if request.method == "POST" else request.GET
    if _amount_problem(source.get("aptc")):  # never the most by default: ask again
        url = reverse("enrollment:plan", args=[determination.public_id, plan_id])
        return redirect(f"{url}?{urlencode({'aptc': source.get('aptc')})}")
    elected = _money(source.get("aptc"), None)
    try:
        priced = price(group, plan_id, elected)
    except NotEnrollable as exc:
        raise Http404(str(exc)) from exc
    error = None
    if request.method == "POST":
        attestations = {name: source.get(name) == "on" for name in actions.ATTESTATIONS}
        try:
            enrollment = actions.checkout(
                user=request.user,
                determination=determination,
                plan_id=plan_id,
                elected_aptc=priced.elected_aptc,
                attestations=attestations,
                token=_token(source.get("token")),
                language=get_language() or "en",
                actor=request.user,
                ip_address=_ip(request),
            )
        except actions.EnrollmentError as exc:
            error = ERRORS.get(exc.code, str(exc))
        else:
            return redirect("enrollment:detail", public_id=enrollment.public_id)
    special = None
    try:
        start = dates.coverage_start(group.state, group.year, actions.today())
    except dates.OutsideOpenEnrollment:
        special = special_periods.find(determination.application, group.year, actions.today())
        start = special.start if special is not None else None
        if special is not None and special.no_aptc:
            priced = price(group, plan_id, Decimal("0"))
    return render(
        request,
        "enrollment/checkout.html",
        {
            "enrollment": plan_year.enrollment_status(group.year, group.state),
            "special": special,
            "determination": determination,
            "group": group,
            "priced": priced,
            "quote": priced.quote,
            "plan_id": plan_id,
            "start": start,
            "error": error,
            "token": source.get("token") or uuid.uuid4(),
            "checked": source,
        },
        status=400 if error else 200,
    )


def _token(raw) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return uuid.uuid4()


@never_cache
@login_required
def coverage(request):
    mine = Enrollment.objects.filter(owner=request.user).select_related("issuer")
    in_grace = GracePeriod.objects.filter(enrollment__owner=request.user, status=GraceStatus.OPEN)
    overdue = set(in_grace.values_list("enrollment_id", flat=True))
    latest = Determination.objects.filter(application__owner=request.user).first()
    return render(
        request,
        "enrollment/coverage.html",
        {
            "enrollments": mine,
            "overdue": overdue,  # policies in a grace period for non-payment
            # Someone who can buy a plan but has none yet goes on to choose one.
            "can_choose": latest if latest is not None and latest.offers_a_plan else None,
        },
    )


@never_cache
@login_required
def detail(request, public_id):
    enrollment = _enrollment(request, public_id)
    event, end = actions.ending_for(enrollment, actions.today())
    return render(
        request,
        "enrollment/detail.html",
        {
            "enrollment": enrollment,
            "members": enrollment.covered_members(),
            "grace": enrollment.grace_periods.first(),  # the latest (enrollment/grace.py)
            "can_end": enrollment.is_active,
            "end_event": event,
            "end_date": end,
            "can_change": enrollment.allowed("change") and enrollment.max_aptc > 0,
            "aptc_cap": min(enrollment.max_aptc, enrollment.ehb_premium, enrollment.premium),
        },
    )


@never_cache
@login_required
def end(request, public_id):
    """Cancel (before coverage starts / never effectuated) or end coverage (45 CFR 155.430)."""
    enrollment = _enrollment(request, public_id)
    if not enrollment.is_active:
        return redirect("enrollment:detail", public_id=enrollment.public_id)
    wanted = None
    if request.method == "POST":
        try:
            wanted = date.fromisoformat(request.POST.get("wanted") or "") or None
        except ValueError:
            wanted = None
        if request.POST.get("confirm") == "on":
            actions.end_coverage(
                enrollment, wanted=wanted, actor=request.user, ip_address=_ip(request)
            )
            messages.success(request, _("Your request was sent to your insurance company."))
            return redirect("enrollment:detail", public_id=enrollment.public_id)
    event, end_date = actions.ending_for(enrollment, actions.today(), wanted)
    return render(
        request,
        "enrollment/end.html",
        {
            "enrollment": enrollment,
            "end_event": event,
            "end_date": end_date,
            "error": request.method == "POST",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def change_aptc(request, public_id):
    enrollment = _enrollment(request, public_id)
    typed = request.POST.get("aptc")
    amount = _money(typed, None)
    if amount is None or not enrollment.allowed("change"):
        messages.error(
            request, _amount_problem(typed) or _("Enter an amount in dollars, like 150.00.")
        )
    else:
        try:
            actions.change_aptc(enrollment, amount, actor=request.user, ip_address=_ip(request))
        except actions.EnrollmentError as exc:
            messages.error(request, ERRORS.get(exc.code, str(exc)))
        else:
            messages.success(request, _("Your tax credit amount was changed."))
    return redirect(reverse("enrollment:detail", args=[enrollment.public_id]))
