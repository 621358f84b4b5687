"""Casework: enter a paper or telephone application (casework/paper.py does the work)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from marketplace.accounts.netaddr import client_ip
from marketplace.casework import paper
from marketplace.casework.forms import MOST_PEOPLE, paper_forms, room
from marketplace.casework.gate import Can, staff_page


def _filled(people) -> list:
    """The people's forms that were filled in (the first always counts)."""
    chosen = []
    for index, (member, extra) in enumerate(people):
        if index == 0 or member.has_changed() or extra.has_changed():
            member.empty_permitted = extra.empty_permitted = False
            chosen.append((member, extra))
    return chosen


def _facts(main, address, chosen) -> paper.PaperFacts:
    data, place = main.cleaned_data, address.cleaned_data
    return paper.PaperFacts(
        people=[
            paper.Person(
                first_name=m.cleaned_data["first_name"],
                last_name=m.cleaned_data["last_name"],
                date_of_birth=m.cleaned_data["date_of_birth"],
                relationship=m.cleaned_data["relationship"],
                sex=m.cleaned_data["sex"],
                ssn=m.cleaned_data.get("ssn", ""),
                citizen=e.cleaned_data["citizen"],
                wages_yearly=e.cleaned_data.get("wages_yearly") or Decimal("0"),
                seeking=e.cleaned_data["seeking"],
            )
            for m, e in chosen
        ],
        street=place["street"],
        city=place["city"],
        zipcode=place["zipcode"],
        countyfips=place["countyfips"],
        phone=place.get("phone", ""),
        email=place.get("contact_email", ""),
        filing_status=data["filing_status"],
        signature_name=data["signature_name"],
        signed_on=data["signed_on"],
        renewal_years=data["renewal_years"],
        language=data["language"],
    )


@staff_page(Can.ENTER_PAPER)
def enter(request):
    posted = request.method == "POST"
    people_room = room((request.POST if posted else request.GET).get("room"))
    main, address, people = paper_forms(
        request.POST if posted else None,
        request.FILES if posted else None,
        state=settings.MARKETPLACE_STATE,
        people_room=people_room,
    )
    status, problem = 200, ""
    if posted:
        chosen = _filled(people)
        valid = [main.is_valid(), address.is_valid()]
        valid += [f.is_valid() for pair in chosen for f in pair]
        if all(valid):
            data = main.cleaned_data
            try:
                record, _determination = paper.enter_application(
                    request.user,
                    _facts(main, address, chosen),
                    channel=data["channel"],
                    signature_method=data["signature_method"],
                    identity_how=data["identity_how"],
                    scan=data.get("scan"),
                    ip_address=client_ip(request),
                )
            except paper.PersonAlreadyHasAnApplication:
                problem = _(
                    "This e-mail address belongs to someone who already has an application: "
                    "find their household and report a change on it instead."
                )
            except PermissionError:
                problem = _("You cannot enter your own application.")
            else:
                messages.success(
                    request,
                    _("The application was entered and determined. The notice is on its way."),
                )
                return redirect("casework:household", owner_id=record.application.owner_id)
        status = 400
    context = {
        "form": main,
        "address": address,
        "people": people,
        "problem": problem,
        "room": people_room,
        "most_people": MOST_PEOPLE,
    }
    return render(request, "casework/paper.html", context, status=status)
