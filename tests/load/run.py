"""`make load USERS=N DURATION=SECONDS`: the whole journey under load, on this machine.

Starts its own exchange (`marketplace serve`, web and job workers) on a database of its own
(a new database on the DATABASE_URL server when one is given, else an embedded SQLite file),
prepares the accounts the journey needs (tests/load/prepare.py), runs the Locust journey
(tests/load/locustfile.py) headless against it, samples the server's CPU and memory, stops
it, and prints one line per step, then the summary line of the load-test contract:

    load: users=N rps=R failures=F p95_ms=X

docs/load-testing.md explains the mix, the think times and how to read the figures.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import closing
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psutil

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "load test password 1"


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    """A database for this run only: a SQLite file, or a new database on the given server."""

    def __init__(self, workdir: Path, server_url: str):
        self.server_url = server_url
        if server_url.startswith("postgres"):
            parts = urlparse(server_url)
            self.name = f"load_{os.getpid()}"
            self.url = urlunparse(parts._replace(path=f"/{self.name}"))
            self._admin(f"DROP DATABASE IF EXISTS {self.name}")
            self._admin(f"CREATE DATABASE {self.name}")
        else:
            self.name = None
            self.url = f"sqlite:///{workdir / 'load.sqlite3'}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with closing(psycopg.connect(self.server_url, autocommit=True)) as admin:
            admin.execute(sql)

    def drop(self) -> None:
        if self.name:
            self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


class Sampler(threading.Thread):
    """The server's CPU (all its processes, in cores) and memory (RSS), once a second."""

    def __init__(self, roots):
        super().__init__(daemon=True)
        self.roots = roots
        self.cpu: list[float] = []
        self.rss: list[int] = []
        self.stopped = threading.Event()

    def processes(self) -> list[psutil.Process]:
        found = []
        for pid in self.roots():
            try:
                root = psutil.Process(pid)
                found += [root, *root.children(recursive=True)]
            except psutil.Error:
                pass
        return found

    def run(self) -> None:
        seen = self._cpu_by_process()
        then = time.monotonic()
        while not self.stopped.wait(1.0):
            now_cpu, now = self._cpu_by_process(), time.monotonic()
            # per process, so a process that ends (a server stopped, a worker killed) does not
            # take its past CPU away, and one that starts counts from its birth
            used = sum(max(0.0, cpu - seen.get(pid, 0.0)) for pid, cpu in now_cpu.items())
            self.cpu.append(used / (now - then))
            seen, then = now_cpu, now
            self.rss.append(self._rss())

    def _cpu_by_process(self) -> dict[int, float]:
        found = {}
        for process in self.processes():
            try:
                times = process.cpu_times()
                found[process.pid] = times.user + times.system
            except psutil.Error:
                pass
        return found

    def _rss(self) -> int:
        total = 0
        for process in self.processes():
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass
        return total


def run_command(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "marketplace"), *args], env=env, cwd=REPO, check=True)


