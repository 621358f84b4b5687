"""Casework: find a household and see everything about it (ADR 1000)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.accounts.netaddr import client_ip
from marketplace.casework import household, returned_mail, search
from marketplace.casework.forms import SearchForm
from marketplace.casework.gate import Can, refuse_own_case, staff_page
from marketplace.notices.models import Notice


@staff_page(Can.VIEW)
def find(request):
    """A posted form (the details are personal: never in the address)."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "searched": False}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            found, more = search.find(form.criteria())
            context.update(searched=True, households=found, more=more)
        else:
            status = 400
    return render(request, "casework/find.html", context, status=status)


@staff_page(Can.VIEW)
def household_page(request, owner_id: int):
    owner = get_object_or_404(get_user_model(), pk=owner_id)
    refuse_own_case(request.user, owner.pk)
    return render(request, "casework/household.html", household.gather(owner, request.user))


@staff_page(Can.VIEW)
@require_POST
def mail_returned(request, owner_id: int):
    owner = get_object_or_404(get_user_model(), pk=owner_id)
    refuse_own_case(request.user, owner.pk)
    notice = Notice.objects.filter(
        returned_mail.of_household(owner),
        public_id=_uuid(request.POST.get("notice")),
        mailed_at__isnull=False,
    ).first()
    if notice is None:
        messages.error(request, _("Notice: choose a notice that was mailed."))
    else:
        returned_mail.report_returned(notice, by=request.user, ip_address=client_ip(request))
        messages.success(
            request, _("The address is flagged; no more mail goes out until it is confirmed.")
        )
    return redirect("casework:household", owner_id=owner.pk)


@staff_page(Can.VIEW)
@require_POST
def address_confirmed(request, owner_id: int):
    owner = get_object_or_404(get_user_model(), pk=owner_id)
    refuse_own_case(request.user, owner.pk)
    count = returned_mail.confirm_address(owner, by=request.user, ip_address=client_ip(request))
    messages.success(
        request,
        _("The address is confirmed; %(count)s held notice(s) go to the mail house.")
        % {"count": count},
    )
    return redirect("casework:household", owner_id=owner.pk)


def _uuid(raw):
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None
