"""CPU per page in one process (docs/load-testing.md, "Window shoppers' pages: CPU per page").

    python -m tests.load.pages                     # this tree: CPU per page, JSON
    python -m tests.load.pages --profile home      # cProfile of 200 requests of one page
    python -m tests.load.pages --against REF       # REF's src and this tree alternately

Each run is a fresh process on a new SQLite database with the demo catalog: the window
shopper's journey (home, shop start, zip code, savings, plans, one plan) of a new household
(no cookies) 30 times to warm up, then 100 times measured with `time.process_time` around each
page (redirects followed, as a browser does), plus a signed-in person's dashboard and
`GET /healthz` (the floor) as often. The Django test client without the test environment
(templates are not instrumented), DEBUG off, the production static storage
(`collectstatic` first). `--against` runs REF's `src` (from `git archive`) and this tree's
alternately, three pairs, and prints the means per page and their change.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WARM_UP = 30
JOURNEYS = 100
PAIRS = int(os.environ.get("PAGES_PAIRS", "3"))
ZIPS = ["02108", "02139", "01060", "01608", "02740"]
HOUSEHOLDS = [
    {"age0": "34"},
    {"age0": "52", "age1": "49"},
    {"age0": "29", "age1": "31", "age2": "4"},
]
PAGES = [
    "home",
    "shop: start",
    "shop: zip code",
    "shop: savings",
    "shop: plans",
    "shop: plan",
    "dashboard (signed in)",
    "healthz",
]


def _setup(tmp: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings",
        DATABASE_URL=f"sqlite:///{tmp}/pages.sqlite3",
        MARKETPLACE_VAR_DIR=f"{tmp}/var",
        MARKETPLACE_DEBUG="0",
        MARKETPLACE_TODAY="2025-12-01",
    )
    for name in ("MARKETPLACE_STATE", "PROMETHEUS_MULTIPROC_DIR", "MARKETPLACE_STATIC_STORAGE"):
        os.environ.pop(name, None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load-demo", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    from marketplace.core.jsonlog import EVENTS

    for handler in EVENTS.handlers:  # the request log line is still formatted and written
        handler.setStream(open(os.devnull, "w"))  # for the process's life


def _link(html: str, pattern: str, pick: int = 0) -> str:
    import re

    found = re.findall(rf'href="({pattern}[^"]*)"', html)
    return found[pick % len(found)].replace("&amp;", "&")


class Journeys:
    """The pages, timed: {page: [CPU seconds, ...]}."""

    def __init__(self):
        from django.contrib.auth import get_user_model
        from django.test import Client

        self.times: dict[str, list[float]] = {page: [] for page in PAGES}
        user = get_user_model().objects.create_user("pages@example.org", "unused-password-1")
        self.signed_in = Client()
        self.signed_in.force_login(user)
        # One client each: a test client loads the middleware (WhiteNoise reads every static
        # file's headers) on its first request, which a server does once.
        self.anonymous = Client()

    def _get(self, client, page: str, path: str, **data):
        started = time.process_time()
        response = client.get(path, data, follow=True)
        self.times[page].append(time.process_time() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{page}: {path} answered {response.status_code}")
        return response.content.decode()

    def one(self, n: int) -> None:
        client = self.anonymous
        client.cookies.clear()  # a new person: no cookies
        self._get(client, "home", "/")
        self._get(client, "shop: start", "/shop/")
        household = self._get(client, "shop: zip code", "/shop/", zip=ZIPS[n % len(ZIPS)])
        place = {k: _input(household, k) for k in ("zip", "county")}
        income = f"{18_000 + 500 * n:,}"  # a new household every journey: no cached estimate
        data = {**place, **HOUSEHOLDS[n % len(HOUSEHOLDS)], "income": income, "go": "1"}
        savings = self._get(client, "shop: savings", "/shop/household/", **data)
        plans = self._get(client, "shop: plans", _link(savings, r"/shop/plans/\?"))
        self._get(client, "shop: plan", _link(plans, r"/shop/plans/[0-9A-Z]{14}/\?", n))
        self._get(self.signed_in, "dashboard (signed in)", "/apply/")
        self._get(client, "healthz", "/healthz")

    def run(self) -> dict[str, float]:
        """Each page's mean CPU time, and its median (`page median`: a machine shared with
        other work adds a few long requests that the median leaves out)."""
        for n in range(WARM_UP):
            self.one(n)
        self.times = {page: [] for page in PAGES}
        for n in range(WARM_UP, WARM_UP + JOURNEYS):
            self.one(n)
        means = {page: statistics.fmean(times) for page, times in self.times.items()}
        medians = {f"{p} median": statistics.median(times) for p, times in self.times.items()}
        return means | medians


def _input(html: str, name: str) -> str:
    import re

    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', html)
    return (found.group(1) or found.group(2)) if found else ""


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        _setup(tmp)
        return Journeys().run()


def profile(page: str, requests: int = 200) -> str:
    """cProfile of `requests` requests of one page (after the warm-up journeys)."""
    import cProfile
    import io
    import pstats

    with tempfile.TemporaryDirectory() as tmp:
        _setup(tmp)
        journeys = Journeys()
        for n in range(WARM_UP):
            journeys.one(n)
        profiler = cProfile.Profile()
        original = journeys._get

        def profiled(client, name, path, **data):
            if name != page:
                return original(client, name, path, **data)
            return profiler.runcall(original, client, name, path, **data)

        journeys._get = profiled
        for n in range(WARM_UP, WARM_UP + requests):
            journeys.one(n)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        print(f"{page}: {stats.total_tt / requests * 1000:.2f} ms a request (profiled)", file=out)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        return out.getvalue()


def _tree(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", ref, "src"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _once(source: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.load.pages"],
        env={**os.environ, "PYTHONPATH": f"{source}{os.pathsep}{REPO}"},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.splitlines()[-1])


def against(ref: str) -> str:
    """REF's code and this tree's, alternately, PAIRS times; a table of means."""
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory() as tmp:
        sides = {"before": _tree(ref, Path(tmp)), "after": REPO / "src"}
        for _ in range(PAIRS):
            for side, source in sides.items():
                runs[side].append(_once(source))
                print(side, json.dumps(runs[side][-1]), file=sys.stderr)
    return _table(runs)


def _table(runs: dict[str, list[dict[str, float]]]) -> str:
    """Means over the runs of each run's mean, then of each run's median, in ms."""

    def mean(side: str, keys: list[str]) -> float:
        return sum(statistics.fmean(run[k] for run in runs[side]) for k in keys) * 1000

    lines = [
        "| Page | Before | After | Change | Median before | Median after | Change |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    journey = [p for p in PAGES if p not in ("dashboard (signed in)", "healthz")]
    rows = [(p, [p]) for p in PAGES] + [("the journey", journey)]
    for name, pages in rows:
        cells = [name]
        for keys in (pages, [f"{p} median" for p in pages]):
            old, new = mean("before", keys), mean("after", keys)
            cells += [f"{old:.2f} ms", f"{new:.2f} ms", f"{100 * (new - old) / old:+.0f} %"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--profile"]:
        print(profile(argv[1]))
    elif argv[:1] == ["--against"]:
        print(against(argv[1]))
    else:
        print(json.dumps(measure()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
