"""The decision records in docs/adr share one format (issue 18).

Each ADR is `NNNN-slug.md` with a number no other ADR has; it opens with `# NNNN. Title`,
then `Status:`, `Supersedes:` and `Superseded-by:` lines, and has the sections Context,
Decision and Consequences, in that order and no other at that level. A changed decision is a
new ADR that supersedes, never an amendment in place: when ADR X says it supersedes ADR Y,
ADR Y says it is superseded by ADR X, and the other way round.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ADR_DIR = REPO / "docs" / "adr"
SECTIONS = ["## Context", "## Decision", "## Consequences"]
NUMBER = re.compile(r"\bADR (\d{4})\b")


def adrs(folder: Path = ADR_DIR) -> list[Path]:
    return sorted(folder.glob("*.md"))


def field(text: str, name: str) -> str:
    found = re.search(rf"^{name}: (.+)$", text, re.MULTILINE)
    return found.group(1) if found else ""


def problems(folder: Path = ADR_DIR) -> list[str]:
    out = []
    paths = [p for p in adrs(folder) if p.name != "README.md"]
    numbers = Counter(p.name[:4] for p in paths)
    out += [f"number {n} is used {c} times" for n, c in sorted(numbers.items()) if c > 1]
    links: dict[str, tuple[set[str], set[str]]] = {}
    for path in paths:
        name, text = path.name, path.read_text(encoding="utf-8")
        number = name[:4]
        if not re.fullmatch(r"\d{4}-[a-z0-9-]+\.md", name):
            out.append(f"{name}: not named NNNN-slug.md")
        lines = text.splitlines()
        if not lines or not lines[0].startswith(f"# {number}. "):
            out.append(f"{name}: the first line is not '# {number}. Title'")
        for line in ("Status", "Supersedes", "Superseded-by"):
            if not field(text, line):
                out.append(f"{name}: no '{line}:' line")
        headings = [line.strip() for line in lines if line.startswith("## ")]
        if headings != SECTIONS:
            out.append(f"{name}: sections {headings}, not {SECTIONS}")
        supersedes = set(NUMBER.findall(field(text, "Supersedes"))) - {number}
        superseded_by = set(NUMBER.findall(field(text, "Superseded-by"))) - {number}
        links[number] = (supersedes, superseded_by)
    for number, (supersedes, superseded_by) in sorted(links.items()):
        for older in sorted(supersedes):
            if older not in links:
                out.append(f"ADR {number} supersedes ADR {older}, which does not exist")
            elif number not in links[older][1]:
                out.append(f"ADR {number} supersedes ADR {older}, whose Superseded-by omits it")
        for newer in sorted(superseded_by):
            if newer not in links:
                out.append(f"ADR {number} is superseded by ADR {newer}, which does not exist")
            elif number not in links[newer][0]:
                out.append(f"ADR {number} is superseded by ADR {newer}, whose Supersedes omits it")
    return out


def test_every_adr_has_the_format_and_a_number_of_its_own():
    assert len(adrs()) > 40
    found = problems()
    assert not found, "\n".join(found)


GOOD = """# {n}. A decision

Status: accepted. Date: 2026-12-02.
Supersedes: {sup}
Superseded-by: {by}

## Context

Why.

## Decision

What.

## Consequences

So.
"""


def test_the_check_finds_each_fault(tmp_path):
    (tmp_path / "0001-first.md").write_text(GOOD.format(n="0001", sup="none.", by="ADR 0002."))
    (tmp_path / "0002-second.md").write_text(GOOD.format(n="0002", sup="ADR 0001.", by="none."))
    assert problems(tmp_path) == []
    (tmp_path / "0002-again.md").write_text(
        GOOD.format(n="0002", sup="none.", by="none.").replace("## Consequences", "## Amendment")
    )
    (tmp_path / "0003-third.md").write_text("# 3: Old style\n\nDate: 2026-01-01.\n")
    found = problems(tmp_path)
    assert "number 0002 is used 2 times" in found
    assert "0003-third.md: the first line is not '# 0003. Title'" in found
    assert "0003-third.md: no 'Supersedes:' line" in found
    assert any(p.startswith("0002-again.md: sections") for p in found)
    (tmp_path / "0002-again.md").unlink()
    (tmp_path / "0002-second.md").write_text(GOOD.format(n="0002", sup="none.", by="none."))
    assert "ADR 0001 is superseded by ADR 0002, whose Supersedes omits it" in problems(tmp_path)
