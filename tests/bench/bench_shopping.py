"""Window shopping under load (issue 4): the plan-search API and the plan-list page.

Starts the server exactly as `make run` does (`marketplace serve`: migrate, load the demo
catalog into an empty database, collectstatic, gunicorn with 2 sync workers, DEBUG off) on
a free 127.0.0.1 port against a temporary SQLite database, warms it up, then loads it with
`wrk` (1 thread, 8 connections, 15 s each) on the same machine:

1. `POST /api/v1/plans/search`, a household of 4 in Suffolk County, MA (>= 60 plans);
   goal >= 1,000 req/s, p99 < 50 ms, no errors;
2. trivial JSON endpoints on the same server, for the ratio: `GET /api/v1/market-years`
   (no database work once warm) and `GET /healthz` (one `SELECT 1`; with SQLite and
   CONN_MAX_AGE=0 that is a new connection and its PRAGMAs per request);
3. `GET /shop/plans/?...` (the plan-list HTML page, 20 plans) for the same household;
   goal >= 300 req/s, p99 < 100 ms.

Without `wrk` (Debian package `wrk`) a small Python load generator stands in; its figures
say so. Only loopback addresses; every run is bounded in time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from tests.bench import Figure

DURATION = int(os.environ.get("BENCH_SHOPPING_SECONDS", "15"))
CONNECTIONS = 8
WORKERS = 2
HOUSEHOLD = {
    "household": {
        "income": 150000,
        "people": [
            {"age": 45, "relationship": "Self", "uses_tobacco": True},
            {"age": 44, "relationship": "Spouse"},
            {"age": 16, "relationship": "Child"},
            {"age": 12, "relationship": "Child"},
        ],
    },
    "place": {"state": "MA", "zipcode": "02108", "countyfips": "25025"},
    "limit": 10,
}
PLAN_LIST = (
    "/shop/plans/?zip=02108&county=25025&income=150000&age0=45&tobacco0=1"
    "&age1=44&rel1=spouse&age2=16&rel2=child&age3=12&rel3=child"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(base: str, path: str, body: dict | None = None, timeout: float = 10.0):
    data = json.dumps(body).encode() if body is not None else None
    method = "POST" if data else "GET"
    request = urllib.request.Request(base + path, data=data, method=method)  # noqa: S310
    if data:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
        return response.status, response.read()


class Server:
    """`marketplace serve` in its own process group, on a temp SQLite database."""

    def __init__(self, workdir: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DATABASE_URL": "",
            "MARKETPLACE_VAR_DIR": str(workdir),
            "MARKETPLACE_DEBUG": "0",
            "MARKETPLACE_WEB_WORKERS": str(WORKERS),
        }
        env.pop("MARKETPLACE_STATE", None)
        self.log = open(workdir / "serve.log", "wb")
        marketplace = Path(sys.executable).parent / "marketplace"
        self.process = subprocess.Popen(
            [str(marketplace), "serve", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(WORKERS)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 300.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped; see {self.log.name}")
            try:
                if _request(self.base, "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the server did not answer /healthz in time")

    def worker_cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the gunicorn processes (Linux /proc);
        the background-work process `serve` also starts is left out."""
        ticks = os.sysconf("SC_CLK_TCK")
        family, total = {self.process.pid}, 0.0
        for _ in range(3):  # serve -> gunicorn master -> workers
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) in family:
                    family.add(int(stat.parent.name))
        for pid in family:
            try:
                if b"gunicorn" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                    continue
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def _wrk_script(workdir: Path, body: dict | None) -> Path | None:
    if body is None:
        return None
    path = workdir / "post.lua"
    payload = json.dumps(body).replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{payload}"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
    )
    return path


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(url: str, script: Path | None, seconds: int) -> dict:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    errors = 0
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if match:
        errors += int(match.group(1))
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if match:
        errors += sum(int(g) for g in match.groups())
    return {
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"50%\s+(\S+)", out).group(1)),
        "p99": _ms(re.search(r"99%\s+(\S+)", out).group(1)),
        "errors": errors,
        "tool": "wrk",
    }


