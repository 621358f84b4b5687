"""Bar charts drawn on the server as SVG: readable at a glance, no JavaScript, and each
shown next to the table of its figures (the table is what a screen reader reads; the
chart is marked as an image described by its title)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 220
BAR_AREA = WIDTH - LABEL_WIDTH - 70
ROW = 28


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + 17

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    bars: list[Bar]
    height: int
    width: int = WIDTH
    label_width: int = LABEL_WIDTH


def bar_chart(key: str, title: str, rows: list[tuple[str, int | None]]) -> BarChart:
    """Horizontal bars, longest = the largest value; rows whose value is unknown are left
    out of the chart (the table says "not known")."""
    known = [(label, value) for label, value in rows if value is not None]
    top = max([value for _label, value in known] + [1])
    bars = [
        Bar(str(label), value, 4 + index * ROW, round(BAR_AREA * value / top))
        for index, (label, value) in enumerate(known)
    ]
    return BarChart(key, str(title), bars, height=8 + ROW * max(1, len(bars)))
