"""CI check: every arrow points down (docs/adr/1800-layering.md).

Each app of src/marketplace sits on a layer; an app may import only apps on lower layers.
A lower app that needs a higher one offers a hook (a registry the higher app fills from its
AppConfig.ready()), as notices' builders and casework's household sections do. The
project's top modules (settings, urls, wsgi, cli) and management commands are entry points
that put the house together: they may import any app.

`python scripts/check_layering.py [SRC]` prints each upward import and exits 1. KNOWN_UPWARD
is empty since ADR 1801 turned the last ones into hooks; an entry there needs an ADR.
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


def main(argv: list[str]) -> int:
    src = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "src"
    found, unplaced = violations(src)
    for line in found:
        print(line)
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
