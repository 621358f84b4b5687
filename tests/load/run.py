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
import secrets
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
            # named after the given database (wt_load -> wt_load_1234), so a run on a shared
            # server stays within the names its owner uses
            self.name = f"{parts.path.strip('/') or 'load'}_{os.getpid()}"
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

    def terminate_connections(self) -> int:
        """End every connection to this run's database (what a restart does to them)."""
        import psycopg

        with closing(psycopg.connect(self.server_url, autocommit=True)) as admin:
            return admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.name],
            ).fetchone()[0]

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
        self.times: list[float] = []
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
            self.times.append(time.time())

    def rss_at(self, moment: float) -> int:
        """The RSS sampled closest before `moment` (a wall-clock time)."""
        before = [rss for at, rss in zip(self.times, self.rss, strict=True) if at <= moment]
        return (before or self.rss or [0])[-1]

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


def report(
    rows: list[dict],
    users: int,
    sampler: Sampler,
    failures_by_step: dict,
    conflicts: list[str] = (),
) -> str:
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
    lines.extend(conflicts)
    lines.append(waiting_room_line(steps, failures_by_step))
    journey_errors = sum(n for k, n in failures_by_step.items() if k.startswith("journey error"))
    lines.append(
        f"load: users={users} rps={float(total['Requests/s']):.1f} "
        f"failures={int(total['Failure Count']) + journey_errors} p95_ms={total['95%']}"
    )
    return "\n".join(lines)


def waiting_room_line(steps: list[dict], failures_by_step: dict) -> str:
    """The waiting room's part of the run: answers that asked a person to wait, people let in
    after waiting (and how long they waited), people who gave up (ADR 1601)."""
    count = {r["Name"]: r for r in steps if r["Type"] == "WAIT"}
    held = count.get("waiting room", {}).get("Request Count", "0")
    admitted = count.get("admitted from the waiting room", {})
    gave_up = sum(n for name, n in failures_by_step.items() if "still in the waiting room" in name)
    at = os.environ.get("MARKETPLACE_WAITING_ROOM_AT") or "off"
    return (
        f"waiting_room: at={at} waits={held} admitted={admitted.get('Request Count', '0')} "
        f"wait_p50_ms={admitted.get('50%', 0)} wait_p95_ms={admitted.get('95%', 0)} "
        f"gave_up={gave_up}"
    )


CONFLICTS = "marketplace_transaction_conflicts_total"


def scrape_metrics(ports: list[int], token: str) -> list[str | None]:
    """Each app server's /metrics text (its web workers' counters added up, ADR 1600), asked
    of the server itself, not through the balancer; None for a server that did not answer."""
    texts: list[str | None] = []
    for port in ports:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                texts.append(answer.read().decode())
        except OSError:
            texts.append(None)
    return texts


def conflict_lines(texts: list[str | None]) -> list[str]:
    """Transactions run again (`retried`) and given up (`gave_up`: the person got the 409
    page) after a deadlock, serialization failure or lock not available, per action and in
    all, summed over the app servers' /metrics texts (ADR 1705). The session's write counts
    as the action `marketplace.core.sessions._save_row`."""
    from prometheus_client.parser import text_string_to_metric_families

    by_action: dict[str, dict[str, float]] = {}
    for text in texts:
        for family in text_string_to_metric_families(text or ""):
            for sample in family.samples:
                if sample.name == CONFLICTS:  # every kind of conflict together
                    counts = by_action.setdefault(sample.labels.get("action", "?"), {})
                    outcome = sample.labels.get("outcome")
                    counts[outcome] = counts.get(outcome, 0) + sample.value
    lines = []
    for action, counts in sorted(by_action.items(), key=lambda a: (-sum(a[1].values()), a[0])):
        if any(counts.values()):
            lines.append(
                f"transactions: action={action} retried={counts.get('retried', 0):.0f} "
                f"gave_up={counts.get('gave_up', 0):.0f}"
            )
    retried = sum(c.get("retried", 0) for c in by_action.values())
    gave_up = sum(c.get("gave_up", 0) for c in by_action.values())
    scraped = sum(text is not None for text in texts)
    lines.append(
        f"transactions: retried={retried:.0f} gave_up={gave_up:.0f} "
        f"servers_scraped={scraped}/{len(texts)}"
    )
    return lines


