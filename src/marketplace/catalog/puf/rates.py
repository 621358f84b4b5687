"""The Rate PUF (docs/puf-and-834.md A.1): monthly premiums by plan, rating area and age band.

This is the big file (about 2 million rows a year for the federal platform), so the loop is
kept lean: caches for the few distinct ages, areas and dates; one regular expression per
rate; rows kept as tuples.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from marketplace.catalog.puf import values
from marketplace.catalog.puf.files import PlanYearRows, Table
from marketplace.catalog.puf.problems import Problems

REQUIRED = [
    "BusinessYear",
    "StateCode",
    "PlanId",
    "RatingAreaId",
    "Tobacco",
    "Age",
    "IndividualRate",
    "RateEffectiveDate",
    "RateExpirationDate",
]
TIER_COLUMNS = [
    "Couple",
    "PrimarySubscriberAndOneDependent",
    "PrimarySubscriberAndTwoDependents",
    "PrimarySubscriberAndThreeOrMoreDependents",
    "CoupleAndOneDependent",
    "CoupleAndTwoDependents",
    "CoupleAndThreeOrMoreDependents",
]
OPTIONAL = ["IndividualTobaccoRate", *TIER_COLUMNS]
#: Issuers file a sentinel rate (e.g. 9999) for combinations they do not sell (A.1):
#: rows at or above this monthly individual rate are skipped and counted.
SENTINEL_RATE = 9000
PROGRESS_EVERY = 100_000
_NO_TIERS = (None,) * len(TIER_COLUMNS)


class RateData:
    def __init__(self):
        self.rows: list[tuple] = []
        self.skipped: Counter = Counter()
        self.count = 0


def read_rates(
    table: Table,
    year: int,
    plan_states: dict[str, str],
    skipped_plan_ids: set[str],
    rating_areas: dict[str, set[int]],
    problems: Problems,
    progress: Callable[[str, int], None] | None = None,
) -> RateData:
    """Check every row of the Rate PUF and keep it as a tuple (see records.RateRow).

    `plan_states` maps the plans read from Plan Attributes to their state; `rating_areas`
    the rating-area numbers known for each state in this plan year.
    """
    data = RateData()
    cols = table.columns(problems, REQUIRED, OPTIONAL)
    if any(cols[c] is None for c in REQUIRED):
        return data
    name = table.name
    check = _RateRows(name, cols, year, plan_states, skipped_plan_ids, rating_areas, problems)
    check.skipped = data.skipped  # rows skipped on purpose, counted in the report
    append = data.rows.append
    year_rows = PlanYearRows(table, cols, year, problems)
    check_row = check.checker()
    for number, row in year_rows:
        if progress is not None and year_rows.read % PROGRESS_EVERY == 0:
            progress(name, year_rows.read)
        record = check_row(number, row)
        if record is not None:
            append(record)
    data.count = year_rows.read
    if progress is not None:
        progress(name, year_rows.read)
    return data


class _RateRows:
    """The checks of one Rate PUF row, in order: plan and rating area, age band, rates,
    dates, no duplicate, then the family tiers or the sentinel rate. Caches the few distinct
    ages, areas and dates; a problem is added and the row dropped at the first failure."""

    def __init__(self, name, cols, year, plan_states, skipped_plan_ids, rating_areas, problems):
        self.name, self.year, self.problems = name, year, problems
        self.plan_states, self.skipped_plan_ids = plan_states, skipped_plan_ids
        self.rating_areas = rating_areas
        self.i_plan, self.i_area, self.i_age = cols["PlanId"], cols["RatingAreaId"], cols["Age"]
        self.i_rate, self.i_tob = cols["IndividualRate"], cols["IndividualTobaccoRate"]
        self.i_eff, self.i_exp = cols["RateEffectiveDate"], cols["RateExpirationDate"]
        self.tier_positions = [cols[c] for c in TIER_COLUMNS]
        self.decimal_match = values.DECIMAL_TEXT.fullmatch
        self.ages: dict[str, tuple] = {}
        self.areas: dict[str, int] = {}
        self.dates: dict[str, str] = {}
        self.seen: set[tuple] = set()
        self.reported_states: set[str] = set()
        self.skipped: Counter = Counter()

    def checker(self) -> Callable[[int, list[str]], tuple | None]:
        """`row`, with what it reads on every row bound once (the loop runs a million
        times: a closure's variables cost less than the instance's attributes), and each
        plan and rating area checked once per pair of cells (`_plan_and_area`)."""
        places: dict[tuple[str, str], tuple] = {}
        i_plan, i_area, plan_and_area, body = (
            self.i_plan,
            self.i_area,
            self._plan_and_area,
            self._row,
        )

        def row(number: int, cells: list[str]) -> tuple | None:
            key = (cells[i_plan], cells[i_area])
            place = places.get(key)
            if place is None:
                place = plan_and_area(number, cells)
                if place is None:
                    return None
                places[key] = place
            return body(number, cells, place)

        return row

    def row(self, number: int, row: list[str]) -> tuple | None:
        """The row as a records.RateRow tuple, or None when it is dropped."""
        place = self._plan_and_area(number, row)
        if place is None:
            return None
        return self._row(number, row, place)

    def _row(self, number: int, row: list[str], place: tuple) -> tuple | None:
        """The checks after the plan and rating area (`place`: plan id, state, area)."""
        plan_id, state, area = place
        age_text = row[self.i_age]
        age = self.ages.get(age_text) or self._age(number, age_text)
        if age is None:
            return None
        rate = row[self.i_rate]
        tobacco = row[self.i_tob] if self.i_tob is not None else ""
        match = self.decimal_match
        if match(rate) and (not tobacco or match(tobacco)):
            tobacco = tobacco or None
        else:
            rates = self._rates(number, rate, tobacco)
            if rates is None:
                return None
            rate, tobacco = rates
        dates = self.dates
        effective = dates.get(row[self.i_eff]) or self._date(number, row, "RateEffectiveDate")
        if effective is None:
            return None
        expiration = dates.get(row[self.i_exp]) or self._date(number, row, "RateExpirationDate")
        if expiration is None:
            return None
        key = (plan_id, area, age, effective)
        if key in self.seen:
            return self._problem(
                number,
                "PlanId",
                f"duplicate row: {plan_id}, Rating Area {area}, age {age_text}, "
                f"effective {effective} appears twice",
            )
        self.seen.add(key)
        if age[0] is None:
            tiers = self._tiers(number, row)
            if tiers is None:
                return None
            return (plan_id, state, area, effective, expiration, None, None, rate, tobacco, *tiers)
        if len(rate) >= 4 and float(rate) >= SENTINEL_RATE:
            self.skipped["sentinel_rates"] += 1
            return None
        head = (plan_id, state, area, effective, expiration, age[0], age[1], rate, tobacco)
        return head + _NO_TIERS

    def _age(self, number: int, text: str) -> tuple | None:
        """An age band not seen before, kept in the cache by its text."""
        try:
            age = values.age_band(text)
        except ValueError as exc:
            return self._problem(number, "Age", str(exc))
        self.ages[text] = age
        return age

    def _problem(self, number: int, column: str, message: str) -> None:
        """Record a problem with the row; the row is dropped."""
        self.problems.add(self.name, number, column, message)

    def _plan_and_area(self, number: int, row: list[str]) -> tuple | None:
        """The plan (read from Plan Attributes), its state and the rating area, which must be
        one of the state's in this plan year (45 CFR 147.102(b))."""
        plan_id = row[self.i_plan].strip()
        state = self.plan_states.get(plan_id)
        if state is None:
            if plan_id in self.skipped_plan_ids:
                self.skipped["rates_of_skipped_plans"] += 1
                return None
            return self._problem(
                number, "PlanId", f"unknown plan id {plan_id!r} (not in Plan Attributes)"
            )
        area_text = row[self.i_area]
        area = self.areas.get(area_text)
        if area is None:
            try:
                area = values.rating_area(area_text)
            except ValueError as exc:
                return self._problem(number, "RatingAreaId", str(exc))
            self.areas[area_text] = area
        known = self.rating_areas.get(state)
        if known is None:
            if state not in self.reported_states:
                self.reported_states.add(state)
                self._problem(
                    number,
                    "RatingAreaId",
                    f"no rating areas known for {state} in {self.year}: add rating-areas.csv "
                    "(docs/howto/load-plans.md)",
                )
            return None
        if area not in known:
            message = f"unknown rating area {area_text!r} for {state}"
            return self._problem(number, "RatingAreaId", message)
        return plan_id, state, area

    def _rates(self, number: int, rate: str, tobacco: str) -> tuple | None:
        """The individual rate and the tobacco rate (None when blank), as decimal text, when
        either is not plain decimal text."""
        if not self.decimal_match(rate):
            try:
                rate = values.rate(rate)
            except ValueError as exc:
                return self._problem(number, "IndividualRate", str(exc))
        if not tobacco:
            return rate, None
        if not self.decimal_match(tobacco):
            try:
                tobacco = values.optional_rate(tobacco)
            except ValueError as exc:
                return self._problem(number, "IndividualTobaccoRate", str(exc))
        return rate, tobacco

    def _date(self, number: int, row: list[str], column: str) -> str | None:
        """A rate date not seen before, as ISO text, kept in the cache by its text."""
        text = row[self.i_eff if column == "RateEffectiveDate" else self.i_exp]
        try:
            date = values.plain_date(text).isoformat()
        except ValueError as exc:
            return self._problem(number, column, str(exc))
        self.dates[text] = date
        return date

    def _tiers(self, number: int, row: list[str]) -> list | None:
        """The family-tier rates of a "Family Option" row, each optional."""
        tiers = []
        for column, position in zip(TIER_COLUMNS, self.tier_positions, strict=True):
            try:
                tiers.append(values.optional_rate(row[position]) if position is not None else None)
            except ValueError as exc:
                return self._problem(number, column, str(exc))
        return tiers
