"""The waiting room: overload gives new arrivals a queue, never an error (docs/contracts.md 4.11;
docs/adr/1601-waiting-room.md).

- Load is the number of requests in service across every web process, averaged over the
  last half second (each process writes its own figure to ProcessLoad at most twice a
  second and reads the others'; rows older than LOAD_STALE_SECONDS are ignored). With sync
  workers this reaches the number of workers exactly when requests start to queue in front
  of them, so `MARKETPLACE_WAITING_ROOM_AT` (0: never) is set a little under it.
- People already inside keep going: every page served carries a signed `mp_admitted`
  cookie (no personal data: a time stamp), and a request that carries one is never held,
  so a person signed in or in the middle of an application is never sent out; a page past
  half the cookie's hours renews it (ADR 1608).
- A new arrival while the site is saturated, or while people are already queued, takes a
  ticket (the WaitingRoom row's next number, in a signed `mp_ticket` cookie) and gets the
  queue page: their place, an estimated wait, a "Check now" link, and the choice to have
  the page check for them (a meta refresh, no JavaScript), which it does only once asked
  (WCAG 2.2.1: a page must not reload itself unless the person turned that on; ADR 1603).
  The API answers 503 with Retry-After instead.
- As load falls below the threshold, the processes advance `admitted_through`, and a
  waiting person whose ticket it has reached is let in on their next refresh.
- An operator opens the room on purpose (a maintenance window) with a message in English
  and Spanish (`marketplace waiting-room open`): then nobody new is admitted until it is
  closed.
"""

from __future__ import annotations

import math
import os
import socket
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from marketplace.audit import log as audit
from marketplace.operations.models import ProcessLoad, WaitingRoom

ADMITTED_COOKIE = "mp_admitted"
TICKET_COOKIE = "mp_ticket"
#: The queue page reloads itself only for a person who asked it to (WCAG 2.2.1; ADR 1603):
#: the choice comes as `?mp-wait=auto|manual` and is kept in this cookie (no personal data).
AUTO_COOKIE = "mp_wait"
CHOICE_PARAMETER = "mp-wait"
SYNC_SECONDS = 0.5
LOAD_STALE_SECONDS = 10
# a static document (the API description) is as cheap as a static file
EXEMPT = ("/static/", "/healthz", "/readyz", "/metrics", "/i18n/", "/api/v1/openapi.json")
_SALT = "marketplace.waiting-room"


# --- this process's load -------------------------------------------------------------


class _Load:
    """Requests in service in this process, and time spent serving them."""

    def __init__(self):
        self.lock = threading.Lock()
        self.in_service = 0
        self.busy = 0.0  # request-seconds served since the last sync
        self.changed_at = time.monotonic()
        self.synced_at = 0.0
        self.site_load = 0.0

    def _account(self, now: float) -> None:
        self.busy += self.in_service * (now - self.changed_at)
        self.changed_at = now

    def start(self) -> None:
        with self.lock:
            self._account(time.monotonic())
            self.in_service += 1

    def finish(self) -> None:
        with self.lock:
            self._account(time.monotonic())
            self.in_service -= 1

    def window(self) -> float | None:
        """This process's average in-flight requests since the last sync, or None when it
        synced less than SYNC_SECONDS ago."""
        with self.lock:
            now = time.monotonic()
            elapsed = now - self.synced_at
            if elapsed < SYNC_SECONDS:
                return None
            self._account(now)
            average = self.busy / elapsed if self.synced_at else float(self.in_service)
            self.busy, self.synced_at = 0.0, now
            return average


LOAD = _Load()
PROCESS = f"{socket.gethostname()}:{os.getpid()}"


def site_load() -> float:
    """Requests in service across the site (cached; refreshed every SYNC_SECONDS)."""
    mine = LOAD.window()
    if mine is not None:
        now = timezone.now()
        if not ProcessLoad.objects.filter(process=PROCESS).update(in_flight=mine, updated_at=now):
            ProcessLoad.objects.update_or_create(
                process=PROCESS, defaults={"in_flight": mine, "updated_at": now}
            )
        fresh = ProcessLoad.objects.filter(
            updated_at__gte=now - timedelta(seconds=LOAD_STALE_SECONDS)
        )
        LOAD.site_load = fresh.aggregate(total=Sum("in_flight"))["total"] or 0.0
        _admit_as_capacity_frees(LOAD.site_load)
    return LOAD.site_load


# --- the queue -------------------------------------------------------------------------


def room() -> WaitingRoom:
    found, _created = WaitingRoom.objects.get_or_create(pk=1)
    return found


def threshold() -> float:
    return float(getattr(settings, "MARKETPLACE_WAITING_ROOM_AT", 0) or 0)


def saturated(load: float) -> bool:
    at = threshold()
    return bool(at) and load >= at


def _admit_as_capacity_frees(load: float) -> None:
    """Let in as many waiting people as there is room for below the threshold; below half
    of it, everyone waiting (tickets whose holders left must not hold up the line)."""
    at = threshold()
    if not at or load >= at:
        return
    waiting = WaitingRoom.objects.filter(
        pk=1, opened_by_operator=False, admitted_through__lt=F("next_ticket") - 1
    )
    if load < at / 2:
        waiting.update(admitted_through=F("next_ticket") - 1)
        return
    waiting.update(admitted_through=F("admitted_through") + math.floor(at - load) + 1)
    WaitingRoom.objects.filter(pk=1, admitted_through__gt=F("next_ticket") - 1).update(
        admitted_through=F("next_ticket") - 1
    )


