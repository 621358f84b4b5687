"""The waiting room under a real overload: `marketplace serve` with two gunicorn workers
and a threshold under them, and many people (each a browser keeping its cookies) asking
for pages at once while newcomers keep arriving. Every answer is a page or the waiting
room, never an error or a timeout; the room engages; when the crowd leaves, a newcomer is
let straight in."""

from __future__ import annotations

import http.cookiejar
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.operations.served import serve

pytestmark = pytest.mark.slow
PORT = 8162
PEOPLE = 24
SECONDS = 8
ARRIVE_EVERY = 3
CROWDS = 2


def person_opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def visit(opener, path="/shop/"):
    try:
        with opener.open(f"http://127.0.0.1:{PORT}{path}", timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def test_an_overload_gets_pages_or_the_waiting_room_and_never_an_error(tmp_path):
    answers: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()

    def crowd_member():
        # People keep arriving: every ARRIVE_EVERY-th visit is a newcomer's first (no
        # cookies), the rest come from someone already inside or in line. Without new
        # arrivals the whole crowd may be let in during the first half second, before any
        # process has measured the load, and a crowd already inside is never held.
        opener = person_opener()
        stop = time.monotonic() + SECONDS
        visits = 0
        while time.monotonic() < stop:
            visits += 1
            if visits % ARRIVE_EVERY == 0:
                opener = person_opener()
            try:
                status, body = visit(opener)
            except OSError as exc:  # refused, reset, timed out: a failure
                with lock:
                    failures.append(type(exc).__name__)
                continue
            kind = "waiting" if "You are in line" in body else "page"
            with lock:
                answers.append(kind if status == 200 else f"status {status}")

    extra = {"MARKETPLACE_WAITING_ROOM_AT": "1.5", "MARKETPLACE_WAITING_ROOM_REFRESH_SECONDS": "1"}
    with serve(tmp_path, PORT, workers=2, extra_env=extra):
        # How soon the room engages depends on how busy the machine is: a second crowd comes
        # when the first saw only pages or only the queue (never an error, in either).
        for _ in range(CROWDS):
            threads = [threading.Thread(target=crowd_member) for _ in range(PEOPLE)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            if answers.count("waiting") and answers.count("page"):
                break
        assert not failures, failures[:5]
        errors = [answer for answer in answers if answer.startswith("status")]
        assert not errors, errors[:5]
        assert answers.count("waiting") > 0, "the waiting room never engaged"
        assert answers.count("page") > 0, "nobody was served"
        # The crowd left: load falls and a newcomer is let straight in.
        time.sleep(1.5)
        newcomer = person_opener()
        for _ in range(10):
            status, body = visit(newcomer)
            if "You are in line" not in body:
                break
            time.sleep(1)
        assert status == 200 and "You are in line" not in body
