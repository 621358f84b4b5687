"""The application pages: signed-in only, one step per page, saved at every step, no JS needed.

A person only ever sees their own application: every lookup is by public UUID AND owner, so
another person's URL answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.netaddr import client_ip
from marketplace.applications import (
    actions,
    carried,
    completeness,
    effects,
    forms,
    presentation,
    reconcile,
)
from marketplace.applications.models import (
    MAX_MEMBERS,
    STEP_ORDER,
    Application,
    Member,
    Relationship,
    Step,
)
from marketplace.core import carry
from marketplace.determinations.ftr import other_filer
from marketplace.determinations.models import Determination

STEP_URLS = {
    Step.HOUSEHOLD: "applications:household",
    Step.TAX: "applications:tax",
    Step.ADDRESS: "applications:address",
    Step.DETAILS: "applications:people",
    Step.INCOME: "applications:income",
    Step.SEEKING: "applications:seeking",
    Step.REVIEW: "applications:review",
    Step.SIGN: "applications:sign",
}


def _ip(request) -> str | None:
    """The trusted-proxy client address, as every audit row (accounts.netaddr)."""
    return client_ip(request)


def _own(request, public_id) -> Application:
    return get_object_or_404(Application, public_id=public_id, owner=request.user)


def _step_url(application: Application, step: str) -> str:
    return reverse(STEP_URLS[step], args=[application.public_id])


def _steps(application: Application, current: str) -> list[dict]:
    return [
        {
            "key": step.value,
            "label": step.label,
            "url": _step_url(application, step.value),
            "reachable": application.reached(step.value),
            "current": step.value == current,
        }
        for step in Step
    ]


def _page(request, application, step, template, context):
    context.update(application=application, steps=_steps(application, step), step=Step(step).label)
    return render(request, f"applications/{template}", context)


def _editable_or_redirect(request, application):
    if application.editable:
        return None
    messages.info(
        request,
        _("Your application was submitted. To change something, choose “Report a change”."),
    )
    return redirect("applications:dashboard")


def _next(application: Application, step: str):
    index = STEP_ORDER.index(step) + 1
    return redirect(_step_url(application, STEP_ORDER[min(index, len(STEP_ORDER) - 1)]))


@login_required
def dashboard(request):
    application = actions.current_application(request.user)
    shopped = carried.clean(carry.household(request.session))
    context = {
        "application": application,
        "notices": effects.notices_for(request.user),
        "from_shopping": [presentation.carried_person(p) for p in shopped.get("people", [])],
        "income_from_shopping": shopped.get("income"),
    }
    if application is not None:
        determinations = list(application.determinations.all())
        context.update(
            determinations=determinations,
            latest=determinations[0] if determinations else None,
            items=effects.verification_items(application),
            resume_url=_step_url(application, application.step_reached),
        )
    return render(request, "applications/dashboard.html", context)


@login_required
@require_POST
def start(request):
    application = actions.start_application(
        request.user, carried=carry.household(request.session), ip_address=_ip(request)
    )
    carry.forget_household(request.session)
    if not application.editable:
        return redirect("applications:dashboard")
    return redirect(_step_url(application, application.step_reached))


@login_required
@require_POST
def reopen(request, public_id):
    application = _own(request, public_id)
    try:
        actions.reopen_application(application, actor=request.user, ip_address=_ip(request))
    except actions.states.TransitionNotAllowed:
        messages.info(request, _("Your application is being decided. Try again in a moment."))
        return redirect("applications:dashboard")
    messages.success(request, _("You can now change your application and submit it again."))
    return redirect(_step_url(application, Step.HOUSEHOLD))


@login_required
def household(request, public_id):
    application = _own(request, public_id)
    if (response := _editable_or_redirect(request, application)) is not None:
        return response
    members = list(application.members.all())
    return _page(
        request,
        application,
        Step.HOUSEHOLD,
        "household.html",
        {
            "members": members,
            "has_self": any(m.relationship == Relationship.SELF for m in members),
            "from_shopping": [presentation.carried_person(p) for p in carried.people(application)],
            "still_to_add": [
                presentation.carried_person(p) for p in carried.unmatched(application, members)
            ],
            "full": len(members) >= MAX_MEMBERS,
            "full_message": forms.household_full_message(),
        },
    )


@login_required
def member(request, public_id, member_id=None):
    application = _own(request, public_id)
    if (response := _editable_or_redirect(request, application)) is not None:
        return response
    instance = None
    if member_id is not None:
        instance = get_object_or_404(Member, public_id=member_id, application=application)
    full = instance is None and application.members.count() >= MAX_MEMBERS
    if request.method == "GET" and full:
        messages.info(request, forms.household_full_message())
        return redirect("applications:household", public_id)
    if request.method == "POST":
        form = forms.MemberForm(request.POST, application=application, member=instance)
        if form.is_valid():
            try:
                saved = actions.save_member(
                    application,
                    form.cleaned_data,
                    instance,
                    actor=request.user,
                    ip_address=_ip(request),
                )
            except actions.HouseholdFull:  # filled from another tab meanwhile
                form.add_error(None, forms.household_full_message())
            else:
                messages.success(request, _("Saved."))
                _check_against_shopping(request, application, saved)
                return redirect("applications:household", public_id)
    else:
        form = forms.MemberForm(
            initial=_member_initial(application, instance), application=application, member=instance
        )
        described = carried.next_person(application, list(application.members.all()))
        if instance is None and described is not None:
            form.fields["date_of_birth"].help_text = presentation.carried_age_hint(described)
    return _page(
        request, application, Step.HOUSEHOLD, "member.html", {"form": form, "member": instance}
    )


def _member_initial(application, instance) -> dict:
    """A member's saved answers; for a new one, the next person described while window
    shopping (their relationship), else "Myself" for the first person."""
    if instance is not None:
        return {f: getattr(instance, f) for f in actions.MEMBER_FIELDS}
    described = carried.next_person(application, list(application.members.all()))
    if described is not None:
        return {"relationship": carried.RELATIONSHIPS[described["relationship"]][0]}
    if not application.members.exists():
        return {"relationship": Relationship.SELF}
    return {}


def _check_against_shopping(request, application, saved) -> None:
    """Never silently wrong: say so when a date of birth disagrees with the age given
    while window shopping for the same kind of relationship."""
    person = carried.mismatch(application, list(application.members.all()), saved)
    if person is not None:
        messages.warning(request, presentation.carried_age_mismatch(saved, person))


@login_required
@require_POST
def remove_member(request, public_id, member_id):
    application = _own(request, public_id)
    if (response := _editable_or_redirect(request, application)) is not None:
        return response
    instance = get_object_or_404(Member, public_id=member_id, application=application)
    name = instance.name
    actions.remove_member(application, instance, actor=request.user, ip_address=_ip(request))
    messages.success(request, _("%(name)s was removed from the household.") % {"name": name})
    return redirect("applications:household", public_id)


def _simple_step(request, public_id, step, template, make_form, save):
    application = _own(request, public_id)
    if (response := _editable_or_redirect(request, application)) is not None:
        return response
    if not application.reached(step):
        return redirect(_step_url(application, application.step_reached))
    form = make_form(application, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        save(application, form, actor=request.user, ip_address=_ip(request))
        return _next(application, step)
    return _page(request, application, step, template, {"form": form})


@login_required
def tax(request, public_id):
    def make(application, data):
        initial = {
            "filing_status": application.filing_status,
            "tax_filer": {True: "yes", False: "no"}.get(application.tax_filer),
        }
        members = list(application.members.all())
        for m in members:
            if m.tax_role == "dependent":
                initial[f"claim_{m.public_id.hex}"] = "yes"
        return forms.TaxForm(data, initial=initial, members=members)

    def save(application, form, **kw):
        data = form.cleaned_data
        actions.save_tax(
            application,
            tax_filer=data["tax_filer"],
            filing_status=data["filing_status"],
            roles=form.roles(),
            **kw,
        )

    return _simple_step(request, public_id, Step.TAX, "tax.html", make, save)


@login_required
def address(request, public_id):
    def make(application, data):
        initial = {
            f: getattr(application, f)
            for f in ("street", "city", "zipcode", "countyfips", "phone", "contact_email")
        }
        initial.update(carried.address_initial(application))
        return forms.AddressForm(data, initial=initial, state=application.state)

    def save(application, form, **kw):
        actions.save_address(application, form.cleaned_data, **kw)

    return _simple_step(request, public_id, Step.ADDRESS, "address.html", make, save)


@login_required
def people(request, public_id):
    application = _own(request, public_id)
    if (response := _editable_or_redirect(request, application)) is not None:
        return response
    if not application.reached(Step.DETAILS):
        return redirect(_step_url(application, application.step_reached))
    members = list(application.members.all())
    return _page(request, application, Step.DETAILS, "people.html", {"members": members})


def _bool_initial(value):
    return {True: "yes", False: "no"}.get(value)


@login_required
def details(request, public_id, member_id):
    application = _own(request, public_id)
    if (response := _editable_or_redirect(request, application)) is not None:
        return response
    if not application.reached(Step.DETAILS):
        return redirect(_step_url(application, application.step_reached))
    instance = get_object_or_404(Member, public_id=member_id, application=application)
    if request.method == "POST":
        form = forms.DetailsForm(request.POST, member=instance)
        if form.is_valid():
            actions.save_details(
                application,
                instance,
                form.cleaned_data,
                actor=request.user,
                ip_address=_ip(request),
            )
            following = application.members.filter(details_done=False).first()
            if following is not None:
                return redirect("applications:details", public_id, following.public_id)
            return redirect("applications:people", public_id)
    else:
        initial = carried.details_initial(application, instance)
        if instance.details_done:
            initial = {f: getattr(instance, f) for f in actions.DETAIL_FIELDS}
            for f, value in list(initial.items()):
                if isinstance(value, bool) or (value is None and f in presentation.BOOL_FIELDS):
                    initial[f] = _bool_initial(value)
        form = forms.DetailsForm(initial=initial, member=instance)
    return _page(
        request, application, Step.DETAILS, "details.html", {"form": form, "member": instance}
    )


@login_required
def income(request, public_id):
    application = _own(request, public_id)
    if (response := _editable_or_redirect(request, application)) is not None:
        return response
    if not application.reached(Step.INCOME):
        return redirect(_step_url(application, application.step_reached))
    members = list(application.members.prefetch_related("incomes", "deductions"))
    data = request.POST if request.method == "POST" else None
    nothing_saved = not any(m.incomes.all() or m.deductions.all() for m in members)
    from_shopping = carried.income(application) if nothing_saved else None
    income_forms = [
        forms.IncomeForm(
            data,
            member=m,
            initial=carried.income_initial(application, m)
            if from_shopping
            else presentation.income_initial(m),
        )
        for m in members
    ]
    if data is not None and all(f.is_valid() for f in income_forms):
        actions.save_income(
            application,
            {f.member.pk: f.entries() for f in income_forms},
            actor=request.user,
            ip_address=_ip(request),
        )
        return _next(application, Step.INCOME)
    return _page(
        request,
        application,
        Step.INCOME,
        "income.html",
        {"forms": income_forms, "from_shopping": from_shopping, "applicant": application.applicant},
    )


@login_required
def seeking(request, public_id):
    def make(application, data):
        members = list(application.members.all())
        not_needed = set()
        if not application.reached(Step.REVIEW):  # first answer: as said while shopping
            not_needed = carried.not_seeking(application, members)
        initial = {
            "seeking": [
                m.public_id.hex for m in members if m.seeking_coverage and m.pk not in not_needed
            ]
        }
        return forms.SeekingForm(data, initial=initial, members=members)

    def save(application, form, **kw):
        actions.save_seeking(application, form.chosen(), **kw)

    return _simple_step(request, public_id, Step.SEEKING, "seeking.html", make, save)


@login_required
def review(request, public_id):
    application = _own(request, public_id)
    if (response := _editable_or_redirect(request, application)) is not None:
        return response
    if not application.reached(Step.REVIEW):
        return redirect(_step_url(application, application.step_reached))
    problems = [
        {"message": message, "url": _step_url(application, step)}
        for step, message in completeness.problems(application)
        if step != Step.SIGN
    ]
    if request.method == "POST" and not problems:
        actions.mark_reviewed(application, actor=request.user, ip_address=_ip(request))
        return redirect("applications:sign", public_id)
    context = presentation.review_context(application)
    context["problems"] = problems
    return _page(request, application, Step.REVIEW, "review.html", context)


@login_required
def sign(request, public_id):
    from marketplace.accounts.identity import is_identity_verified

    application = _own(request, public_id)
    token = request.POST.get("submission_token")
    if request.method == "POST" and token and not application.editable:
        # The same submit posted twice (a double click, a retry): show what was decided.
        repeat = _repeated_submission(application, token)
        if repeat is not None:
            return redirect("applications:result", public_id, repeat.public_id)
    if (response := _editable_or_redirect(request, application)) is not None:
        return response
    if not application.reached(Step.SIGN):
        return redirect(_step_url(application, application.step_reached))
    applicant = application.applicant
    context = {"verified": is_identity_verified(request.user), "problems": []}
    if request.method == "POST":
        form = forms.SignForm(request.POST, applicant=applicant)
        if form.is_valid():
            outcome = _sign_and_submit(request, application, form.cleaned_data, token)
            if not isinstance(outcome, dict):
                return outcome
            context.update(outcome)
    else:
        initial = {
            "signature_name": application.signature_name,
            "attest_true": application.attest_true,
            "attest_changes": application.attest_changes,
            "renewal_years": application.renewal_years or None,  # none chosen yet: none shown
        }
        form = forms.SignForm(initial=initial, applicant=applicant)
    return _page(request, application, Step.SIGN, "sign.html", {"form": form, **context})


def _sign_and_submit(request, application, data, token):
    """Sign, then submit; a redirect to the result, or what the sign page must say.

    Two POSTs of the same form can arrive together (a double click): the one that waited
    finds the application already submitted (`NotEditable`) and shows the result the other
    one made, as a repeated POST after the fact does."""
    try:
        actions.sign(
            application,
            signature_name=data["signature_name"],
            attest_true=data["attest_true"],
            attest_changes=data["attest_changes"],
            renewal_years=data["renewal_years"],
            actor=request.user,
            ip_address=_ip(request),
        )
        determination = actions.submit_application(
            application, request.user, _ip(request), token=token or "missing"
        )
    except actions.NotEditable:
        repeat = _repeated_submission(application, token) if token else None
        if repeat is None:
            return _editable_or_redirect(request, Application.objects.get(pk=application.pk))
        determination = repeat
    except actions.IdentityNotVerified:
        return {"verified": False}
    except actions.Incomplete as exc:
        return {"problems": [m for _, m in exc.problems]}
    return redirect("applications:result", application.public_id, determination.public_id)


def _repeated_submission(application, token):
    try:
        return actions.submit_application(application, application.owner, None, token=token)
    except (actions.states.TransitionNotAllowed, actions.Incomplete):
        return None


@login_required
def result(request, public_id, determination_id):
    application = _own(request, public_id)
    determination = Determination.objects.filter(
        application=application, public_id=determination_id
    ).first()
    if determination is None:
        raise Http404
    context = presentation.result_context(determination)
    history = list(application.determinations.all())
    chosen = carry.plan(request.session)
    context.update(
        application=application,
        determination=determination,
        history=history,
        # The latest result continues to choosing a plan (the plan picked while window
        # shopping, when it is for the same year).
        can_choose=determination == history[0] and determination.offers_a_plan,
        chosen_plan=chosen if chosen and chosen.get("year") == determination.year else None,
        # A failure to file and reconcile named on the latest result: the tax filer may
        # attest that they have since filed (changes/reconciled.py, docs/adr/0106).
        ftr_years=reconcile.reported_years(determination.result)
        if determination == history[0]
        else [],
        # another tax filer's: the link speaks of them, not of "I" (docs/adr/0108)
        ftr_other_filer=other_filer(determination.input_snapshot),
    )
    return render(request, "applications/result.html", context)
