"""Issue 16 benchmark (`make bench ONLY=reports`): the officials' dashboard over many
households, the cost of the metrics on a request, and the waiting room at twice the load.

1. Dashboard: on a fresh PostgreSQL database (BENCH_POSTGRES, default
   postgres://postgres@127.0.0.1:5432; created and dropped here), BENCH_REPORTS_HOUSEHOLDS
   households (default 1,000,000) are bulk-loaded with COPY (tests/bench/reports_data.py,
   core/bulk.py): accounts, applications, determinations, two in three with a policy and
   its members, Medicaid/CHIP referrals, all in the 30 days up to now (2025-12-01).
   The whole dashboard page for that month (every funnel stage, every breakdown, premiums)
   is rendered through Django's test client as an official: once counted from the records
   alone (no rollup: what the page cost before ADR 1604), then after `reports-rollup`
   counted every record up to then (timed: the job's cost), warm, median of 5; records
   stamped after that moment are counted live from the records (here none: the load
   stamps every record before it; in service, the last few minutes' records).
   The floor: `SELECT count(*)` of the policies in the same run; the ratio is
   dashboard / floor.
2. Metrics overhead: 2,000 requests of the home page through the test client with the
   operations middleware (request id, counters, histogram, JSON line, SLA counts) and
   2,000 without it, interleaved in rounds, on SQLite; the figure is the difference per
   request and the ratio of the two.
3. Waiting room: `marketplace serve` with 2 sync workers and `MARKETPLACE_WAITING_ROOM_AT`
   1.5; first 2 cookie-keeping browsers (what the site serves without queueing), then 4
   (twice that) ask for pages for BENCH_REPORTS_SECONDS (10); the figure is the count of
   answers that were neither a page nor the waiting room (goal: 0).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import Figure

HOUSEHOLDS = int(os.environ.get("BENCH_REPORTS_HOUSEHOLDS", "1000000"))
SECONDS = int(os.environ.get("BENCH_REPORTS_SECONDS", "10"))
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REPO = Path(__file__).resolve().parents[2]

DASHBOARD_SNIPPET = """
import statistics, time, django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()  # responses keep their template context
from django.core.management import call_command
from django.db import connection
from django.test import Client
from marketplace.accounts.models import User
from marketplace.accounts import totp
from marketplace.reports import rollup
official = User.objects.create_user("olivia@example.org", None, role="official")
official.totp_secret = totp.new_secret()
official.mfa_enabled_at = official.date_joined
official.save()
client = Client()
client.force_login(official)
from datetime import timedelta
from marketplace.core import clock
today = clock.today()
query = {"start": (today - timedelta(days=30)).isoformat(), "end": today.isoformat()}
def render():
    started = time.perf_counter()
    response = client.get("/reports/", query)
    assert response.status_code == 200
    return time.perf_counter() - started, response
client.get("/account/")  # her first page today: the visit is counted before any figure
records_only, response = render()
live = {s.key: s.count for s in response.context["stages"]}
started = time.perf_counter()
rollup.recount()
recount = time.perf_counter() - started
render()
times = []
for _ in range(5):
    seconds, response = render()
    times.append(seconds)
assert {s.key: s.count for s in response.context["stages"]} == live, "rollup differs"
floor = []
for _ in range(5):
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM enrollment_enrollment")
        cursor.fetchone()
    floor.append(time.perf_counter() - started)
print(statistics.median(times), statistics.median(floor), live["selections"], records_only,
      recount)
"""

OVERHEAD_SNIPPET = """
import statistics, time, django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django.conf import settings
call_command("migrate", verbosity=0)
import logging
logging.getLogger("marketplace.events").setLevel(logging.INFO)
logging.getLogger("marketplace.events").handlers = [logging.NullHandler()]
plain = [m for m in settings.MIDDLEWARE if not m.startswith("marketplace.operations")]
def timed(middleware, n):
    with override_settings(MIDDLEWARE=middleware):
        client = Client()
        client.get("/")
        started = time.perf_counter()
        for _ in range(n):
            client.get("/")
        return (time.perf_counter() - started) / n
withs, withouts = [], []
for _ in range(10):
    withouts.append(timed(plain, 200))
    withs.append(timed(settings.MIDDLEWARE, 200))
