"""Checkout of a plan in a special enrollment period (the cheapest silver by default), shared
by the SEP enrollment and verification tests."""

from __future__ import annotations

import re
import uuid

from marketplace.enrollment import actions
from tests.changes.conftest import (
    ATTESTED,
    SPRING,
    cheapest_silver,
)


def checkout(user, determination, plan_id=None, on=SPRING):
    return actions.checkout(
        user=user,
        determination=determination,
        plan_id=plan_id or cheapest_silver(determination),
        elected_aptc=None,
        attestations=ATTESTED,
        token=uuid.uuid4(),
        on=on,
    )


def links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


def follow(client, page: str, text_part: str) -> str:
    """The first link on `page` whose address contains `text_part`."""
    html = client.get(page).content.decode()
    for href in links(html):
        if text_part in href:
            return href
    raise AssertionError(f"no link with {text_part!r} on {page}")


def choose_plan_by_links(client, changes_page: str, metal: str):
    """From the changes page, by its links and buttons only: "Choose a plan", the first plan
    of `metal` on the plans page, its page's Continue (the credit as offered), then the
    checkout page. Returns (checkout address, checkout page response)."""
    page = client.get(changes_page).content.decode()
    plans = next(h for h in links(page) if re.fullmatch(r"/enroll/[0-9a-f-]{36}/", h))
    html = client.get(plans).content.decode()
    row = next(r for r in html.split("<tr")[1:] if f">{metal}</td>" in r and "/plans/" in r)
    plan = next(h for h in links(row) if "/plans/" in h)
    page = client.get(plan).content.decode()
    action = re.search(r'<form method="get" action="([^"]+)"', page).group(1)
    aptc = re.search(r'name="aptc"[^>]*value="([^"]*)"', page).group(1)
    address = f"{action}?aptc={aptc}"
    return address, client.get(address)


def enroll_on_checkout_page(client, address: str, response):
    """Tick the three attestations and press "Enroll in this plan"."""
    html = response.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    aptc = re.search(r'type="hidden" name="aptc" value="([^"]*)"', html).group(1)
    form = {"token": token, "aptc": aptc, "truthful": "on", "reconcile": "on", "terms": "on"}
    return client.post(address.split("?")[0], form)


def nina_spec():
    """Nina Begay, 34, Boston, an Alaska Native (the application records it): the household
    of the once-a-month period (45 CFR 155.420(d)(8))."""
    from marketplace.applications import seeding

    return seeding.HouseholdSpec(
        last_name="Begay",
        zipcode="02108",
        countyfips="25025",
        people=[seeding.PersonSpec("Nina", 34, "self", "female", wages_yearly=40000, aian=True)],
    )
