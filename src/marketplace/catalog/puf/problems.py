"""Problems found in PUF files, each naming the file, row and column."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Stop collecting after this many problems: enough to fix a file in one go, cheap to report.
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row, or file) of an input file."""

    file: str
    row: int | None  # the CSV line number (the header is row 1); None for the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class TooManyProblems(Exception):
    """Raised by `Problems.add` once MAX_PROBLEMS are collected, to stop reading early."""


class PufInvalid(Exception):
    """The files cannot be imported; `problems` says why."""

    def __init__(self, problems: list[Problem], truncated: bool = False):
        self.problems = problems
        self.truncated = truncated
        lines = [str(p) for p in problems]
        if truncated:
            lines.append(f"(stopped after {len(problems)} problems)")
        super().__init__("\n".join(lines))


@dataclass
class Problems:
    """A collector of problems; `add` raises TooManyProblems at the limit."""

    items: list[Problem] = field(default_factory=list)
    truncated: bool = False
    limit: int = MAX_PROBLEMS

    def add(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.items.append(Problem(file, row, column, message))
        if len(self.items) >= self.limit:
            self.truncated = True
            raise TooManyProblems

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise PufInvalid(self.items, self.truncated)
