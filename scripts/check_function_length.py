"""CI check: no function in src is longer than 60 lines, except those allowed by name.

A function's length runs from its `def` line to its last line (the AST's `end_lineno - lineno
+ 1`), so decorators are not counted and its docstring and blank lines are. The functions
still over the limit are listed in `scripts/long_functions_allowed.txt`, one `path:name` a
line (path relative to src, dotted names for methods and nested functions). An entry that is
no longer long, or no longer exists, also fails the check, so the list only ever shrinks
(ADR 0008-style allowlists drift; this one cannot).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

LIMIT = 60
ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = Path(__file__).resolve().parent / "long_functions_allowed.txt"


def _functions(tree: ast.AST, prefix: str = ""):
    """Every function and method in a module, with its dotted name and length."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + node.name
            yield name, node.lineno, node.end_lineno - node.lineno + 1
            yield from _functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")
        else:
            yield from _functions(node, prefix)


def long_functions(src: Path) -> dict[str, tuple[int, int]]:
    """`path:name` of every function over the limit, with its first line and length."""
    found = {}
    for path in sorted(src.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        relative = path.relative_to(src).as_posix()
        for name, line, length in _functions(tree):
            if length > LIMIT:
                found[f"{relative}:{name}"] = (line, length)
    return found


def allowed(path: Path) -> set[str]:
    """The allowlist's entries; blank lines and `#` comments are skipped."""
    if not path.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return {line for line in lines if line}


def problems(src: Path, allowlist: Path) -> list[str]:
    """One line per function over the limit that is not allowed, and per stale entry."""
    found = long_functions(src)
    permitted = allowed(allowlist)
    lines = [
        f"src/{key.split(':')[0]}:{line}: {key.split(':')[1]} is {length} lines (limit {LIMIT})"
        for key, (line, length) in found.items()
        if key not in permitted
    ]
    lines += [
        f"{allowlist.name}: {key} is no longer over {LIMIT} lines; remove it from the list"
        for key in sorted(permitted - found.keys())
    ]
    return lines


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else ROOT / "src"
    allowlist = Path(argv[1]) if len(argv) > 1 else ALLOWLIST
    failures = problems(src, allowlist)
    for failure in failures:
        print(failure)
    if failures:
        print(f"Split long functions into named steps of at most {LIMIT} lines (ADR 0010).")
        return 1
    print(f"functions at most {LIMIT} lines (or allowed by name): ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
