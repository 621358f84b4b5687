"""Pages: report a change (the person, or a caseworker for them), what it changed, and the
special enrollment period screener. Plain HTML forms; the action does the work."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from aca_rules import sep
from marketplace.accounts.netaddr import client_ip
from marketplace.applications.models import Application
from marketplace.changes import actions, explain, periods, prior_coverage, reconciled
from marketplace.changes.forms import ClaimForm, GrantForm, ScreenerForm, change_form
from marketplace.changes.kinds import KINDS, label
from marketplace.changes.models import ReportedChange, SpecialEnrollmentPeriod
from marketplace.core import clock
from marketplace.enrollment.models import Enrollment

PERMISSION = "accounts.maintain_enrollments"  # the casework pages' permission


def _latest_application(user) -> Application | None:
    return (
        Application.objects.filter(owner=user, determinations__isnull=False)
        .order_by("-created_at", "-id")
        .first()
    )


def _token(raw) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return uuid.uuid4()


def _periods_context(application) -> list[dict]:
    if application is None:
        return []
    today = clock.today()
    rows = []
    for row in SpecialEnrollmentPeriod.objects.filter(application=application):
        period = periods.as_period(row)
        rows.append(
            {
                "row": row,
                "period": period,
                "open": period.contains(today) and row.used_by_id is None,
                "start": period.coverage_start(today),
                "ptc": period.ptc_allowed(period.coverage_start(today).year),
            }
        )
    return rows


@never_cache
@login_required
def index(request):
    application = _latest_application(request.user)
    changes = ReportedChange.objects.filter(application=application) if application else []
    latest = application.determinations.first() if application else None
    return render(
        request,
        "changes/index.html",
        {
            "application": application,
            "kinds": KINDS.items(),
            "changes": changes,
            "periods": _periods_context(application),
            "can_choose": latest if latest is not None and latest.offers_a_plan else None,
        },
    )


def _report_page(request, application, *, actor, by_caseworker, template, done):
    kind = request.POST.get("kind") or request.GET.get("kind")
    if kind not in KINDS:
        return None
    form_class = change_form(kind, list(application.members.all()))
    form = form_class(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            change = actions.report_change(
                application,
                kind=kind,
                event_date=form.cleaned_data["event_date"],
                details=form.details(),
                token=_token(request.POST.get("token")),
                actor=actor,
                ip_address=client_ip(request),
                by_caseworker=by_caseworker,
            )
        except actions.ChangeError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, str(exc))
            else:
                error = str(exc)
        else:
            return redirect(done(change))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        template,
        {
            "application": application,
            "form": form,
            "kind": kind,
            "kind_label": KINDS[kind],
            "token": request.POST.get("token") or uuid.uuid4(),
            "error": error,
        },
        status=status,
    )


@never_cache
@login_required
def report(request):
    application = _latest_application(request.user)
    if application is None:
        return redirect("applications:dashboard")
    page = _report_page(
        request,
        application,
        actor=request.user,
        by_caseworker=False,
        template="changes/report.html",
        done=lambda change: reverse("changes:detail", args=[change.public_id]),
    )
    return page or redirect("changes:index")


@never_cache
@login_required
def reconciled_page(request):
    """I have filed and reconciled (Form 8962): the years the latest result names, the
    attestation and the signature; the action redetermines (changes/reconciled.py)."""
    application = _latest_application(request.user)
    if application is None:
        return redirect("applications:dashboard")
    form = reconciled.attestation_form(application, request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            change = reconciled.attest(
                application,
                signature=form.cleaned_data["signature"],
                token=_token(request.POST.get("token")),
                actor=request.user,
                ip_address=client_ip(request),
            )
        except actions.ChangeError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, str(exc))
            else:
                error = str(exc)
        else:
            return redirect("changes:detail", change.public_id)
    context = {
        "application": application,
        "years": reconciled.years_to_attest(application),
        # Another tax filer's years are not the account holder's to read (ADR 0108).
        "other_filer": reconciled.other_tax_filer(application),
        "form": form,
        "token": request.POST.get("token") or uuid.uuid4(),
        "error": error,
    }
    return render(
        request,
        "changes/reconciled.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _refused(change, row: dict) -> dict:
    """A period the change did not give (45 CFR 155.420(a)(5)): to the household, or to the
    members named (`members`, public ids) while the others got it."""
    ids = row.get("members") or []
    names = [m.name for m in change.application.members.filter(public_id__in=ids)]
    return {"event": sep.event(row["event"]), "names": names, "some": bool(ids)}


def _detail_context(change) -> dict:
    policies = sorted({e["policy_id"] for e in change.effects})
    return {
        "change": change,
        "kind_label": label(change.kind),
        "rows": explain.compare(change.before, change.after),
        "members": explain.members(change.before, change.after),
        "policies": Enrollment.objects.filter(policy_id__in=policies),
        "periods": [{"row": p, "period": periods.as_period(p)} for p in change.periods.all()],
        "refused": [_refused(change, r) for r in change.periods_refused],
    }


@never_cache
@login_required
def detail(request, public_id):
    change = get_object_or_404(ReportedChange, public_id=public_id, application__owner=request.user)
    latest = change.application.determinations.first()
    context = _detail_context(change)
    context["can_choose"] = latest if latest is not None and latest.offers_a_plan else None
    return render(request, "changes/detail.html", context)


def _screener_answer(data, application) -> dict:
    """The period for the event, whether it meets 45 CFR 155.420(a)(5) prior coverage (from
    the signed-in person's records, else their answer), and the law's pause that keeps it
    closed for the event's date, if any (the (d)(16) period, 90 FR 27074)."""
    period = sep.period(data["event"], data["event_date"], data.get("learned_on"))
    today = clock.today()
    start = period.coverage_start(today)
    met = prior_coverage.ground(application, period, data.get("prior_coverage", ""))
    return {
        "period": period,
        "open": period.contains(today) and met is not None,
        "no_prior_coverage": met is None,
        # Why a period the law took away for the event's date is not open (events.yaml).
        "paused": period.pause,
        "start": start,
        "ptc": period.ptc_allowed(start.year),
    }


@never_cache
def screener(request):
    """Which special enrollment periods a person has (45 CFR 155.420): for anyone, and the
    signed-in person's own periods from their reported changes. The answer is asked by POST:
    the event (domestic abuse, a death) never sits in an address that browser history, a
    shared computer or a server log keeps."""
    posted = request.method == "POST"
    form = ScreenerForm(request.POST if posted else None)
    answer = None
    application = _latest_application(request.user) if request.user.is_authenticated else None
    if posted and form.is_valid():
        answer = _screener_answer(form.cleaned_data, application)
    status = 400 if posted and not form.is_valid() else 200
    return render(
        request,
        "changes/screener.html",
        {
            "form": form,
            "answer": answer,
            "periods": _periods_context(application),
            "status": status,
        },
        status=status,
    )


#: What `actions.claim_period` refuses, said on the page (field, message).
CLAIM_ERRORS = {
    "event": ("event", gettext_lazy("Which applies to you? Choose one of the options.")),
    "attested": ("attested", gettext_lazy("Confirm that what you chose is true.")),
    "aian": (
        "event",
        gettext_lazy(
            "Which applies to you? Your application does not say that anyone in your "
            "household is an American Indian or Alaska Native. Update your application "
            "first, then come back."
        ),
    ),
}


@never_cache
@login_required
def claim(request):
    """Open a special enrollment period the person attests to (45 CFR 155.420(d)(8),
    (d)(10)) on their account; then they choose a plan from the changes page."""
    application = _latest_application(request.user)
    if application is None:
        return redirect("applications:dashboard")
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.claim_period(
                application,
                event=form.cleaned_data["event"],
                attested=form.cleaned_data["attested"],
                actor=request.user,
                ip_address=client_ip(request),
            )
        except actions.ChangeError as exc:
            field, message = CLAIM_ERRORS.get(exc.code, (None, str(exc)))
            form.add_error(field, message)
        else:
            messages.success(request, _("Your special enrollment period is open."))
            return redirect("changes:index")
    return render(
        request,
        "changes/claim.html",
        {"form": form, "aian": application.members.filter(aian=True).exists()},
        status=400 if request.method == "POST" else 200,
    )


# --- Casework ---------------------------------------------------------------------------


def _staff_application(request, application_id) -> Application:
    user = request.user
    if not user.is_authenticated or not user.has_perm(PERMISSION):
        raise Http404
    application = get_object_or_404(Application, public_id=application_id)
    if application.owner_id == user.pk:
        raise Http404  # nobody works on their own case
    return application


@never_cache
@login_required
def staff_case(request, application_id):
    application = _staff_application(request, application_id)
    changes = list(ReportedChange.objects.filter(application=application))
    return render(
        request,
        "changes/staff_case.html",
        {
            "application": application,
            "kinds": KINDS.items(),
            "changes": changes,
            "details": [_detail_context(c) for c in changes[:5]],
            "periods": _periods_context(application),
            "grant": GrantForm(),
        },
    )


@never_cache
@login_required
def staff_report(request, application_id):
    application = _staff_application(request, application_id)
    done = reverse("changes:staff_case", args=[application.public_id])

    def after(change):
        messages.success(request, _("The change was recorded and the household redetermined."))
        return done

    page = _report_page(
        request,
        application,
        actor=request.user,
        by_caseworker=True,
        template="changes/staff_report.html",
        done=after,
    )
    return page or redirect(done)


@never_cache
@login_required
def staff_grant(request, application_id):
    application = _staff_application(request, application_id)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.grant_period(
            application,
            event=form.cleaned_data["event"],
            event_date=form.cleaned_data["event_date"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
            ip_address=client_ip(request),
        )
        messages.success(request, _("The special enrollment period was granted."))
        return redirect("changes:staff_case", application_id=application.public_id)
    return render(
        request,
        "changes/staff_grant.html",
        {
            "application": application,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
@require_POST
def staff_followups_done(request, public_id):
    """Casework did what a change left for it: the change leaves the queue."""
    change = get_object_or_404(
        ReportedChange.objects.select_related("application"), public_id=public_id
    )
    application = _staff_application(request, change.application.public_id)
    actions.close_followups(change, actor=request.user, ip_address=client_ip(request))
    messages.success(request, _("Marked as done: the change left the work queue."))
    return redirect("changes:staff_case", application_id=application.public_id)
