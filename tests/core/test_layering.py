"""The layering check of `make check` (scripts/check_layering.py, ADR 1800)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHECK = REPO / "scripts" / "check_layering.py"


def _app(src: Path, name: str, body: str = "") -> None:
    folder = src / "marketplace" / name
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "things.py").write_text(body)


def _check(src: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHECK), str(src)], capture_output=True, text=True)


def test_the_exchange_keeps_its_arrows_pointing_down():
    done = _check(REPO / "src")
    assert done.returncode == 0, done.stdout


def test_a_planted_upward_import_fails_the_check(tmp_path):
    _app(tmp_path, "catalog", "from marketplace.core import clock\n")
    _app(tmp_path, "core", "from marketplace.catalog import summary\n")
    done = _check(tmp_path)
    assert done.returncode == 1
    assert (
        "src/marketplace/core/things.py:1: core (layer 0) imports catalog (layer 2)" in done.stdout
    )


def test_an_app_with_no_layer_fails_the_check(tmp_path):
    _app(tmp_path, "core")
    _app(tmp_path, "newcomer", "from marketplace.core import clock\n")
    done = _check(tmp_path)
    assert done.returncode == 1
    assert "src/marketplace/newcomer: not on a layer" in done.stdout


def test_commands_are_entry_points_and_may_import_any_app(tmp_path):
    _app(tmp_path, "catalog")
    _app(tmp_path, "core")
    commands = tmp_path / "marketplace" / "core" / "management" / "commands"
    commands.mkdir(parents=True)
    (commands / "serve.py").write_text("from marketplace.catalog import summary\n")
    assert _check(tmp_path).returncode == 0


def test_two_modules_of_one_app_importing_each_other_fail_the_check(tmp_path):
    """A circle inside an app, hidden in a function's import, is still a circle (ADR 1802)."""
    _app(tmp_path, "jobs", "from marketplace.jobs import worklist\n")
    folder = tmp_path / "marketplace" / "jobs"
    (folder / "worklist.py").write_text("def retry():\n    from marketplace.jobs import things\n")
    done = _check(tmp_path)
    assert done.returncode == 1
    assert "modules importing one another: marketplace.jobs.things, marketplace.jobs.worklist" in (
        done.stdout
    )


def test_a_type_checking_import_of_a_higher_module_is_a_circle_too(tmp_path):
    _app(tmp_path, "core", "from marketplace.core import lower\n")
    folder = tmp_path / "marketplace" / "core"
    (folder / "lower.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from marketplace.core.things"
        " import Thing\n"
    )
    assert _check(tmp_path).returncode == 1