def failures(prefix: Path) -> dict:
    """Failed requests by step and error, and errors in the journeys' own code (Locust keeps
    those apart, as exceptions: a journey that stopped on one is a failure too)."""
    found = {}
    path = Path(f"{prefix}_failures.csv")
    if path.exists():
        with open(path, newline="") as rows:
            for r in csv.DictReader(rows):
                found[f"{r['Name']}: {r['Error']}"[:160]] = int(r["Occurrences"])
    path = Path(f"{prefix}_exceptions.csv")
    if path.exists():
        with open(path, newline="") as rows:
            for r in csv.DictReader(rows):
                found[f"journey error: {r['Message']}"[:160]] = int(r["Count"])
    return found


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
        help="kill a web worker, the job worker, the exchange's PostgreSQL connections and"
        " (with --servers 2) a whole app server mid-run",
    )
    parser.add_argument(
        "--restart-postgresql",
        action="store_true",
        help="with --faults, also restart the PostgreSQL cluster (pg_ctlcluster; a machine of"
        " your own only: it cuts every other database on the server too)",
    )
    parser.add_argument(
        "--verify", action="store_true", help="check afterwards that nothing was lost or doubled"
    )
    parser.add_argument(
        "--floor", action="store_true", help="first measure the floor: GET /healthz alone, 15 s"
    )
    parser.add_argument(
        "--steps",
        default="",
        help="users in steps, e.g. 25,50,100,200 (each --step-seconds long; --users and"
        " --duration follow from them): one line per step, then the most users held with"
        " p95 <= 1 s",
    )
    parser.add_argument("--step-seconds", type=int, default=75)
    parser.add_argument(
        "--soak-minutes",
        type=int,
        default=0,
        help="--users for this many minutes, one line per minute (p95, memory)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile every request (tests/load/profiling.py); print the views' time and"
        " the dearest view's profile",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)

    if args.soak_minutes:
        args.steps, args.step_seconds = ",".join([str(args.users)] * args.soak_minutes), 60
    steps = [int(n) for n in args.steps.split(",") if n.strip()]
    if steps:
        args.users, args.duration = max(steps), len(steps) * args.step_seconds + 2
    users = args.users
    # a returning person's journey takes about 3 minutes at the journey's think times; each
    # of them (a fifth of the users) then takes a new account: enough for the whole run, as
    # an account handed out twice checks out twice (verify counts that as a double)
    returning = args.returning or min(max(users // 5 * (1 + args.duration // 180), 20), 20000)
    applicants = args.applicants or min(max(users // 15, 10), 1000)
    spawn_rate = args.spawn_rate or max(1.0, users / max(10, args.duration / 4))
    workdir = Path(tempfile.mkdtemp(prefix="marketplace-load-"))
    database = Database(workdir, os.environ.get("DATABASE_URL", ""))
    env = {
        # the caller's settings stay out, except the waiting room's (ADR 1601): a run with
        # MARKETPLACE_WAITING_ROOM_AT set measures the exchange with its safety valve on
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("MARKETPLACE_") or k.startswith("MARKETPLACE_WAITING_ROOM_")
        },
        "DATABASE_URL": database.url,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        "MARKETPLACE_VAR_DIR": str(workdir / "var"),
        "MARKETPLACE_ACCESS_LOG": os.devnull,
        # the harness reads each app server's /metrics at the end (transactions run again)
        "MARKETPLACE_METRICS_TOKEN": secrets.token_urlsafe(24),
        # the simulated people's X-Forwarded-For is their load balancer's; HAProxy, in front
        # of several app servers, adds its own entry after it
        "MARKETPLACE_TRUSTED_PROXIES": "2" if args.servers > 1 else "1",
        "PYTHONPATH": f"{REPO}:{REPO / 'src'}",
    }
    if args.profile:
        env["DJANGO_SETTINGS_MODULE"] = "tests.load.profiling_settings"
        env["MARKETPLACE_PROFILE_DIR"] = str(workdir / "profiles")
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
        events = Timeline(args, servers, database)
        ledger = workdir / "checkouts.jsonl"
        locust_env = {
            **env,
            "LOAD_ACCOUNTS": str(accounts),
            "LOAD_PASSWORD": PASSWORD,
            "LOAD_LEDGER": str(ledger),
        }
        floor_lines = []
        if args.floor:
            floor_lines = measure_floor(locust_env, host, workdir)
        prefix = workdir / "locust"
        steps_out = workdir / "steps.jsonl"
        if steps:
            locust_env.update(
                LOAD_STEPS=",".join(map(str, steps)),
                LOAD_STEP_SECONDS=str(args.step_seconds),
                LOAD_STEPS_OUT=str(steps_out),
            )
        sampler = Sampler(servers.pids)
        sampler.start()
        events.start()
        generator = locust(
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
        for line in floor_lines:
            print(line)
        if steps:
            print(step_report(steps_out, sampler))
        conflicts = conflict_lines(scrape_metrics(servers.ports, env["MARKETPLACE_METRICS_TOKEN"]))
        print(report(read_stats(prefix), users, sampler, failures(prefix), conflicts))
        if generator:
            print(f"generator: cpu_cores_mean={generator:.2f} (Locust, on the same cores)")
        if args.profile:
            print_profiles(workdir / "profiles")
        if args.faults or args.servers > 1 or args.verify:
            checked = subprocess.run(
                [sys.executable, "-m", "tests.load.verify", "--ledger", str(ledger)],
                env=env,
                cwd=REPO,
                check=False,
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


def measure_floor(env, host, workdir: Path) -> list[str]:
    """The floor, measured before the journey by the same Locust against the same servers:
    `GET /healthz` (a bare Django JSON view: one `SELECT 1`), then `POST /api/v1/plans/search`
    the same way (8 users, no pause, 15 s each); their requests per second side by side."""
    rows, failed = {}, {}
    for name in ("Floor", "PlanSearch"):
        prefix = workdir / name.lower()
        locust(env, host, prefix, users=8, spawn_rate=8, seconds=15, classes=[name])
        rows[name] = next(r for r in read_stats(prefix) if r["Name"] == "Aggregated")
        # errors in the users' own code too: a search that raised before its request made
        # none, and the ratio read 0.00 with failures=0
        failed[name] = sum(failures(prefix).values())
    floor, search = rows["Floor"], rows["PlanSearch"]
    ratio = float(search["Requests/s"]) / max(float(floor["Requests/s"]), 1e-9)
    return [
        f"floor: p50_ms={floor['50%']} p95_ms={floor['95%']} "
        f"rps={float(floor['Requests/s']):.1f} failures={failed['Floor']} "
        "(GET /healthz, 8 users, no pause)",
        f"api: plans/search p50_ms={search['50%']} p95_ms={search['95%']} "
        f"rps={float(search['Requests/s']):.1f} failures={failed['PlanSearch']} "
        f"ratio_to_floor_rps={ratio:.2f} (8 users, no pause)",
    ]


def print_profiles(folder: Path) -> None:
    """Each view's requests and CPU time under the profiler, dearest first, then the profile
    of the view that cost the most CPU in all (tests/load/profiling.py)."""
    import pstats
    from io import StringIO

    from tests.load import profiling

    costs = []
    for view, paths in profiling.views(folder).items():
        total = sum(pstats.Stats(str(p), stream=StringIO()).total_tt for p in paths)
        costs.append((total, view, len(paths)))
    for total, view, count in sorted(costs, reverse=True):
        print(
            f"profiled view {view}: requests={count} ms_each={total / count * 1000:.1f} "
            f"s_total={total:.1f}"
        )
    if costs:
        print(profiling.report(folder, max(costs)[1]))


def step_report(path: Path, sampler: Sampler) -> str:
    """One line per step (users, requests per second, failures, p95, memory), then the most
    users held before the p95 of every request passed one second (the steps up to it all
    at or under it)."""
    import json

    lines, held, previous = [], 0, 0
    for raw in path.read_text().splitlines() if path.exists() else []:
        step = json.loads(raw)
        every = step["figures"]["all"]
        search = step["figures"].get("api: plans/search", {})
        lines.append(
            f"stage users={step['users']} held={step['held']} seconds={step['seconds']} "
            f"rps={every['rps']:.1f} failures={every['failures']} p50_ms={every['p50_ms']} "
            f"p95_ms={every['p95_ms']} p99_ms={every['p99_ms']} "
            f"search_p95_ms={search.get('p95_ms', '-')} "
            f"rss_mb={sampler.rss_at(step['ended']) / 2**20:.0f}"
        )
        if every["p95_ms"] <= 1000 and held == previous:
            held = step["held"]
        previous = step["held"]
    lines.append(f"capacity: most users held before p95 passed 1000 ms = {held}")
    return "\n".join(lines)


def locust(env, host, prefix, *, users, spawn_rate, seconds, classes) -> float:
    """One headless Locust run of the journey's `classes`, its statistics in CSV at `prefix`;
    returns the cores Locust itself used (it shares the machine with the exchange)."""
    process = subprocess.Popen(
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
        stdout=subprocess.DEVNULL,
    )
    began = time.monotonic()
    _pid, status, usage = os.wait4(process.pid, 0)  # the child's CPU time comes with its end
    process.returncode = os.waitstatus_to_exitcode(status)
    return (usage.ru_utime + usage.ru_stime) / max(time.monotonic() - began, 1e-9)


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
        # no more requests at a server than it has web workers: the rest wait in HAProxy's
        # queue, so a health check waits behind at most one round of requests, not behind
        # the whole backlog (a busy server is not marked down for being busy)
        workers = self.web_workers or os.cpu_count() or 2
        backends = "\n".join(
            f"    server app{i + 1} 127.0.0.1:{p} maxconn {workers} check inter 1s fall 3 rise 2"
            for i, p in enumerate(self.ports)
        )
        config = self.workdir / "haproxy.cfg"
        config.write_text(HAPROXY.format(port=port, backends=backends))
        with open(self.workdir / "haproxy.log", "ab") as log:
            self.balancer = subprocess.Popen(
                [haproxy, "-f", str(config)],
                cwd=self.workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
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

    def kill_one(self, index: int) -> None:
        """SIGKILL app server `index` and everything under it, as when its machine dies."""
        process = self.processes[index]
        if process is not None and process.poll() is None:
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
    log stdout format raw local0 info
defaults
    mode http
    log global
    option httplog
    option log-health-checks
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    timeout check 5s
    timeout queue 60s
    retries 3
    # every retry goes to another server: a server just killed refuses connections until its
    # health checks mark it down (3 s)
    option redispatch 1
    option forwardfor
frontend exchange
    bind 127.0.0.1:{port}
    default_backend apps
backend apps
    balance roundrobin
    option httpchk GET /healthz
    # a request that reached a server that died under it is sent to another server when it
    # is safe to send twice (GET, HEAD); a form sent twice is the application's business
    # (a checkout's token makes it one enrollment)
    retry-on conn-failure empty-response response-timeout
    http-request disable-l7-retry if !METH_GET !METH_HEAD
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
        self.began = time.monotonic()  # with the journey, after the floor
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
        self.at(duration * 0.25)
        workers = self.servers.children("gunicorn: worker") or [
            p
            for p in self.servers.children("marketplace.wsgi")
            if p.parent() and "marketplace.wsgi" in " ".join(p.parent().cmdline())
        ]
        if workers:
            workers[0].kill()
            self.note(f"web worker {workers[0].pid} killed (SIGKILL)")
        self.at(duration * 0.4)
        for job_worker in self.servers.children("marketplace.cli worker"):
            job_worker.kill()
            self.note(f"job worker {job_worker.pid} killed (SIGKILL)")
        self.at(duration * 0.55)
        if self.database.name:
            # every connection the exchange holds dies at once, as in a database restart or
            # failover; the server itself is shared with other work on this machine, so it is
            # restarted only when asked (--restart-postgresql)
            killed = self.database.terminate_connections()
            self.note(f"PostgreSQL: the exchange's {killed} connections terminated")
            if self.args.restart_postgresql:
                restarted = subprocess.run(
                    ["pg_ctlcluster", *pg_cluster(), "restart"],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                self.note(f"PostgreSQL restarted (exit {restarted.returncode})")
        self.at(duration * 0.7)
        if self.servers.count > 1:
            index = self.servers.count - 1
            self.servers.kill_one(index)
            self.note(f"app server {index + 1} killed (SIGKILL: web and job workers at once)")
            time.sleep(10)
            self.servers.start_one(index)
            self.note(f"app server {index + 1} started again")


def pg_cluster() -> list[str]:
    """The local PostgreSQL cluster's version and name, as pg_ctlcluster wants them."""
    version = (
        sorted(os.listdir("/etc/postgresql"))[-1] if os.path.isdir("/etc/postgresql") else "15"
    )
    return [version, "main"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
