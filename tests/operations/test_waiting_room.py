"""The waiting room through the web client: an operator's opening holds new arrivals with
a queue page (place, wait, meta refresh) in their language, the API gets 503 with
Retry-After, people already inside keep going, and closing lets the queue in."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.test import Client

from marketplace.operations import waiting_room

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    waiting_room.forget_cached_room()
    yield
    waiting_room.forget_cached_room()


def open_for_maintenance():
    call_command(
        "waiting-room",
        "open",
        "--message-en",
        "Maintenance until 2 a.m.",
        "--message-es",
        "Mantenimiento hasta las 2 a. m.",
    )


def test_an_operator_opening_holds_new_arrivals_and_lets_insiders_on():
    inside = Client()
    assert inside.get("/").status_code == 200  # was already here: admitted
    open_for_maintenance()
    newcomer = Client()
    held = newcomer.get("/shop/")
    page = held.content.decode()
    assert held.status_code == 200 and held["Retry-After"] == "10"
    assert "You are in line" in page and "Maintenance until 2 a.m." in page
    assert 'http-equiv="refresh"' not in page  # reloads itself only when asked
    assert "Your place in line: 1" in page
    automatic = newcomer.get("/shop/?mp-wait=auto").content.decode()
    assert '<meta http-equiv="refresh" content="10; url=/shop/">' in automatic
    assert "Your place in line: 1" in automatic and "mp-wait=manual" in automatic
    # the choice is kept when the page reloads itself
    assert 'http-equiv="refresh"' in newcomer.get("/shop/").content.decode()
    second = Client().get("/shop/").content.decode()
    assert "Your place in line: 2" in second
    # Refreshing keeps one's place.
    assert "Your place in line: 1" in newcomer.get("/shop/").content.decode()
    # Someone already inside is never sent out.
    assert "You are in line" not in inside.get("/shop/").content.decode()
    # Health checks are never held.
    assert Client().get("/healthz").status_code == 200
    # The API answers 503 with Retry-After.
    api = Client().get("/api/v1/market-years")
    assert api.status_code == 503 and api["Retry-After"] == "10"
    call_command("waiting-room", "close")
    waiting_room.forget_cached_room()
    let_in = newcomer.get("/shop/?mp-wait=manual")  # the last page's link: the choice goes
    assert let_in.status_code == 302 and let_in["Location"] == "/shop/"
    let_in = newcomer.get("/shop/")
    assert let_in.status_code == 200 and "You are in line" not in let_in.content.decode()


def test_the_queue_page_is_in_spanish():
    open_for_maintenance()
    client = Client()
    client.cookies["marketplace_language"] = "es"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in page and "Mantenimiento hasta las 2 a. m." in page
    assert "Está en la fila" in page


def test_opening_needs_a_message_in_both_languages():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--message-es"):
        call_command("waiting-room", "open", "--message-en", "Maintenance")


def test_saturation_holds_newcomers_and_a_falling_load_lets_them_in(settings, monkeypatch):
    settings.MARKETPLACE_WAITING_ROOM_AT = 2
    monkeypatch.setattr(waiting_room, "site_load", lambda: 3.0)  # every worker busy
    newcomer = Client()
    assert "You are in line" in newcomer.get("/").content.decode()
    monkeypatch.setattr(waiting_room, "site_load", lambda: 0.5)
    # Load fell but the queue has someone: a new arrival joins behind them.
    later = Client()
    assert "You are in line" in later.get("/").content.decode()
    waiting_room._admit_as_capacity_frees(0.5)
    waiting_room.forget_cached_room()
    assert "You are in line" not in newcomer.get("/").content.decode()
    assert "You are in line" not in later.get("/").content.decode()


def test_an_admission_cookie_counts_only_if_ours_and_young_enough(settings, monkeypatch):
    settings.MARKETPLACE_WAITING_ROOM_ADMISSION_HOURS = 4
    cookie = waiting_room.admission_value()
    assert waiting_room.is_admitted(cookie)
    assert waiting_room.is_admitted(cookie)  # asked again: the same answer
    assert not waiting_room.is_admitted(cookie[:-2] + ("xy" if cookie[-2:] != "xy" else "zz"))
    assert not waiting_room.is_admitted(waiting_room.ticket_value(7))  # another cookie's kind
    assert not waiting_room.is_admitted("")
    signed = time.time()
    monkeypatch.setattr(waiting_room.time, "time", lambda: signed + 4 * 3600 + 5)
    assert not waiting_room.is_admitted(cookie)  # older than the admission hours
    settings.MARKETPLACE_WAITING_ROOM_ADMISSION_HOURS = 5
    assert waiting_room.is_admitted(cookie)


def test_someone_who_keeps_using_the_site_is_never_sent_out(settings, monkeypatch):
    """A caseworker's working day outlasts the admission hours: each page past half of them
    renews the admission, so the room opening in the afternoon does not hold her."""
    settings.MARKETPLACE_WAITING_ROOM_ADMISSION_HOURS = 4
    started = time.time()
    clock = {"now": started}
    monkeypatch.setattr(waiting_room.time, "time", lambda: clock["now"])
    inside = Client()
    assert inside.get("/").status_code == 200
    first = inside.cookies[waiting_room.ADMITTED_COOKIE].value
    clock["now"] = started + 3600  # an hour in: nothing to renew
    inside.get("/")
    assert inside.cookies[waiting_room.ADMITTED_COOKIE].value == first
    clock["now"] = started + 3 * 3600  # past half the admission hours: renewed
    inside.get("/")
    assert inside.cookies[waiting_room.ADMITTED_COOKIE].value != first
    clock["now"] = started + 5 * 3600  # past the first cookie's hours
    open_for_maintenance()
    page = inside.get("/shop/")
    assert page.status_code == 200 and "You are in line" not in page.content.decode()
    held = Client().get("/shop/").content.decode()
    assert "You are in line" in held and "Estimated wait: about" in held
