"""The operations middleware alone (`make bench ONLY=middleware`): microseconds per request
of RequestInstrumentationMiddleware (request id, metrics, SLA counts, JSON log line) around
a view that returns a ready response, for the code being benchmarked and for a baseline
commit (BENCH_MIDDLEWARE_BASELINE, default the commit before ADR 1605), side by side.

Each side runs in its own process on its own source tree (the baseline's from `git
archive`), in rounds that alternate between the two; each round measures the middleware, a
pass-through middleware around the same response (the floor) and the home page without the
operations middleware (what a page costs, for the share). The log line is formatted and
written to /dev/null as in service. The figures are the medians of the rounds.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from tests.bench import Figure

REPO = Path(__file__).resolve().parents[2]
BASELINE = os.environ.get("BENCH_MIDDLEWARE_BASELINE", "e0e3ffb")
ROUNDS = int(os.environ.get("BENCH_MIDDLEWARE_ROUNDS", "5"))

SNIPPET = """
import logging, os, statistics, time
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django.urls import Resolver404, resolve
from marketplace.core.jsonlog import EVENTS
from marketplace.operations.middleware import RequestInstrumentationMiddleware
call_command("migrate", verbosity=0)
EVENTS.setLevel(logging.INFO)
for handler in EVENTS.handlers:
    handler.setStream(open(os.devnull, "w"))
requests = []
for path in ["/", "/api/v1/counties/by/zip/02108", "/healthz", "/no-such/1"]:
    request = RequestFactory().get(path)
    try:
        request.resolver_match = resolve(path)
    except Resolver404:
        request.resolver_match = None
    requests.append(request)
response = HttpResponse(b"ok")
def view(request):
    return response
def passthrough(request):
    return view(request)
middleware = RequestInstrumentationMiddleware(view)
def per_call(call, n=4000):
    started = time.perf_counter()
    for i in range(n):
        call(requests[i & 3])
    return (time.perf_counter() - started) / n
plain = [m for m in settings.MIDDLEWARE if not m.startswith("marketplace.operations")]
def page(n=60):
    with override_settings(MIDDLEWARE=plain):
        client = Client()
        client.get("/")
        started = time.perf_counter()
        for _ in range(n):
            client.get("/")
        return (time.perf_counter() - started) / n
per_call(middleware, 1000)
print(per_call(middleware) * 1e6, per_call(passthrough) * 1e6, page() * 1e6)
"""


def _baseline_tree(into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", BASELINE, "src"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _once(source: Path, env: dict) -> tuple[float, float, float]:
    done = subprocess.run(
        [sys.executable, "-c", SNIPPET],
        env={**env, "PYTHONPATH": str(source)},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    middleware, floor, page = map(float, done.stdout.split())
    return middleware, floor, page


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        env.update(
            DJANGO_SETTINGS_MODULE="marketplace.settings",
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            MARKETPLACE_VAR_DIR=f"{tmp}/var",
            MARKETPLACE_STATIC_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
        sides = {"baseline": _baseline_tree(Path(tmp)), "now": REPO / "src"}
        found: dict[str, list] = {side: [] for side in sides}
        for _ in range(ROUNDS):
            for side, source in sides.items():
                found[side].append(_once(source, env))
    return _figures(found)


def _figures(found: dict[str, list]) -> list[Figure]:
    def median(side: str, column: int) -> float:
        return statistics.median(row[column] for row in found[side])

    old, new = median("baseline", 0), median("now", 0)
    floor = statistics.median(row[1] for rows in found.values() for row in rows)
    page = statistics.median(row[2] for rows in found.values() for row in rows)
    return [
        Figure(f"operations middleware at {BASELINE}", old, "us/request"),
        Figure("operations middleware now", new, "us/request"),
        Figure("floor: a pass-through middleware", floor, "us/request"),
        Figure(
            "middleware now / at baseline",
            (new - floor) / (old - floor),
            "x",
            f"medians of {ROUNDS} alternating rounds, floor taken off both",
        ),
        Figure(
            "the middleware's share of the home page",
            100 * new / (page + new),
            "%",
            f"{100 * old / (page + old):.1f}% at {BASELINE}; page {page:.0f} us without it",
        ),
    ]
