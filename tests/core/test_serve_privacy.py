"""`marketplace serve` as an operator runs it: live tokens never reach the access log or the
app log, and what it creates (the SQLite database, var/) is for its own user only.

A real server on a fresh SQLite database of its own (port 8106), a password-reset link and an
e-mail-verification link requested (one with a Referer holding a reset link), then stopped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PORT = 8106
RESET_TOKEN = "cfr9k2-0123456789abcdef0123456789abcdef"
VERIFY_TOKEN = "eyJ1IjoxLCJlIjoiZGFuYUBleGFtcGxlLm9yZyJ9:1vQ:abcdefghijklmnop"


def _get(path: str, referer: str = "") -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}")
    if referer:
        request.add_header("Referer", referer)
    try:
        urllib.request.urlopen(request, timeout=10).read()  # noqa: S310 - our own server
    except urllib.error.HTTPError:
        pass  # any answer is logged


def _wait_until_up(process) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError("marketplace serve stopped")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("marketplace serve did not answer")


@pytest.fixture
def served(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MARKETPLACE_"))}
    env |= {
        "MARKETPLACE_VAR_DIR": str(var),
        "MARKETPLACE_ACCESS_LOG": str(tmp_path / "access.log"),
        "DJANGO_SETTINGS_MODULE": "marketplace.settings",
    }
    command = [
        sys.executable,
        "-m",
        "marketplace.cli",
        "serve",
        "--no-demo",
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        "1",
    ]
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(process)
        yield var, tmp_path
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _logged(path: Path, until: str, seconds: float = 15.0) -> str:
    """The access log once it names `until`, the last request made (the server writes it as
    it answers: on a busy machine that can take longer than the request), or as it is at
    the deadline."""
    deadline = time.monotonic() + seconds
    while True:
        text = path.read_text() if path.exists() else ""
        if until in text or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def test_reset_and_verification_tokens_never_reach_the_logs_and_files_are_private(served):
    var, logs = served
    reset = f"/account/password/reset/MQ/{RESET_TOKEN}/"
    _get(reset)
    _get(f"/account/verify/{VERIFY_TOKEN}/?next=/account/")
    _get("/static/css/site.css", referer=f"http://127.0.0.1:{PORT}{reset}")
    _get("/account/password/reset/sent/?token=abc123secret")
    access = _logged(logs / "access.log", until="/account/password/reset/sent/")
    assert "/account/password/reset/[redacted]/[redacted]/" in access
    assert "/account/verify/[redacted]/?next=/account/" in access
    assert "/account/password/reset/sent/?token=[redacted]" in access
    server = (logs / "server.log").read_text()
    for secret in (RESET_TOKEN, VERIFY_TOKEN, "abc123secret"):
        assert secret not in access and secret not in server
    database = var / "marketplace.sqlite3"
    assert oct(database.stat().st_mode & 0o777) == "0o600"
    assert oct(Path(var).stat().st_mode & 0o777) == "0o700"
    for extra in ("-wal", "-shm"):
        sibling = Path(f"{database}{extra}")
        if sibling.exists():
            assert oct(sibling.stat().st_mode & 0o777) == "0o600"
