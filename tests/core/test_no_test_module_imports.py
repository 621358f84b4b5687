"""No test module imports from another test module (issue 18): what tests share lives in a
support module (`conftest.py`, `support.py`, `*_support.py`, `households.py`...), so a test
module can be renamed, split or deleted without breaking another."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_test_module(dotted: str) -> bool:
    return dotted.rsplit(".", 1)[-1].startswith("test_")


def imports_of_test_modules(root: Path) -> list[str]:
    """`path:line: module` for every import of a `test_*` module under ``root``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
                modules += [f"{node.module or ''}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            else:
                continue
            for module in modules:
                if _is_test_module(module):
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {module}")
                    break
    return found


def test_no_test_module_imports_another():
    assert imports_of_test_modules(TESTS) == []


def test_a_planted_import_of_a_test_module_is_found(tmp_path):
    (tmp_path / "area").mkdir()
    (tmp_path / "area" / "test_one.py").write_text("def helper():\n    return 1\n")
    (tmp_path / "area" / "support.py").write_text("def shared():\n    return 2\n")
    (tmp_path / "area" / "test_two.py").write_text(
        "from area.support import shared\nfrom area.test_one import helper\n"
    )
    (tmp_path / "area" / "test_three.py").write_text("from area import test_one\n")
    assert imports_of_test_modules(tmp_path) == [
        "area/test_three.py:1: area.test_one",
        "area/test_two.py:2: area.test_one",
    ]
