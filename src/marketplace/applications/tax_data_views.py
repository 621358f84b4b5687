"""The page "Your tax data and renewals": the authorization to use the household's tax data
at renewal, changed, renewed or withdrawn at any time (45 CFR 155.335(k)(1)(ii); ADR 0840)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.accounts.netaddr import client_ip
from marketplace.applications import actions, forms
from marketplace.applications.models import Application


@login_required
def tax_data(request, public_id):
    application = get_object_or_404(Application, public_id=public_id, owner=request.user)
    if request.method == "POST":
        form = forms.RenewalAuthorizationForm(request.POST)
        if form.is_valid():
            years = form.cleaned_data["renewal_years"]
            actions.authorize_tax_data(
                application, years=years, actor=request.user, ip_address=client_ip(request)
            )
            messages.success(request, _changed_message(years))
            return redirect("applications:dashboard")
    else:
        initial = {"renewal_years": application.renewal_years}
        form = forms.RenewalAuthorizationForm(initial=initial)
    return render(request, "applications/tax_data.html", {"application": application, "form": form})


def _changed_message(years: int) -> str:
    if not years:
        return _("Saved: we will not use your tax data to renew your coverage.")
    return ngettext(
        "Saved: we may use your tax data to renew your coverage for %(years)s year.",
        "Saved: we may use your tax data to renew your coverage for %(years)s years.",
        years,
    ) % {"years": years}
