"""The monthly figures of Form 1095-A Part III, from a policy's stored history (no Django).

For each month of the year: column A, the monthly enrollment premium; column B, the
premium of the applicable second lowest cost silver plan (SLCSP) for the coverage family
(26 CFR 1.36B-3(f)); column C, the advance payment of the premium tax credit (APTC).

- The money comes from the policy's financial segments: the premium total (PRE AMT TOT) and
  the APTC (APTC AMT) of every 834 the exchange queued for it, each in force from its
  effective date (the addition's begin date, a change's DTP*007) until a later one takes
  over; a change queued later wins from its own effective date, so a retroactive change
  rewrites the months it reaches. Column A is "the total premium for the coverage without
  regard to the credit" (IRC 36B(f)(3)(B)): a state's own premium subsidy (ConnectorCare,
  Vermont Premium Assistance) does not reduce it and is not APTC, so it appears nowhere.
- Column B is the benchmark premium of the stored determination each segment rests on
  (its `benchmark_premium`), never recomputed; for a policy that covers only some of the
  household, the SLCSP of the members enrolled that checkout stored with it
  (`Enrollment.benchmark_premium`, carried by each 834 row).
- A month partly covered (coverage starting or ending inside it) counts its share of days;
  each amount is rounded to the cent (ROUND_HALF_UP) once per month.
- A month of coverage whose premium was not paid (the first month of an APTC grace period
  when the policy was then terminated, 45 CFR 156.270(g)) shows 0 in column A, as the Form
  1095-A instructions say; the APTC paid for it stays in column C.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Segment:
    """Values in force from `effective` (None: unchanged from the previous segment)."""

    effective: date
    premium: Decimal | None = None
    aptc: Decimal | None = None
    benchmark: Decimal | None = None  # the determination's monthly SLCSP premium


@dataclass(frozen=True)
class Month:
    month: int
    premium: Decimal
    slcsp: Decimal
    aptc: Decimal

    def as_dict(self) -> dict:
        return {
            "month": self.month,
            "premium": str(self.premium),
            "slcsp": str(self.slcsp),
            "aptc": str(self.aptc),
        }


def _values_by_day(segments: list[Segment]) -> list[tuple[date, Decimal, Decimal, Decimal]]:
    """Breakpoints: from each date on, (premium, aptc, benchmark). Segments are given in the
    order they were queued; a later one overrides every day from its effective date."""
    points: dict[date, tuple] = {}
    for seg in segments:
        for day in sorted(d for d in points if d >= seg.effective):
            premium, aptc, bench = points[day]
            points[day] = (
                premium if seg.premium is None else seg.premium,
                aptc if seg.aptc is None else seg.aptc,
                bench if seg.benchmark is None else seg.benchmark,
            )
        earlier = [d for d in points if d < seg.effective]
        base = points[max(earlier)] if earlier else (ZERO, ZERO, ZERO)
        points[seg.effective] = (
            base[0] if seg.premium is None else seg.premium,
            base[1] if seg.aptc is None else seg.aptc,
            base[2] if seg.benchmark is None else seg.benchmark,
        )
    return sorted((day, *values) for day, values in points.items())


def _pieces(spans, lo: date, hi: date) -> list[tuple[int, tuple]]:
    """(days, values) for each part of lo..hi with the same values."""
    out = []
    for since, until, values in spans:
        a, b = max(since, lo), min(until, hi)
        if a <= b:
            out.append(((b - a).days + 1, values))
    return out


def _spans(points) -> list[tuple[date, date, tuple]]:
    """(from, until, values rounded to the cent) for each run of equal values."""
    far = date.max
    return [
        (
            since,
            points[i + 1][0] - timedelta(days=1) if i + 1 < len(points) else far,
            tuple(Decimal(v).quantize(CENT, ROUND_HALF_UP) for v in values),
        )
        for i, (since, *values) in enumerate(points)
    ]


@lru_cache(maxsize=8)
def _calendar(year: int) -> tuple[tuple[int, date, date, int], ...]:
    """(number, first day, last day, days) of each month of `year`."""
    out = []
    for number in range(1, 13):
        days = calendar.monthrange(year, number)[1]
        first = date(year, number, 1)
        out.append((number, first, first + timedelta(days=days - 1), days))
    return tuple(out)


def _month(pieces, days: int) -> tuple[Decimal, Decimal, Decimal]:
    """(premium, aptc, benchmark) of a month: each piece counts its share of the days."""
    if len(pieces) == 1 and pieces[0][0] == days:
        return pieces[0][1]  # the whole month at one price: the amounts themselves
    values = [sum((v[column] * n / days for n, v in pieces), Decimal(0)) for column in range(3)]
    return tuple(Decimal(v).quantize(CENT, ROUND_HALF_UP) for v in values)


def monthly(
    year: int,
    start: date,
    end: date | None,
    segments: list[Segment],
    unpaid_from: date | None = None,
) -> list[Month]:
    """Twelve months of figures for a policy covered from `start` to `end` (None: December
    31) in `year`; zeros outside coverage. `unpaid_from`: the first day of a month of
    coverage never paid (column A is 0 from then on)."""
    end = min(end or date(year, 12, 31), date(year, 12, 31))
    spans = _spans(_values_by_day(segments)) if segments else []
    out = []
    for number, first, last, days in _calendar(year):
        lo, hi = max(first, start), min(last, end)
        pieces = _pieces(spans, lo, hi) if lo <= hi else []
        if not pieces:
            out.append(Month(number, ZERO, ZERO, ZERO))
            continue
        premium, aptc, slcsp = _month(pieces, days)
        if unpaid_from is not None and first >= unpaid_from:
            premium = ZERO
        out.append(Month(number, premium, slcsp, aptc))
    return out


def totals(months: list[Month]) -> dict[str, str]:
    """Line 33: the sums of the twelve months."""
    return {
        "premium": str(sum((m.premium for m in months), ZERO)),
        "slcsp": str(sum((m.slcsp for m in months), ZERO)),
        "aptc": str(sum((m.aptc for m in months), ZERO)),
    }


def covered(start: date, end: date | None, year: int) -> bool:
    """Whether a policy in force (not cancelled) covered anyone for a day of `year`."""
    return start.year == year and start <= min(end or date(year, 12, 31), date(year, 12, 31))
