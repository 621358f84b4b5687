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
    i_plan, i_area, i_age = cols["PlanId"], cols["RatingAreaId"], cols["Age"]
    i_rate, i_eff, i_exp = (
        cols["IndividualRate"],
        cols["RateEffectiveDate"],
        cols["RateExpirationDate"],
    )
    i_tob = cols["IndividualTobaccoRate"]
    tier_positions = [cols[c] for c in TIER_COLUMNS]
    decimal_match = values.DECIMAL_TEXT.fullmatch
    ages: dict[str, tuple] = {}
    areas: dict[str, int] = {}
    dates: dict[str, str] = {}
    seen: set[tuple] = set()
    reported_states: set[str] = set()
    append = data.rows.append
    year_rows = PlanYearRows(table, cols, year, problems)

    for number, row in year_rows:
        if progress is not None and year_rows.read % PROGRESS_EVERY == 0:
            progress(name, year_rows.read)
        plan_id = row[i_plan].strip()
        state = plan_states.get(plan_id)
        if state is None:
            if plan_id in skipped_plan_ids:
                data.skipped["rates_of_skipped_plans"] += 1
                continue
            problems.add(
                name, number, "PlanId", f"unknown plan id {plan_id!r} (not in Plan Attributes)"
            )
            continue
        area_text = row[i_area]
        area = areas.get(area_text)
        if area is None:
            try:
                area = values.rating_area(area_text)
            except ValueError as exc:
                problems.add(name, number, "RatingAreaId", str(exc))
                continue
            areas[area_text] = area
        known = rating_areas.get(state)
        if known is None:
            if state not in reported_states:
                reported_states.add(state)
                problems.add(
                    name,
                    number,
                    "RatingAreaId",
                    f"no rating areas known for {state} in {year}: add rating-areas.csv "
                    "(docs/howto/load-plans.md)",
                )
            continue
        if area not in known:
            problems.add(
                name, number, "RatingAreaId", f"unknown rating area {area_text!r} for {state}"
            )
            continue
        age_text = row[i_age]
        age = ages.get(age_text)
        if age is None:
            try:
                age = values.age_band(age_text)
            except ValueError as exc:
                problems.add(name, number, "Age", str(exc))
                continue
            ages[age_text] = age
        rate = row[i_rate]
        if not decimal_match(rate):
            try:
                rate = values.rate(rate)
            except ValueError as exc:
                problems.add(name, number, "IndividualRate", str(exc))
                continue
        tobacco = row[i_tob] if i_tob is not None else ""
        if tobacco:
            if not decimal_match(tobacco):
                try:
                    tobacco = values.optional_rate(tobacco)
                except ValueError as exc:
                    problems.add(name, number, "IndividualTobaccoRate", str(exc))
                    continue
        else:
            tobacco = None
        effective = dates.get(row[i_eff])
        if effective is None:
            try:
                effective = values.plain_date(row[i_eff]).isoformat()
            except ValueError as exc:
                problems.add(name, number, "RateEffectiveDate", str(exc))
                continue
            dates[row[i_eff]] = effective
        expiration = dates.get(row[i_exp])
        if expiration is None:
            try:
                expiration = values.plain_date(row[i_exp]).isoformat()
            except ValueError as exc:
                problems.add(name, number, "RateExpirationDate", str(exc))
                continue
            dates[row[i_exp]] = expiration
        key = (plan_id, area, age, effective)
        if key in seen:
            problems.add(
                name,
                number,
                "PlanId",
                f"duplicate row: {plan_id}, Rating Area {area}, age {age_text}, "
                f"effective {effective} appears twice",
            )
            continue
        seen.add(key)
        if age[0] is None:
            tiers = []
            for column, position in zip(TIER_COLUMNS, tier_positions, strict=True):
                try:
                    tiers.append(
                        values.optional_rate(row[position]) if position is not None else None
                    )
                except ValueError as exc:
                    problems.add(name, number, column, str(exc))
                    break
            else:
                append(
                    (plan_id, state, area, effective, expiration, None, None, rate, tobacco, *tiers)
                )
            continue
        if len(rate) >= 4 and float(rate) >= SENTINEL_RATE:
            data.skipped["sentinel_rates"] += 1
            continue
        append(
            (
                plan_id,
                state,
                area,
                effective,
                expiration,
                age[0],
                age[1],
                rate,
                tobacco,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            )
        )
    data.count = year_rows.read
    if progress is not None:
        progress(name, year_rows.read)
    return data
