"""Casework: find a household and see everything about it (ADR 1000)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, render

from marketplace.casework import household, search
from marketplace.casework.forms import SearchForm
from marketplace.casework.gate import Can, refuse_own_case, staff_page


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
