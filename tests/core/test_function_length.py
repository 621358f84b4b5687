"""The function-length check of `make check` (scripts/check_function_length.py, ADR 0010)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHECK = REPO / "scripts" / "check_function_length.py"


def _function(name: str, lines: int) -> str:
    body = "".join(f"    x{i} = {i}\n" for i in range(lines - 2))
    return f"def {name}():\n{body}    return 0\n"


def _check(src: Path, allowlist: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, str(CHECK), str(src), str(allowlist)]
    return subprocess.run(command, capture_output=True, text=True)


def _tree(tmp_path: Path, source: str, allowed: str = "") -> tuple[Path, Path]:
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "things.py").write_text(source)
    allowlist = tmp_path / "allowed.txt"
    allowlist.write_text(allowed)
    return src, allowlist


def test_the_exchange_keeps_its_functions_short():
    done = subprocess.run([sys.executable, str(CHECK)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_a_planted_long_function_fails_the_check(tmp_path):
    src, allowlist = _tree(tmp_path, _function("short", 60) + _function("long", 61))
    done = _check(src, allowlist)
    assert done.returncode == 1
    assert "src/pkg/things.py:61: long is 61 lines (limit 60)" in done.stdout
    assert "short" not in done.stdout


def test_a_long_method_is_named_with_its_class(tmp_path):
    method = _function("build", 70).replace("\n", "\n    ")
    src, allowlist = _tree(tmp_path, "class Thing:\n    " + method)
    done = _check(src, allowlist)
    assert done.returncode == 1
    assert "Thing.build is 70 lines" in done.stdout


def test_an_allowed_long_function_passes(tmp_path):
    src, allowlist = _tree(tmp_path, _function("long", 61), "# kept\npkg/things.py:long\n")
    done = _check(src, allowlist)
    assert done.returncode == 0, done.stdout


def test_a_stale_allowlist_entry_fails_the_check(tmp_path):
    allowed = "pkg/things.py:now_short\npkg/things.py:gone\n"
    src, allowlist = _tree(tmp_path, _function("now_short", 20), allowed)
    done = _check(src, allowlist)
    assert done.returncode == 1
    assert "pkg/things.py:gone is no longer over 60 lines" in done.stdout
    assert "pkg/things.py:now_short is no longer over 60 lines" in done.stdout