print(statistics.median(withs), statistics.median(withouts))
"""


def _env(url: str, var: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        MARKETPLACE_VAR_DIR=str(var),
        MARKETPLACE_TODAY="2025-12-01",
        PYTHONPATH=f"{REPO}:{REPO / 'src'}",
        DJANGO_SETTINGS_MODULE="marketplace.settings",
        # pages rendered in-process, without collectstatic's manifest
        MARKETPLACE_STATIC_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    return env


def _run(args: list[str], env: dict) -> str:
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return done.stdout


def _psql(url: str, sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, capture_output=True
    )


def dashboard() -> list[Figure]:
    name = f"bench_reports_{os.getpid()}"
    _psql(f"{SERVER}/postgres", f'CREATE DATABASE "{name}"')
    url = f"{SERVER}/{name}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = _env(url, Path(tmp) / "var")
            started = time.perf_counter()
            loaded = _run([sys.executable, "-m", "tests.bench.reports_data", str(HOUSEHOLDS)], env)
            setup = time.perf_counter() - started
            out = _run([sys.executable, "-c", DASHBOARD_SNIPPET], env).split()
    finally:
        _psql(f"{SERVER}/postgres", f'DROP DATABASE IF EXISTS "{name}"')
    page, floor, selections = float(out[0]), float(out[1]), int(out[2])
    records_only, recount = float(out[3]), float(out[4])
    return [
        Figure(
            f"officials' dashboard, {HOUSEHOLDS:,} households (month, every table)",
            page * 1000,
            "ms",
            f"median of 5 warm renders, records before the count from the rollup, later ones live; "
            f"{selections:,} selections counted; PostgreSQL (goal: under 1 s)",
        ),
        Figure("dashboard floor: SELECT count(*) of the policies", floor * 1000, "ms"),
        Figure("dashboard to floor ratio", page / floor if floor else 0, "x"),
        Figure(
            "the same page counted from the records alone (no rollup), one render",
            records_only,
            "s",
        ),
        Figure(
            "rollup job: every record counted again",
            recount,
            "s",
            f"runs every MARKETPLACE_REPORTS_ROLLUP_MINUTES; bulk load {setup:.0f} s "
            f"({loaded.strip()})",
        ),
    ]


def overhead() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(f"sqlite:///{tmp}/overhead.sqlite3", Path(tmp) / "var")
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        with_ops, without = map(float, _run([sys.executable, "-c", OVERHEAD_SNIPPET], env).split())
    return [
        Figure("home page without the operations middleware", without * 1000, "ms"),
        Figure(
            "home page with metrics, request id, JSON line and SLA counts", with_ops * 1000, "ms"
        ),
        Figure(
            "metrics overhead per request",
            (with_ops - without) * 1000,
            "ms",
            f"{100 * (with_ops / without - 1):.1f}% of the request (goal: under 5%)",
        ),
    ]


def waiting_room() -> list[Figure]:
    import http.cookiejar
    import threading
    import urllib.error
    import urllib.request

    from tests.operations.served import serve

    port = 8163

    def crowd(people: int) -> dict:
        counts = {"page": 0, "waiting": 0, "error": 0}
        lock = threading.Lock()

        def member():
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            )
            stop = time.monotonic() + SECONDS
            while time.monotonic() < stop:
                try:
                    with opener.open(f"http://127.0.0.1:{port}/shop/", timeout=30) as answer:
                        kind = "waiting" if b"You are in line" in answer.read() else "page"
                except (OSError, urllib.error.HTTPError):
                    kind = "error"
                with lock:
                    counts[kind] += 1

        threads = [threading.Thread(target=member) for _ in range(people)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return counts

    with tempfile.TemporaryDirectory() as tmp:
        extra = {
            "MARKETPLACE_WAITING_ROOM_AT": "1.5",
            "MARKETPLACE_WAITING_ROOM_REFRESH_SECONDS": "1",
        }
        with serve(Path(tmp), port, workers=2, extra_env=extra):
            base = crowd(2)
            double = crowd(4)
    capacity = base["page"] / SECONDS
    return [
        Figure(
            "pages served by 2 workers, 2 browsers",
            capacity,
            "pages/s",
            f"{base['waiting']} waiting-room answers, {base['error']} errors",
        ),
        Figure(
            "errors at twice the load (4 browsers)",
            double["error"],
            "answers",
            f"{double['page']} pages, {double['waiting']} waiting-room answers in "
            f"{SECONDS} s (goal: 0 errors)",
        ),
    ]


def run() -> list[Figure]:
    return overhead() + waiting_room() + dashboard()