def wait_for(url: str, process: subprocess.Popen, seconds: int = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the exchange stopped while starting (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - local http
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"the exchange did not answer {url} in {seconds} s")


def read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", newline="") as stats:
        return list(csv.DictReader(stats))


def report(rows: list[dict], users: int, sampler: Sampler, failures_by_step: dict) -> str:
    lines = []
    steps = [r for r in rows if r["Name"] != "Aggregated"]
    for row in sorted(steps, key=lambda r: r["Name"]):
        lines.append(
            f"step {row['Type']} {row['Name']!r}: requests={row['Request Count']} "
            f"failures={row['Failure Count']} "
            f"rps={float(row['Requests/s']):.1f} p50_ms={row['50%']} p95_ms={row['95%']} "
            f"p99_ms={row['99%']}"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    if sampler.cpu:
        busy = sorted(sampler.cpu)
        lines.append(
            f"server: cpu_cores_mean={sum(busy) / len(busy):.2f} cpu_cores_p95="
            f"{busy[int(len(busy) * 0.95) - 1]:.2f} rss_mb_start={sampler.rss[0] / 2**20:.0f} "
            f"rss_mb_end={sampler.rss[-1] / 2**20:.0f} rss_mb_max={max(sampler.rss) / 2**20:.0f}"
        )
    for step, count in sorted(failures_by_step.items()):
        lines.append(f"failure {step}: {count}")
    lines.append(
        f"load: users={users} rps={float(total['Requests/s']):.1f} "
        f"failures={total['Failure Count']} p95_ms={total['95%']}"
    )
    return "\n".join(lines)


def failures(prefix: Path) -> dict:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return {}
    with open(path, newline="") as rows:
        return {
            f"{r['Name']}: {r['Error']}"[:160]: int(r["Occurrences"]) for r in csv.DictReader(rows)
        }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=int, default=60, help="seconds, ramp-up included")
    parser.add_argument("--spawn-rate", type=float, default=0, help="users started per second")
    parser.add_argument("--web-workers", type=int, default=0, help="0: one per core")
    parser.add_argument("--returning", type=int, default=0, help="prepared returning accounts")
    parser.add_argument("--applicants", type=int, default=0, help="prepared new applicants")
    parser.add_argument(
        "--servers",
        type=int,
        default=1,
        help="app servers (each with its job worker) behind HAProxy when > 1",
    )
    parser.add_argument(
        "--restart-server-at",
        type=float,
        default=0,
        help="seconds into the run: stop app server 1 and start it again",
    )
    parser.add_argument(
        "--faults",
        action="store_true",
        help="kill a web worker, the job worker and restart PostgreSQL mid-run",
    )
    parser.add_argument(
        "--verify", action="store_true", help="check afterwards that nothing was lost or doubled"
    )
    parser.add_argument(
        "--floor", action="store_true", help="first measure the floor: GET /healthz alone, 15 s"
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)

    users = args.users
    returning = args.returning or min(max(users // 4, 20), 5000)
    applicants = args.applicants or min(max(users // 15, 10), 1000)
    spawn_rate = args.spawn_rate or max(1.0, users / max(10, args.duration / 4))
    workdir = Path(tempfile.mkdtemp(prefix="marketplace-load-"))
    database = Database(workdir, os.environ.get("DATABASE_URL", ""))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MARKETPLACE_")},
        "DATABASE_URL": database.url,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "MARKETPLACE_VAR_DIR": str(workdir / "var"),
        "MARKETPLACE_ACCESS_LOG": os.devnull,
        "MARKETPLACE_TRUSTED_PROXIES": "1",  # the load balancer's X-Forwarded-For
        "PYTHONPATH": f"{REPO}:{REPO / 'src'}",
    }
    servers = AppServers(env, workdir, args.servers, args.web_workers)
    try:
        kind = "PostgreSQL" if database.name else "SQLite"
        print(f"load: preparing the exchange in {workdir} ({kind})", file=sys.stderr)
        run_command(env, "migrate", "--verbosity", "0")
        # the plan year on offer today is the one the journey shops and enrolls in
        year = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); "
                "from marketplace.core import plan_year; print(plan_year.on_offer())",
            ],
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        run_command(env, "load-demo", "--year", year)
        accounts = workdir / "accounts.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.load.prepare",
                str(accounts),
                "--password",
                PASSWORD,
                "--returning",
                str(returning),
                "--applicants",
                str(applicants),
            ],
            env=env,
            cwd=REPO,
            check=True,
        )
        host = servers.start()
        # the seeded households' notices are rendered first: the run starts from a quiet queue
        subprocess.run(
            [sys.executable, "-m", "tests.load.verify", "--drain-only"],
            env=env,
            cwd=REPO,
            check=False,
        )
        sampler = Sampler(servers.pids)
        sampler.start()
        events = Timeline(args, servers, database)
        locust_env = {**env, "LOAD_ACCOUNTS": str(accounts), "LOAD_PASSWORD": PASSWORD}
        floor_line = ""
        if args.floor:
            floor = workdir / "floor"
            locust(locust_env, host, floor, users=8, spawn_rate=8, seconds=15, classes=["Floor"])
            row = next(r for r in read_stats(floor) if r["Name"] == "Aggregated")
            floor_line = (
                f"floor: p50_ms={row['50%']} p95_ms={row['95%']} "
                f"rps={float(row['Requests/s']):.1f} (GET /healthz, 8 users, no pause)"
            )
        prefix = workdir / "locust"
        events.start()
        locust(
            locust_env,
            host,
            prefix,
            users=users,
            spawn_rate=spawn_rate,
            seconds=args.duration,
            classes=JOURNEY,
        )
        sampler.stopped.set()
        sampler.join()
        events.join(timeout=1)
        for line in events.done:
            print(line)
        if floor_line:
            print(floor_line)
        print(report(read_stats(prefix), users, sampler, failures(prefix)))
        if args.faults or args.servers > 1 or args.verify:
            checked = subprocess.run(
                [sys.executable, "-m", "tests.load.verify"], env=env, cwd=REPO, check=False
            )
            return checked.returncode
        return 0
    finally:
        servers.stop()
        database.drop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


JOURNEY = [
    "WindowShopper",
    "ApiClient",
    "ReturningPerson",
    "NewApplicant",
    "Registrant",
    "Caseworker",
]


def locust(env, host, prefix, *, users, spawn_rate, seconds, classes) -> None:
    """One headless Locust run of the journey's `classes`, its statistics in CSV at `prefix`."""
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(REPO / "tests/load/locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            f"{spawn_rate:.2f}",
            "--run-time",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "5",
            *classes,
        ],
        env=env,
        cwd=REPO,
        check=False,
        stdout=subprocess.DEVNULL,
    )


