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

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the whole exchange (web, API, background work) until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("MARKETPLACE_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("MARKETPLACE_WEB_WORKERS", "0"))
        )
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo catalog.")

    def handle(self, *args, bind, workers, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=1)
        if not no_demo and "load-demo" in get_commands():
            from marketplace.catalog.models import Plan

            if not Plan.objects.exists():
                self.stdout.write("The catalog is empty: loading the demo catalog.")
                call_command("load-demo")
        call_command("collectstatic", interactive=False, verbosity=0)

        bin_dir = Path(sys.executable).parent
        gunicorn = shutil.which("gunicorn", path=str(bin_dir)) or "gunicorn"
        workers = workers or (os.cpu_count() or 2)
        processes = [
            subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
                [
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
                    "--access-logfile",
                    os.environ.get("MARKETPLACE_ACCESS_LOG", "-"),
                ]
            )
        ]
        if "worker" in get_commands():
            processes.append(
                subprocess.Popen([sys.executable, "-m", "marketplace.cli", "worker"])
            )
        self.stdout.write(f"Serving the exchange at http://{bind}/ (Ctrl-C stops it).")

        def stop(signum, frame):
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        finally:
            stop(None, None)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
