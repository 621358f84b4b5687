"""The exchange's one clock (core/clock.py; docs/contracts.md 4.7) and the served state's time zone
(core/time_zones.py): MARKETPLACE_TODAY moves the date and the time of day keeps running;
production refuses it at start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from marketplace.core import clock
from marketplace.core.states import STATES
from marketplace.core.time_zones import TIME_ZONES, state_time_zone

REPO = Path(__file__).resolve().parents[2]
EASTERN = ZoneInfo("America/New_York")


def test_moved_to_a_day_the_clock_reads_that_day_with_the_time_of_day_running(settings):
    settings.MARKETPLACE_TODAY = date(2026, 12, 31)
    before = timezone.localtime(timezone.now(), EASTERN)
    now = clock.now()
    after = timezone.localtime(timezone.now(), EASTERN)
    assert clock.today() == date(2026, 12, 31) == now.date()
    assert now.tzinfo is not None and str(now.tzinfo) == "America/New_York"
    assert before.time() <= now.time() <= after.time() or before.date() != after.date()
    assert clock.is_moved() == (settings.MARKETPLACE_CLOCK_STARTED != date(2026, 12, 31))


def test_the_moved_clock_keeps_running_at_real_speed(settings, monkeypatch):
    settings.MARKETPLACE_TODAY = date(2026, 12, 31)
    instant = datetime(2026, 12, 2, 23, 0, tzinfo=UTC)  # 6 p.m. in Boston
    monkeypatch.setattr(timezone, "now", lambda: instant)
    settings.MARKETPLACE_CLOCK_STARTED = date(2026, 12, 2)
    first = clock.now()
    assert (first.date(), first.hour) == (date(2026, 12, 31), 18)
    monkeypatch.setattr(timezone, "now", lambda: instant + timedelta(hours=7))
    later = clock.now()  # past midnight: the next day, seven hours on
    assert later - first == timedelta(hours=7) and later.date() == date(2027, 1, 1)


def test_without_marketplace_today_the_clock_is_today_in_the_states_zone(settings, monkeypatch):
    settings.MARKETPLACE_TODAY = None
    instant = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # still December 1 in Boston
    monkeypatch.setattr(timezone, "now", lambda: instant)
    assert clock.today() == date(2026, 12, 1)
    assert clock.now() == instant and not clock.is_moved()


def test_every_state_and_dc_has_a_time_zone():
    assert set(TIME_ZONES) == set(STATES) and len(TIME_ZONES) == 51
    for zone in TIME_ZONES.values():
        ZoneInfo(zone)  # a real IANA zone
    for state in ("MA", "VT", "NC"):
        assert state_time_zone(state) == "America/New_York"
    assert state_time_zone("AZ") == "America/Phoenix"  # no daylight saving time
    assert state_time_zone("HI") == "Pacific/Honolulu"


def _start(tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MARKETPLACE_")}
    clean.update(MARKETPLACE_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="marketplace.settings")
    clean.update(env)
    script = "from marketplace.cli import main; main()"
    return subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "shell",
            "-c",
            "from django.conf import settings; print(settings.TIME_ZONE)",
        ],
        env=clean,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_served_state_decides_the_time_zone(tmp_path):
    done = _start(tmp_path, MARKETPLACE_STATE="CA")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "America/Los_Angeles"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {
                "MARKETPLACE_ENV": "production",
                "MARKETPLACE_SECRET_KEY": "x" * 50,
                "MARKETPLACE_TODAY": "2026-12-31",
            },
            "MARKETPLACE_TODAY must not be set when MARKETPLACE_ENV=production",
        ),
        (
            {"MARKETPLACE_TODAY": "31/12/2026"},
            "MARKETPLACE_TODAY must be a date written YYYY-MM-DD, not '31/12/2026'",
        ),
        (
            {"MARKETPLACE_ENROLLMENT_DATE": "2025-12-01"},
            "MARKETPLACE_ENROLLMENT_DATE was replaced by MARKETPLACE_TODAY",
        ),
    ],
)
def test_start_up_refuses_a_clock_it_must_not_use(tmp_path, env, message):
    done = _start(tmp_path, **env)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_seeding_may_move_the_clock_for_a_block_but_never_in_production(settings):
    settings.MARKETPLACE_TODAY = date(2026, 12, 2)
    with clock.moved_to(date(2025, 11, 1)):
        assert clock.today() == date(2025, 11, 1)
    assert clock.today() == date(2026, 12, 2)
    settings.PRODUCTION = True
    with pytest.raises(RuntimeError, match="cannot be moved in production"):
        with clock.moved_to(date(2025, 11, 1)):
            pass
