"""Pages for households (who helps me) and for helpers (the households I help).

A helper sees only the households whose authorisation stands; any other id answers 404, as
another person's records do everywhere in the exchange.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.netaddr import client_ip
from marketplace.accounts.roles import Role
from marketplace.assisters import actions
from marketplace.assisters.forms import AuthoriseForm
from marketplace.assisters.middleware import SESSION_KEY
from marketplace.audit import log as audit


def _helper(request):
    helper = getattr(request.user, "assister", None)
    if request.user.role != Role.ASSISTER or helper is None or not helper.active:
        raise Http404
    return helper


def _consumer(request):
    if request.user.role != Role.CONSUMER:
        raise Http404
    return request.user


@login_required
def clients(request):
    helper = _helper(request)
    return render(
        request,
        "assisters/clients.html",
        {"helper": helper, "clients": actions.clients(helper)},
    )


@login_required
@require_POST
def start(request, authorisation_id):
    authorisation = actions.authorised(request.user, authorisation_id)
    if authorisation is None:
        raise Http404
    request.session[SESSION_KEY] = str(authorisation.public_id)
    audit.record(
        "assister.helping_started",
        actor=request.user,
        obj=authorisation,
        ip_address=client_ip(request),
        channel=authorisation.assister.channel,
    )
    return redirect("applications:dashboard")


@login_required
@require_POST
def stop(request):
    if request.session.pop(SESSION_KEY, None):
        audit.record("assister.helping_stopped", actor=request.user, ip_address=client_ip(request))
    return redirect("assisters:clients")


@login_required
def helpers(request):
    consumer = _consumer(request)
    form = AuthoriseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.authorise(consumer, form.helper, ip_address=client_ip(request))
        except actions.AssisterError:
            form.add_error("code", _("This helper cannot be authorised now. Try again later."))
        else:
            messages.success(
                request,
                _("%(name)s can now help you with your application and enrollment.")
                % {"name": form.helper.name},
            )
            return redirect("assisters:helpers")
    return render(
        request,
        "assisters/helpers.html",
        {"form": form, "standing": actions.standing_for(consumer)},
    )


@login_required
@require_POST
def withdraw(request, authorisation_id):
    consumer = _consumer(request)
    standing = actions.standing_for(consumer)
    if standing is None or str(standing.public_id) != str(authorisation_id):
        raise Http404
    actions.withdraw(standing, by=consumer, ip_address=client_ip(request))
    messages.success(
        request,
        _("%(name)s can no longer see or change your records.") % {"name": standing.assister.name},
    )
    return redirect("assisters:helpers")
