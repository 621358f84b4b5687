"""README's settings table and the code agree, both ways.

Every `MARKETPLACE_*` name under src/ is an environment variable the exchange reads, and
must have a row in README's "Settings (environment variables)" table; every name the table
lists must be read by the code. Names that are only a prefix (`MARKETPLACE_SMTP_*` in a
message) are skipped; the few Django settings that carry the prefix but are never read
from the environment are listed below, and the test checks that they really are not.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
README = REPO / "README.md"

NAME = re.compile(r"MARKETPLACE_[A-Z0-9_]+")
TABLE_HEADING = "## Settings (environment variables)"
#: marketplace/env.py's readers (called as env.text(...) outside env.py, text(...) in it).
READERS = "text|boolean|integer|number|day|choice|csv_list"

#: Django settings with the prefix that no environment variable sets (name: why).
NOT_ENVIRONMENT = {
    "MARKETPLACE_CLOCK_STARTED": "settings.py records the real date at start-up (core/clock.py)",
}


def names_in_code(src: Path = SRC) -> set[str]:
    """Every full `MARKETPLACE_*` name in the Python files under `src` (prefixes dropped)."""
    found = set()
    for path in src.rglob("*.py"):
        for name in NAME.findall(path.read_text(encoding="utf-8")):
            if not name.endswith("_"):
                found.add(name)
    return found


def read_from_environment(name: str, src: Path = SRC) -> bool:
    """Whether some file under `src` passes `name`, quoted, to an environment reader
    (marketplace.env's readers, os.environ, os.getenv) or keeps it in a constant."""
    quoted = rf"""["']{re.escape(name)}["']"""
    reader = re.compile(
        rf"(?:\b(?:env\.)?(?:{READERS})\(|os\.environ\.get\(|os\.environ\[|os\.getenv\("
        rf"|^[A-Z_]+ = )\s*{quoted}",
        re.MULTILINE,
    )
    return any(reader.search(path.read_text(encoding="utf-8")) for path in src.rglob("*.py"))


def table_names(readme: Path = README) -> set[str]:
    """The names in the first column of README's settings table."""
    text = readme.read_text(encoding="utf-8")
    assert TABLE_HEADING in text, f"README has no {TABLE_HEADING!r} section"
    section = text.split(TABLE_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert rows, "README's settings table has no rows"
    names = set()
    for row in rows:
        first_cell = row.split("|")[1]
        names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def undocumented(src: Path = SRC, readme: Path = README) -> set[str]:
    return names_in_code(src) - set(NOT_ENVIRONMENT) - table_names(readme)


def not_read(src: Path = SRC, readme: Path = README) -> set[str]:
    return {name for name in table_names(readme) if not read_from_environment(name, src)}


def test_every_variable_the_code_reads_has_a_row():
    missing = undocumented()
    assert not missing, f"add these to README's settings table: {sorted(missing)}"


def test_every_row_names_a_variable_the_code_reads():
    stale = not_read()
    assert not stale, f"README's settings table lists variables nothing reads: {sorted(stale)}"


def test_the_code_reads_many_variables():
    # The collection itself works: the variables every deployment sets are found.
    found = names_in_code()
    assert {"MARKETPLACE_STATE", "MARKETPLACE_TODAY", "MARKETPLACE_CRASH_AT"} <= found
    assert "MARKETPLACE_SMTP_" not in found
    assert len(found) > 40


def test_the_settings_that_are_not_variables_really_are_not():
    found = names_in_code()
    for name, why in NOT_ENVIRONMENT.items():
        assert name in found, f"{name} is no longer in the code: remove it from NOT_ENVIRONMENT"
        assert not read_from_environment(name), (
            f"{name} is now read from the environment ({why} no longer holds): "
            "document it in README and remove it from NOT_ENVIRONMENT"
        )
        assert name not in table_names(), f"{name} is not an environment variable"


def test_both_directions_can_fail(tmp_path):
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "settings.py").write_text(
        'A = env.text("MARKETPLACE_READ_HERE")\n'
        'B = env.integer(\n    "MARKETPLACE_NOT_IN_TABLE", 3\n)\n'
        'C = os.environ.get("MARKETPLACE_SMTP_" + "HOST")\n'
    )
    readme = tmp_path / "README.md"
    readme.write_text(
        f"{TABLE_HEADING}\n\n| Variable | Default | Meaning |\n| --- | --- | --- |\n"
        "| `MARKETPLACE_READ_HERE` | none | read |\n"
        "| `MARKETPLACE_GONE` | none | nothing reads it |\n\n## Layout\n"
    )
    assert undocumented(src, readme) == {"MARKETPLACE_NOT_IN_TABLE"}
    assert not_read(src, readme) == {"MARKETPLACE_GONE"}


def apps(src: Path = SRC) -> set[str]:
    package = src / "marketplace"
    return {p.name for p in package.iterdir() if (p / "__init__.py").exists()}


def test_layout_and_adr_0007_list_every_app():
    # README's Layout and ADR 0007 list the apps too: a new app takes a line in both.
    layout = README.read_text(encoding="utf-8").split("## Layout", 1)[1]
    adr = (REPO / "docs" / "adr" / "0007-architecture-as-built.md").read_text(encoding="utf-8")
    found = apps()
    assert {"core", "appeals", "providers_and_drugs"} <= found
    not_in_layout = sorted(app for app in found if f"\n  {app}/ " not in layout)
    assert not not_in_layout, f"README's Layout lacks {not_in_layout}"
    not_in_adr = sorted(app for app in found if f"- `{app}`: " not in adr)
    assert not not_in_adr, f"ADR 0007 lacks {not_in_adr}"
