"""Casework: the exchange registers navigators, certified application counsellors and
licensed agents and brokers (45 CFR 155.210, 155.225, 155.220; ADR 1001) on a page, through
`assisters.actions.register`, the same action as the `create-assister` command. Behind the
staff gate with `accounts.manage_staff` (administrators): it makes accounts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.assisters import actions
from marketplace.assisters.models import Assister
from marketplace.casework.forms import HelperForm
from marketplace.casework.gate import Can, staff_page


def _register(request, form) -> bool:
    """Register the helper on the form; False with the problem on the form."""
    data = form.cleaned_data
    try:
        helper = actions.register(**data, actor=request.user)
    except ValidationError as exc:
        for field, problems in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return False
    except actions.AssisterError:
        form.add_error(
            "email", _("This e-mail address belongs to an account that is not a helper.")
        )
        return False
    messages.success(
        request,
        _("%(name)s is registered. Their helper ID is %(code)s.")
        % {"name": helper.name, "code": helper.code},
    )
    return True


@staff_page(Can.MANAGE_STAFF)
def helpers(request):
    form = HelperForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _register(request, form):
        return redirect("casework:helpers")
    registered = Assister.objects.select_related("organisation", "user").order_by(
        "organisation__name", "last_name", "first_name"
    )[:500]
    status = 400 if form.errors else 200
    return render(
        request, "casework/helpers.html", {"form": form, "helpers": registered}, status=status
    )
