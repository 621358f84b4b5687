"""CI check: the rules package (src/aca_rules) and the X12 package (src/x12) import no Django."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PURE_PACKAGES = ["src/aca_rules", "src/x12"]


def django_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        if any(name == "django" or name.startswith("django.") for name in names):
            lines.append(node.lineno)
    return lines


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    failures = []
    for package in PURE_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for line in django_imports(path):
                failures.append(f"{path.relative_to(root)}:{line} imports Django")
    for failure in failures:
        print(failure)
    if failures:
        print("The pure packages must not import Django (docs/adr/0001-architecture.md).")
        return 1
    print("pure packages import no Django: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
