"""`marketplace worker`: run background jobs until stopped (make run starts one)."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from marketplace.core.files import restrict_umask
from marketplace.jobs import queue, recurring
from marketplace.jobs.registry import load_handlers

# How often a worker records that it is alive (`/readyz` allows a few missed check-ins).
HEARTBEAT_SECONDS = 15


class Command(BaseCommand):
    help = "Run queued background jobs (834 files, notices, e-mail) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is due, then stop.")
        parser.add_argument("--poll", type=float, default=1.0, help="Seconds between polls.")

    def handle(self, *args, once, poll, **options):
        restrict_umask()  # files the jobs write (notices, 834s) are for this user only
        load_handlers()
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        worker = queue.worker_name()
        last_check_in = last_recurring = 0.0
        while not stopping:
            if time.monotonic() - last_check_in >= HEARTBEAT_SECONDS:
                queue.check_in(worker)
                last_check_in = time.monotonic()
            if not last_recurring or time.monotonic() - last_recurring >= recurring.EVERY_SECONDS:
                recurring.ensure_all()  # the next yearly/monthly runs (jobs/recurring.py)
                last_recurring = time.monotonic()
            ran = queue.run_pending(limit=100, worker=worker)
            if once and ran == 0:
                break
            if ran == 0:
                close_old_connections()
                time.sleep(poll)