def run_python(url: str, body: dict | None, seconds: int) -> dict:
    """A plain load generator for machines without wrk (less able than wrk)."""
    import http.client
    from urllib.parse import urlparse

    parsed = urlparse(url)
    path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
    data = json.dumps(body).encode() if body is not None else None
    latencies: list[float] = []
    errors = [0]
    stop_at = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=5)
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                if data:
                    conn.request("POST", path, data, {"Content-Type": "application/json"})
                else:
                    conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=5)
            latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    count = len(latencies) or 1
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50": latencies[count // 2] if latencies else 0.0,
        "p99": latencies[min(count - 1, int(count * 0.99))] if latencies else 0.0,
        "errors": errors[0],
        "tool": "python load generator",
    }


def ensure_wrk() -> bool:
    """wrk, installed from Debian when missing and we may (root with apt-get)."""
    if shutil.which("wrk"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"],
            capture_output=True, timeout=300, check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )  # fmt: skip
    return shutil.which("wrk") is not None


def _load(server: Server, workdir: Path, path: str, body: dict | None, seconds: int) -> dict:
    url = server.base + path
    cpu = server.worker_cpu_seconds()
    if shutil.which("wrk"):
        result = run_wrk(url, _wrk_script(workdir, body), seconds)
    else:
        result = run_python(url, body, seconds)
    used = server.worker_cpu_seconds() - cpu
    result["cpu_ms"] = used * 1000 / max(result["requests"], 1)
    return result


def _figures(name: str, result: dict, goal: str) -> list[Figure]:
    note = f"{result['tool']}, {CONNECTIONS} connections, {DURATION} s; {goal}"
    return [
        Figure(f"{name} throughput", result["rps"], "req/s", note),
        Figure(f"{name} p50", result["p50"], "ms"),
        Figure(f"{name} p99", result["p99"], "ms"),
        Figure(f"{name} errors", result["errors"], "responses"),
        Figure(
            f"{name} server CPU per request",
            result["cpu_ms"],
            "ms",
            "gunicorn processes' CPU time / requests; inflated when the machine is busy",
        ),
    ]


def run() -> list[Figure]:
    ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="bench-shopping-") as tmp:
        workdir = Path(tmp)
        server = Server(workdir)
        try:
            server.wait_ready()
            status, payload = _request(server.base, "/api/v1/plans/search",
                                       {**HOUSEHOLD, "limit": 100})  # fmt: skip
            total = json.loads(payload)["total"]
            assert status == 200 and total >= 60, f"expected >= 60 plans, got {total}"
            for _ in range(20):  # warm every worker's caches
                _request(server.base, "/api/v1/plans/search", HOUSEHOLD)
                _request(server.base, PLAN_LIST)
            cload = os.getloadavg()[0]
            for path, body in (("/api/v1/plans/search", HOUSEHOLD), (PLAN_LIST, None)):
                _load(server, workdir, path, body, 3)
            api = _load(server, workdir, "/api/v1/plans/search", HOUSEHOLD, DURATION)
            trivial = _load(server, workdir, "/api/v1/market-years", None, DURATION)
            health = _load(server, workdir, "/healthz", None, DURATION)
            page = _load(server, workdir, PLAN_LIST, None, DURATION)
        except Exception:
            server.stop()
            tail = (workdir / "serve.log").read_text(errors="replace")[-3000:]
            print(f"bench_shopping: the server's log ends with:\n{tail}", file=sys.stderr)
            raise
        server.stop()
    figures = _figures(f"POST /api/v1/plans/search ({total} plans, household of 4)", api,
                       "goal >= 1,000 req/s, p99 < 50 ms, 0 errors")  # fmt: skip
    figures += _figures("GET /api/v1/market-years (trivial JSON)", trivial, "for the ratio")
    figures.append(
        Figure("plans/search to market-years throughput ratio", api["rps"] / trivial["rps"], "x")
    )
    figures += _figures("GET /healthz (JSON, one SQLite query)", health, "for the ratio")
    figures.append(
        Figure("plans/search to /healthz throughput ratio", api["rps"] / health["rps"], "x")
    )
    figures += _figures("GET /shop/plans/ (plan-list page, 20 plans)", page,
                        "goal >= 300 req/s, p99 < 100 ms")  # fmt: skip
    figures.append(
        Figure(
            "machine load average before the runs",
            cload,
            "",
            f"{os.cpu_count()} CPUs; other work on the machine skews the figures",
        )
    )
    return figures
