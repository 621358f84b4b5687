"""CI check: every arrow points down (docs/adr/1800-layering.md).

Each app of src/marketplace sits on a layer; an app may import only apps on lower layers.
A lower app that needs a higher one offers a hook (a registry the higher app fills from its
AppConfig.ready()), as notices' builders and casework's household sections do. The
project's top modules (settings, urls, wsgi, cli) and management commands are entry points
that put the house together: they may import any app.

`python scripts/check_layering.py [SRC]` prints each upward import and exits 1. KNOWN_UPWARD
is empty since ADR 1801 turned the last ones into hooks; an entry there needs an ADR.

Within an app the arrows point down too: no module imports, however indirectly, a module that
imports it (ADR 1802). Imports inside functions and under TYPE_CHECKING count: they hide a
circle, they do not remove it. The check prints each circle's modules and exits 1.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

# Lowest first. An app may import the apps of the layers before its own, never its own layer's
# other apps or a later layer's.
LAYERS: list[list[str]] = [
    ["core"],
    ["audit", "formats", "dataservices", "determinations"],
    ["jobs", "catalog"],
    ["accounts", "notices", "providers_and_drugs"],
    ["edi"],
    ["applications"],
    ["enrollment"],
    ["verifications"],
    # The officials' reports read every app below and offer hooks the services fill (the
    # renewal outcomes; ADR 1607).
    ["reports"],
    [
        "shopping",
        "readiness",
        "form1095a",
        "renewals",
        "changes",
        "operations",
        "assisters",
    ],
    ["api", "casework"],
    ["appeals"],
]

# (importing module, imported app) -> why: upward imports tolerated for now. Empty since ADR 1801
# (edi's enrollment hooks, applications' verifier); nothing may be added without an ADR.
KNOWN_UPWARD: dict[tuple[str, str], str] = {}


def layer_of() -> dict[str, int]:
    return {app: number for number, apps in enumerate(LAYERS) for app in apps}


def is_entry_point(relative: Path) -> bool:
    return "management" in relative.parts or "migrations" in relative.parts


def imported_apps(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if len(parts) >= 2 and parts[0] == "marketplace":
                found.append((parts[1], node.lineno))
    return found


def violations(src: Path) -> tuple[list[str], list[str]]:
    """(upward imports not known, apps missing from LAYERS)."""
    layers = layer_of()
    package = src / "marketplace"
    apps = sorted(p.name for p in package.iterdir() if (p / "__init__.py").exists())
    unplaced = [app for app in apps if app not in layers]
    found = []
    for app in apps:
        if app not in layers:
            continue
        for path in sorted((package / app).rglob("*.py")):
            relative = path.relative_to(package)
            if is_entry_point(relative):
                continue
            for other, line in imported_apps(path):
                if other == app or other not in layers:
                    continue
                if layers[other] >= layers[app]:
                    key = (f"marketplace/{relative}", other)
                    if key not in KNOWN_UPWARD:
                        found.append(
                            f"src/marketplace/{relative}:{line}: {app} (layer {layers[app]}) "
                            f"imports {other} (layer {layers[other]})"
                        )
    return found, unplaced


def module_imports(src: Path) -> dict[str, set[str]]:
    """{module: the modules of src it imports}, for every module but migrations and
    management commands (entry points). `from a.b import c` names the module a.b.c when there
    is one, else a.b."""
    paths = {
        ".".join(p.relative_to(src).with_suffix("").parts).removesuffix(".__init__"): p
        for p in src.rglob("*.py")
        if not is_entry_point(p.relative_to(src))
    }
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
                targets.add(node.module)
        graph[module] = {t for t in targets if t in paths and t != module} - {
            t for t in targets if f"{t}.".startswith(f"{module}.")
        }
    return graph


def circles(src: Path) -> list[list[str]]:
    """The groups of modules that import one another (strongly connected, Tarjan)."""
    graph = module_imports(src)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph.get(module, ())):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph)))
    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "src"
    found, unplaced = violations(src)
    for line in found:
        print(line)
    loops = circles(src)
    for group in loops:
        print(f"modules importing one another: {', '.join(group)}")
        found.append(group)
    for app in unplaced:
        print(f"src/marketplace/{app}: not on a layer: add it to LAYERS in {Path(__file__).name}")
    if found or unplaced:
        print(
            "Arrows must point down: a lower app offers a hook, a higher one plugs in "
            "(docs/adr/1800-layering.md)."
        )
        return 1
    print(f"layering: ok ({len(KNOWN_UPWARD)} known upward imports left to turn into hooks)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
