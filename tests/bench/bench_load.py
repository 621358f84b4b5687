"""The whole journey under load (issue 17), as `make load` runs it, reported in `make bench`.

Runs tests/load/run.py (Locust, the journey's mix of people, an exchange of its own on
DATABASE_URL or SQLite) with BENCH_LOAD_USERS users (default 500) for BENCH_LOAD_SECONDS
(default 180) and reports users held, requests per second, failures, p95 and p99 over all
steps, the server's CPU and memory. The floor, measured in the same run by the same
Locust against the same server, is `GET /healthz` (one `SELECT 1`); the ratio says how much
dearer the journey's average request is than the cheapest one this server answers.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.bench import Figure

REPO = Path(__file__).resolve().parents[2]
USERS = int(os.environ.get("BENCH_LOAD_USERS", "500"))
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "180"))


def _run() -> str:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.load.run",
            "--users",
            str(USERS),
            "--duration",
            str(SECONDS),
            "--floor",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=SECONDS + 1800,
    )
    return done.stdout


def run() -> list[Figure]:
    out = _run()
    summary = re.search(r"^load: users=(\d+) rps=([\d.]+) failures=(\d+) p95_ms=(\d+)", out, re.M)
    if summary is None:
        raise RuntimeError(f"no summary line from the load test:\n{out[-2000:]}")
    users, rps, failures, p95 = summary.groups()
    server = re.search(
        r"^server: cpu_cores_mean=([\d.]+).*rss_mb_start=(\d+) rss_mb_end=(\d+)", out, re.M
    )
    floor = re.search(r"^floor: p50_ms=([\d.]+) p95_ms=([\d.]+)", out, re.M)
    figures = [
        Figure("load: users held", float(users), "users", f"{SECONDS} s, think 5-40 s"),
        Figure("load: requests per second", float(rps), "req/s"),
        Figure("load: failures", float(failures), "requests"),
        Figure("load: p95 over every step", float(p95), "ms"),
    ]
    if floor:
        ratio = float(p95) / max(float(floor.group(2)), 1.0)
        figures.append(
            Figure(
                "load: floor GET /healthz p95",
                float(floor.group(2)),
                "ms",
                f"journey p95 / floor p95 = {ratio:.1f}x",
            )
        )
    search = re.search(
        r"^api: plans/search .*?rps=([\d.]+) .*?ratio_to_floor_rps=([\d.]+)", out, re.M
    )
    if search:
        figures.append(
            Figure(
                "load: POST /api/v1/plans/search alone",
                float(search.group(1)),
                "req/s",
                f"/ GET /healthz req/s in the same run = {float(search.group(2)):.2f}",
            )
        )
    if server:
        figures.append(
            Figure(
                "load: server CPU",
                float(server.group(1)),
                "cores",
                f"RSS {server.group(2)} -> {server.group(3)} MB",
            )
        )
    return figures
