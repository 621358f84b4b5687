"""Finding the PUF files of an import in a directory, and reading a CSV into a `Table`."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from marketplace.catalog.puf.problems import Problems

# kind -> pattern on the normalized file stem (lower case, '_' and ' ' turned into '-').
# CMS names them `plan-attributes-puf.csv` (download site) or `Plan_Attributes_PUF.csv`.
KINDS: dict[str, re.Pattern] = {
    "plan_attributes": re.compile(r"^plan-?attributes(-puf)?\b"),
    "rate": re.compile(r"^rates?(-puf)?\b"),
    "service_area": re.compile(r"^service-?areas?(-puf)?\b"),
    "benefits": re.compile(r"^benefits?-and-cost-?sharing(-puf)?\b"),
    "quality": re.compile(r"^quality(-puf)?\b"),
    "crosswalk": re.compile(r"^(plan-?id-?)?crosswalk(-puf)?\b"),
    # Our own geography files (docs/howto/load-plans.md):
    "counties": re.compile(r"^counties$"),
    "zip_counties": re.compile(r"^zip-?counties$"),
    "rating_areas": re.compile(r"^rating-?areas$"),
    # The state supplement: state programs' plans and cost-sharing variations.
    "state_programs": re.compile(r"^state-?programs?$"),
}
REQUIRED_KINDS = ("plan_attributes", "rate", "service_area")


def normalize_stem(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if name.lower().endswith(".csv") else name
    return re.sub(r"[\s_]+", "-", stem.strip().lower())


def find_files(directory: Path, problems: Problems) -> dict[str, Path]:
    """Map each file kind to its CSV in `directory` (names matched case-insensitively)."""
    found: dict[str, Path] = {}
    for path in sorted(directory.iterdir()):
        if not path.is_file() or not path.name.lower().endswith(".csv"):
            continue
        stem = normalize_stem(path.name)
        for kind, pattern in KINDS.items():
            if pattern.search(stem):
                if kind in found:
                    problems.add(
                        path.name, None, None, f"two files for one kind: also {found[kind].name}"
                    )
                found[kind] = path
                break
    for kind in REQUIRED_KINDS:
        if kind not in found:
            problems.add(
                str(directory),
                None,
                None,
                f"no {kind.replace('_', ' ')} file (e.g. {kind.replace('_', '-')}-puf.csv)",
            )
    return found


def normalize_header(name: str) -> str:
    return re.sub(r"\s+", "", name).lower()


@dataclass
class Table:
    """A CSV file read into memory: its header positions and an iterator over its rows."""

    name: str
    sha256: str
    header: list[str]
    positions: dict[str, int]  # normalized header -> index
    text: str

    def rows(self):
        """(row number, cells) for every data row; the header is row 1, blank lines skipped."""
        reader = csv.reader(io.StringIO(self.text))
        next(reader, None)
        for number, row in enumerate(reader, start=2):
            if row:
                yield number, row

    def columns(self, problems: Problems, required: list[str], optional: list[str] = ()):
        """Positions of the columns, by their CamelCase names; a missing required one is a
        problem. Optional columns that are absent map to None."""
        out: dict[str, int | None] = {}
        for column in required:
            position = self.positions.get(normalize_header(column))
            if position is None:
                problems.add(self.name, 1, column, "missing column")
            out[column] = position
        for column in optional:
            out[column] = self.positions.get(normalize_header(column))
        return out


class PlanYearRows:
    """The rows of one plan year, for a reader that has found its columns (`cols`, from
    `Table.columns`): (row number, cells) with the cells padded to the last column read, so
    a short row reads as empty cells. A row whose BusinessYear is another year is a problem
    and is not given; without a BusinessYear column (an optional one) every row is given.
    `read` counts every data row, given or not."""

    def __init__(self, table: Table, cols: dict, year: int, problems: Problems):
        self.table, self.year, self.problems = table, year, problems
        self.width = max(p for p in cols.values() if p is not None) + 1
        self.year_at = cols.get("BusinessYear")
        self.read = 0

    def __iter__(self):
        width, year_at, year_text = self.width, self.year_at, str(self.year)
        for number, row in self.table.rows():
            self.read += 1
            if len(row) < width:
                row = row + [""] * (width - len(row))
            if year_at is not None and row[year_at] != year_text:
                found = row[year_at].strip()
                if found != year_text:
                    self.problems.add(
                        self.table.name,
                        number,
                        "BusinessYear",
                        f"{found!r} is not the plan year {self.year}",
                    )
                    continue
            yield number, row


def read_table(path: Path) -> Table:
    """Read a CSV file: utf-8 (with or without a BOM), else latin1 (older PUFs)."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin1")
    first_line = text.split("\n", 1)[0]
    header = next(csv.reader([first_line]), [])
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(normalize_header(name), index)
    return Table(path.name, digest, header, positions, text)