def take_ticket() -> int:
    with transaction.atomic():
        room()
        WaitingRoom.objects.filter(pk=1).update(next_ticket=F("next_ticket") + 1)
        ticket = WaitingRoom.objects.get(pk=1).next_ticket - 1
    forget_cached_room()  # this process sees its own queue at once; others within a second
    return ticket


@dataclass(frozen=True)
class Decision:
    admit: bool
    ticket: int | None = None
    place: int = 0
    wait_seconds: int = 0
    message: str = ""


def decide(admitted: bool, ticket: int | None, language: str) -> Decision:
    """Admit, or hold with a ticket. `admitted`: the request carries a valid admission
    cookie; `ticket`: the ticket its `mp_ticket` cookie holds, if any."""
    if admitted:
        return Decision(True)
    state = _current_room()
    message = (state.message_es if language == "es" else state.message_en) or ""
    if state.opened_by_operator:
        return _hold(state, ticket, message)
    if not threshold():
        return Decision(True)
    load = site_load()
    if ticket is not None and ticket <= state.admitted_through:
        return Decision(True)
    queue_empty = state.admitted_through >= state.next_ticket - 1
    if not saturated(load) and queue_empty and ticket is None:
        return Decision(True)
    return _hold(state, ticket, message)


_cached: tuple[float, WaitingRoom] | None = None
ROOM_CACHE_SECONDS = 1.0


def _current_room() -> WaitingRoom:
    """The shared row, read at most once a second per process (a queued person's place
    may lag a second; nothing else depends on it)."""
    global _cached
    now = time.monotonic()
    if _cached is None or now - _cached[0] >= ROOM_CACHE_SECONDS:
        _cached = (now, room())
    return _cached[1]


def forget_cached_room() -> None:
    global _cached
    _cached = None


def _hold(state: WaitingRoom, ticket: int | None, message: str) -> Decision:
    if ticket is None:
        ticket = take_ticket()
    place = max(1, ticket - state.admitted_through)
    per_place = float(getattr(settings, "MARKETPLACE_WAITING_ROOM_SECONDS_PER_PLACE", 2))
    wait = int(max(refresh_seconds(), place * per_place))
    return Decision(False, ticket=ticket, place=place, wait_seconds=wait, message=message)


def refresh_seconds() -> int:
    return int(getattr(settings, "MARKETPLACE_WAITING_ROOM_REFRESH_SECONDS", 10))


# --- cookies -------------------------------------------------------------------------


def admission_value() -> str:
    return signing.dumps({"at": int(time.time())}, salt=_SALT, compress=True)


def is_admitted(value: str | None) -> bool:
    """Whether the admission cookie is ours and younger than the admission hours. Every
    request asks it with the same cookie for hours, so its signature is checked once per
    process (_admitted_at) and only its age each time: the check was half of what the
    operations middleware added to a request (make bench ONLY=reports)."""
    if not value:
        return False
    at = _admitted_at(value)
    return at is not None and time.time() - at <= admission_hours() * 3600


def renewal_due(value: str | None) -> bool:
    """An admission cookie past half its life: the page served gives a fresh one, so a
    person who keeps using the site (a caseworker's working day, a long application) is
    never sent to the queue; one who left for longer than the admission hours is a
    newcomer again."""
    at = _admitted_at(value) if value else None
    return at is not None and time.time() - at > admission_hours() * 1800


@lru_cache(maxsize=4096)
def _admitted_at(value: str) -> float | None:
    """When the cookie was signed, or None if it is not a cookie we signed."""
    try:
        data = signing.loads(value, salt=_SALT)
    except signing.BadSignature:
        return None
    at = data.get("at") if isinstance(data, dict) else None
    return float(at) if isinstance(at, int) else None


def admission_hours() -> int:
    return int(getattr(settings, "MARKETPLACE_WAITING_ROOM_ADMISSION_HOURS", 4))


def ticket_value(ticket: int) -> str:
    return signing.dumps({"ticket": ticket}, salt=_SALT + ".ticket")


def ticket_of(value: str | None) -> int | None:
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_SALT + ".ticket", max_age=24 * 3600)
    except signing.BadSignature:
        return None
    ticket = data.get("ticket") if isinstance(data, dict) else None
    return ticket if isinstance(ticket, int) else None


# --- the operator's switch -------------------------------------------------------------


def open_room(message_en: str, message_es: str, *, actor_label: str = "operator") -> None:
    """Open the waiting room on purpose (a maintenance window): nobody new is admitted."""
    with transaction.atomic():
        room()
        WaitingRoom.objects.filter(pk=1).update(
            opened_by_operator=True, message_en=message_en, message_es=message_es
        )
        audit.record("operations.waiting_room_opened", actor_label=actor_label)
    forget_cached_room()


def close_room(*, actor_label: str = "operator") -> None:
    """Close it: everyone waiting is let in on their next refresh."""
    with transaction.atomic():
        room()
        WaitingRoom.objects.filter(pk=1).update(
            opened_by_operator=False,
            message_en="",
            message_es="",
            admitted_through=F("next_ticket") - 1,
        )
        audit.record("operations.waiting_room_closed", actor_label=actor_label)
    forget_cached_room()