class AppServers:
    """One app server (`marketplace serve`: gunicorn and a job worker) on its own port, or
    several behind HAProxy, as on separate machines against one database."""

    def __init__(self, env: dict, workdir: Path, count: int, web_workers: int):
        self.env, self.workdir, self.count, self.web_workers = env, workdir, count, web_workers
        self.ports = [free_port() for _ in range(count)]
        self.processes: list[subprocess.Popen | None] = [None] * count
        self.balancer: subprocess.Popen | None = None

    def start_one(self, index: int) -> None:
        port = self.ports[index]
        var = self.workdir / f"server-{index + 1}"
        var.mkdir(exist_ok=True)
        serve = [str(BIN / "marketplace"), "serve", "--bind", f"127.0.0.1:{port}", "--no-demo"]
        if self.web_workers:
            serve += ["--workers", str(self.web_workers)]
        env = {**self.env, "MARKETPLACE_CONTROL_SOCKET": str(var / "gunicorn.ctl")}
        with open(var / "server.log", "ab") as log:
            self.processes[index] = subprocess.Popen(
                serve,
                env=env,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        wait_for(f"http://127.0.0.1:{port}/healthz", self.processes[index])

    def start(self) -> str:
        for index in range(self.count):
            self.start_one(index)
        if self.count == 1:
            return f"http://127.0.0.1:{self.ports[0]}"
        return self._balance()

    def _balance(self) -> str:
        haproxy = shutil.which("haproxy")
        if haproxy is None:
            raise SystemExit("--servers needs HAProxy (Debian: apt-get install haproxy)")
        port = free_port()
        backends = "\n".join(
            f"    server app{i + 1} 127.0.0.1:{p} check inter 1s fall 2 rise 2"
            for i, p in enumerate(self.ports)
        )
        config = self.workdir / "haproxy.cfg"
        config.write_text(HAPROXY.format(port=port, backends=backends))
        self.balancer = subprocess.Popen(
            [haproxy, "-f", str(config)],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"http://127.0.0.1:{port}/healthz", self.balancer)
        return f"http://127.0.0.1:{port}"

    def stop_one(self, index: int) -> None:
        process = self.processes[index]
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes[index] = None

    def stop(self) -> None:
        for index in range(self.count):
            self.stop_one(index)
        if self.balancer is not None and self.balancer.poll() is None:
            self.balancer.terminate()
            self.balancer.wait(timeout=10)

    def pids(self) -> list[int]:
        return [p.pid for p in self.processes if p is not None and p.poll() is None]

    def children(self, marker: str) -> list[psutil.Process]:
        """The processes under the app servers whose command line contains `marker`."""
        found = []
        for pid in self.pids():
            try:
                for child in psutil.Process(pid).children(recursive=True):
                    if marker in " ".join(child.cmdline()):
                        found.append(child)
            except psutil.Error:
                pass
        return found


HAPROXY = """global
    maxconn 8000
defaults
    mode http
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    retries 3
    option redispatch
    option forwardfor
frontend exchange
    bind 127.0.0.1:{port}
    default_backend apps
backend apps
    balance roundrobin
    option httpchk GET /healthz
{backends}
"""


class Timeline(threading.Thread):
    """What happens to the exchange during the run: an app server stopped and started again,
    a web worker and the job worker killed, PostgreSQL restarted. Each event is printed."""

    def __init__(self, args, servers: AppServers, database: Database):
        super().__init__(daemon=True)
        self.args, self.servers, self.database = args, servers, database
        self.done: list[str] = []
        self.began = time.monotonic()

    def at(self, seconds: float) -> None:
        time.sleep(max(0.0, self.began + seconds - time.monotonic()))

    def note(self, text: str) -> None:
        self.done.append(f"event at {time.monotonic() - self.began:.0f} s: {text}")

    def run(self) -> None:
        duration = self.args.duration
        if self.args.restart_server_at:
            self.at(self.args.restart_server_at)
            self.servers.stop_one(0)
            self.note("app server 1 stopped")
            time.sleep(10)
            self.servers.start_one(0)
            self.note("app server 1 started again")
        if not self.args.faults:
            return
        self.at(duration * 0.3)
        workers = self.servers.children("gunicorn: worker") or [
            p
            for p in self.servers.children("marketplace.wsgi")
            if p.parent() and "marketplace.wsgi" in " ".join(p.parent().cmdline())
        ]
        if workers:
            workers[0].kill()
            self.note(f"web worker {workers[0].pid} killed (SIGKILL)")
        self.at(duration * 0.45)
        for job_worker in self.servers.children("marketplace.cli worker"):
            job_worker.kill()
            self.note(f"job worker {job_worker.pid} killed (SIGKILL)")
        self.at(duration * 0.6)
        if self.database.name:
            restarted = subprocess.run(
                ["pg_ctlcluster", *pg_cluster(), "restart"],
                capture_output=True,
                text=True,
                check=False,
            )
            self.note(f"PostgreSQL restarted (exit {restarted.returncode})")


def pg_cluster() -> list[str]:
    """The local PostgreSQL cluster's version and name, as pg_ctlcluster wants them."""
    version = (
        sorted(os.listdir("/etc/postgresql"))[-1] if os.path.isdir("/etc/postgresql") else "15"
    )
    return [version, "main"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
