"""Pricing is a domain service below the pages (issue 13): enrollment, renewal and the
other domain apps price plans through the catalog (catalog.plan_prices, catalog.pricing,
enrollment.selection), never through the shopping app's modules."""

from __future__ import annotations

import ast
from pathlib import Path

import marketplace

DOMAIN_APPS = (
    "accounts",
    "applications",
    "catalog",
    "determinations",
    "edi",
    "enrollment",
    "form1095a",
    "jobs",
    "notices",
    "verifications",
)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_domain_app_imports_the_shopping_pages():
    root = Path(marketplace.__file__).parent
    offenders = [
        f"{path.relative_to(root)}: {name}"
        for app in DOMAIN_APPS
        for path in sorted((root / app).rglob("*.py"))
        for name in _imports(path)
        if name == "marketplace.shopping" or name.startswith("marketplace.shopping.")
    ]
    assert offenders == []


def test_the_check_can_fail(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from marketplace.shopping.quotes import plan_year\n", encoding="utf-8")
    assert "marketplace.shopping.quotes" in _imports(module)
