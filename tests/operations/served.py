"""A real `marketplace serve` (gunicorn workers plus the background worker) on a fresh
SQLite database of its own, for the operations tests that need several processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

TOKEN = "served-metrics-token-0123456789"


def get(port: int, path: str, headers: dict | None = None, timeout: float = 10):
    """(status, headers, body) of one GET; an HTTP error is an answer too."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 - ours
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextmanager
def serve(tmp_path: Path, port: int, workers: int = 2, extra_env: dict | None = None):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MARKETPLACE_"))}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env |= {
        "MARKETPLACE_VAR_DIR": str(var),
        "MARKETPLACE_ACCESS_LOG": str(tmp_path / "access.log"),
        "MARKETPLACE_METRICS_TOKEN": TOKEN,
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        **(extra_env or {}),
    }
    command = [sys.executable, "-m", "marketplace.cli", "serve", "--no-demo"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            if process.poll() is not None:
                raise AssertionError("marketplace serve stopped: " + _tail(tmp_path))
            try:
                if get(port, "/healthz", timeout=1)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("marketplace serve did not answer: " + _tail(tmp_path))
        yield process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _tail(tmp_path: Path) -> str:
    return (tmp_path / "server.log").read_text(errors="replace")[-3000:]
