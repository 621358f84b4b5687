"""`marketplace serve`: what `make run` runs.

Migrates the database, loads the demo catalog when the catalog is empty, collects static
files, then runs gunicorn (sync workers, one per core) and the background worker side by
side until Ctrl-C, and stops them together.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import connections

from marketplace.core.files import restrict_umask, secure_database_files


class Command(BaseCommand):
    help = "Serve the whole exchange (web, API, background work) until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("MARKETPLACE_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("MARKETPLACE_WEB_WORKERS", "0"))
        )
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo catalog.")

    def handle(self, *args, bind, workers, no_demo, **options):
        """Migrate, load the demo catalog where it is empty, and run the web server and the
        background worker until Ctrl-C or SIGTERM."""
        # Everything this command and its children create (the SQLite database, mail files,
        # uploads, 834s, mail-house output) is for this user only (core/files.py).
        restrict_umask()
        call_command("migrate", interactive=False, verbosity=1)
        secure_database_files()
        if not no_demo and "load-demo" in get_commands():
            self.load_demo()
        call_command("collectstatic", interactive=False, verbosity=0)
        # the web and job workers open their own connections; this process only watches them
        # and gives back the one migrate opened (one connection fewer per app server)
        connections.close_all()

        workers = workers or (os.cpu_count() or 2)
        web = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
            _gunicorn_command(bind, workers),
            env=metrics_environment(),
        )
        background = BackgroundWorker() if "worker" in get_commands() else None
        self.stdout.write(f"Serving the exchange at http://{bind}/ (Ctrl-C stops it).")

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            # The web server is the exchange: when it stops, everything stops. The background
            # worker is restarted if it dies, so one bad job cannot take the web site down.
            while not stopping and web.poll() is None:
                if background is not None:
                    background.keep_alive(self.stderr)
                time.sleep(0.5)
        finally:
            processes = [web] + ([background.process] if background and background.process else [])
            _stop(processes)

    def load_demo(self) -> None:
        """The demo catalog when the catalog is empty; a demo catalog loaded by an earlier
        version gets the demo years it lacks (a new plan year, e.g. 2027). A catalog with a
        state's own files is never touched."""

        from marketplace.catalog.demo.data import YEARS
        from marketplace.catalog.models import CatalogImport, Plan

        if not Plan.objects.exists():
            self.stdout.write("The catalog is empty: loading the demo catalog.")
            call_command("load-demo")
            return
        demo = str(Path(settings.VAR_DIR) / "demo-puf")
        sources = list(CatalogImport.objects.values_list("source", flat=True))
        if not sources or not all(source.startswith(demo) for source in sources):
            return
        present = set(Plan.objects.values_list("year", flat=True).distinct())
        missing = [year for year in YEARS if year not in present]
        if missing:
            self.stdout.write(f"Adding demo plan years {missing} to the demo catalog.")
            call_command("load-demo", year=missing)


def metrics_environment() -> dict:
    """The web workers' environment: each gunicorn worker counts its requests in its own
    files under PROMETHEUS_MULTIPROC_DIR and /metrics adds them up (prometheus-client's
    multiprocess mode, ADR 1600). The folder is emptied at each start: counters start at
    zero with the server, as Prometheus expects of a restarted target."""
    from django.conf import settings

    folder = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or settings.VAR_DIR / "metrics")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True, mode=0o700)
    return {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}


class BackgroundWorker:
    """The `marketplace worker` process, restarted with a growing pause when it dies."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.restarts = 0
        self.next_start = 0.0
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "marketplace.cli", "worker"])

    def keep_alive(self, stderr) -> None:
        if self.process is None or self.process.poll() is None:
            return
        now = time.monotonic()
        if self.next_start == 0.0:
            self.restarts += 1
            pause = min(60, 2**self.restarts)
            stderr.write(f"The background worker stopped; restarting it in {pause} s.")
            self.next_start = now + pause
        elif now >= self.next_start:
            self.next_start = 0.0
            self.start()


def _gunicorn_command(bind: str, workers: int) -> list[str]:
    """The web server's command line: gunicorn with sync workers recycled now and then, its
    own control socket, and a logger that keeps live tokens out of the access log."""
    bin_dir = Path(sys.executable).parent
    gunicorn = shutil.which("gunicorn", path=str(bin_dir)) or "gunicorn"
    return [
        gunicorn,
        "marketplace.wsgi",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--max-requests",
        "20000",
        "--max-requests-jitter",
        "2000",
        "--graceful-timeout",
        "10",
        # each exchange on a machine has its own control socket (several app servers
        # side by side, as the load test runs them)
        "--control-socket",
        os.environ.get("MARKETPLACE_CONTROL_SOCKET", str(Path(settings.VAR_DIR) / "gunicorn.ctl")),
        "--access-logfile",
        os.environ.get("MARKETPLACE_ACCESS_LOG", "-"),
        # live tokens (password reset, e-mail verification) never reach the log
        "--logger-class",
        "marketplace.core.gunicorn_logging.RedactingLogger",
    ]


def _stop(processes: list[subprocess.Popen]) -> None:
    """Ask each process to stop, then wait up to 15 seconds for each before killing it."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
