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


def _proc_stats(only: int | None = None) -> dict[int, dict[str, int]]:
    """{pid: {"ppid", "own" (utime + stime), "reaped" (cutime + cstime)}} in clock ticks,
    from /proc/<pid>/stat (proc(5): fields 4, 14-17), for every process or just `only`."""
    paths = [Path(f"/proc/{only}/stat")] if only else Path("/proc").glob("[0-9]*/stat")
    stats = {}
    for path in paths:
        try:
            fields = path.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has gone
            continue
        stats[int(path.parent.name)] = {
            "ppid": int(fields[1]),
            "own": int(fields[11]) + int(fields[12]),
            "reaped": int(fields[13]) + int(fields[14]),
        }
    return stats


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


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
            # The figures are for the 2026 demo year, shopped in its open enrollment.
            "MARKETPLACE_TODAY": "2025-12-01",
        }
        env.pop("MARKETPLACE_STATE", None)
        self.log = open(workdir / "serve.log", "wb")
        marketplace = Path(sys.executable).parent / "marketplace"
        self.process = subprocess.Popen(
            [
                str(marketplace),
                "serve",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(WORKERS),
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

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

    def _gunicorn_master(self) -> int | None:
        """The gunicorn master: the child of `serve` whose command line names gunicorn (the
        other child is the background worker, which is left out)."""
        for pid, stat in _proc_stats().items():
            if stat["ppid"] == self.process.pid and b"gunicorn" in _cmdline(pid):
                return pid
        return None

    def gunicorn_cpu(self) -> tuple[float, set[int]]:
        """CPU seconds (user + system) gunicorn has used so far, and its live workers' pids.

        The sum is of the master's own time, its live workers' time, and the time of the
        workers it has already reaped (the master's cutime + cstime). `serve` runs gunicorn
        with --max-requests 20000, so a worker is replaced every ~20,000 requests; without
        the reaped workers' time the total went down when one was replaced, which is how the
        trivial JSON row (the most requests) came out with a negative CPU per request. The
        master is read before and after its workers; when a worker was reaped in between
        (its time moved from the worker to the master's cutime) the reading is taken again.
        """
        ticks = os.sysconf("SC_CLK_TCK")
        master = self._gunicorn_master()
        if master is None:
            raise RuntimeError("no gunicorn master under `marketplace serve`")
        for _ in range(10):
            before = _proc_stats(master).get(master)
            workers = {p: s for p, s in _proc_stats().items() if s["ppid"] == master}
            after = _proc_stats(master).get(master)
            if before and after and before["reaped"] == after["reaped"]:
                break
        else:
            raise RuntimeError("gunicorn kept replacing workers while its CPU time was read")
        total = after["own"] + after["reaped"] + sum(s["own"] for s in workers.values())
        return total / ticks, set(workers)

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
        # Anchored to the start of the line: the thread-stats lines end in percentages too
        # ("Latency 4.40ms 2.13ms 30.33ms 69.99%"), which an unanchored "99%" also matched.
        "p50": _ms(re.search(r"^\s*50%\s+(\S+)", out, re.MULTILINE).group(1)),
        "p99": _ms(re.search(r"^\s*99%\s+(\S+)", out, re.MULTILINE).group(1)),
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
            capture_output=True,
            timeout=300,
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return shutil.which("wrk") is not None


def _load(server: Server, workdir: Path, path: str, body: dict | None, seconds: int) -> dict:
    url = server.base + path
    cpu, workers = server.gunicorn_cpu()
    if shutil.which("wrk"):
        result = run_wrk(url, _wrk_script(workdir, body), seconds)
    else:
        result = run_python(url, body, seconds)
    cpu_after, workers_after = server.gunicorn_cpu()
    result["cpu_ms"] = (cpu_after - cpu) * 1000 / max(result["requests"], 1)
    result["restarts"] = len(workers_after - workers)
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
            "gunicorn master + workers (live and replaced) CPU time / requests; "
            f"{result['restarts']} worker(s) replaced (--max-requests) during the run; "
            "inflated when the machine is busy",
        ),
    ]


def run() -> list[Figure]:
    ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="bench-shopping-") as tmp:
        workdir = Path(tmp)
        server = Server(workdir)
        try:
            server.wait_ready()
            status, payload = _request(
                server.base, "/api/v1/plans/search", {**HOUSEHOLD, "limit": 100}
            )
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
            load_after = os.getloadavg()[0]
        except Exception:
            server.stop()
            tail = (workdir / "serve.log").read_text(errors="replace")[-3000:]
            print(f"bench_shopping: the server's log ends with:\n{tail}", file=sys.stderr)
            raise
        server.stop()
    figures = _figures(
        f"POST /api/v1/plans/search ({total} plans, household of 4)",
        api,
        "goal >= 1,000 req/s, p99 < 50 ms, 0 errors",
    )
    figures += _figures("GET /api/v1/market-years (trivial JSON)", trivial, "for the ratio")
    figures.append(
        Figure("plans/search to market-years throughput ratio", api["rps"] / trivial["rps"], "x")
    )
    figures += _figures("GET /healthz (JSON, one SQLite query)", health, "for the ratio")
    figures.append(
        Figure("plans/search to /healthz throughput ratio", api["rps"] / health["rps"], "x")
    )
    figures += _figures(
        "GET /shop/plans/ (plan-list page, 20 plans)", page, "goal >= 300 req/s, p99 < 100 ms"
    )
    figures.append(
        Figure(
            "machine load average before the runs",
            cload,
            "",
            f"{os.cpu_count()} CPUs; other work on the machine skews the figures",
        )
    )
    figures.append(
        Figure(
            "machine load average after the runs",
            load_after,
            "",
            "1-minute average; includes this benchmark's own server and load generator",
        )
    )
    return figures
