"""Fingerprints of determinations, to prove a change to the engine changes no result.

A fingerprint is the first bytes of the SHA-256 of ``repr(determination)``: every field,
every reason with its figures, every Decimal with its exponent, except the rules version,
which is a digest of every data file and changes with any of them (a new SEP event, a
comment) whether or not a result does. ``data/`` holds the
fingerprints the engine gave when they were recorded:

- ``case_fingerprints.json``: every determination case of ``src/aca_rules/cases`` (the
  YAML cases and the third-party oracle cases), by file and name;
- ``random_fingerprints.bin``: :data:`RANDOM_COUNT` random households drawn with
  :data:`SEED` (:func:`random_households`), :data:`DIGEST_BYTES` bytes each, in order.

tests/rules/test_engine_unchanged.py compares today's engine with them. When a change of
law or a fix is meant to change results, record them again and say so in the commit:

    PYTHONPATH=src python tests/rules/fingerprints.py --write
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _path in (str(HERE), str(HERE.parent.parent / "src")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from case_runner import _catalog, determination_cases  # noqa: E402

from aca_rules import (  # noqa: E402
    EmployerOffer,
    Household,
    InMemoryCatalog,
    InputError,
    Person,
    PlanOffer,
    UnknownState,
    YearNotSupported,
    determine,
    parse_household,
)
from aca_rules.household import IMMIGRATION_STATUSES  # noqa: E402
from aca_rules.rating import rate_table_from_base  # noqa: E402

DATA = HERE / "data"
CASES_FILE = DATA / "case_fingerprints.json"
RANDOM_FILE = DATA / "random_fingerprints.bin"
SEED = 20261202
RANDOM_COUNT = 100_000
DIGEST_BYTES = 8
RULES_VERSION_FIELD = re.compile(r"rules_version='[^']*'")

ALL_STATES = (
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE "
    "NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split()
)
#: States drawn more often: state programs (MA, VT), Basic Health Programs (MN, OR, NY, DC),
#: no expansion (TX, GA, FL), other guidelines (AK, HI).
FAVOURED = ("MA", "VT", "MN", "OR", "NY", "DC", "TX", "GA", "FL", "AK", "HI", "CA")
#: States whose plans are in the random households' catalog (the others have none).
CATALOG_STATES = ("MA", "VT", "NY", "MN", "TX", "CA", "AK", "GA")
CATALOG_YEARS = (2024, 2025, 2026, 2027)
COUNTY = "00001"
#: Percents of the poverty line where the rules draw lines, drawn near more often.
EDGES = (0, 100, 133, 138, 139, 144, 150, 160, 200, 205, 211, 215, 250, 251, 300, 305, 400)
METALS = ("silver",) * 5 + ("bronze", "expanded_bronze", "gold", "platinum", "catastrophic")


def fingerprint(result: object) -> bytes:
    """The first :data:`DIGEST_BYTES` of the SHA-256 of the result's repr, its rules
    version left out."""
    text = RULES_VERSION_FIELD.sub("rules_version=...", repr(result))
    return hashlib.sha256(text.encode()).digest()[:DIGEST_BYTES]


def outcome(household: Household, catalog=None) -> object:
    """The determination, or the refusal (its class and message) for a household refused."""
    try:
        return determine(household, catalog)
    except (YearNotSupported, UnknownState) as exc:
        return f"{type(exc).__name__}: {exc}"


def _plans(rng: random.Random, year: int, state: str) -> list[PlanOffer]:
    offers = []
    for i in range(rng.randint(0, 12)):
        metal = rng.choice(METALS)
        issuer = f"{10000 + rng.randint(0, 5) * 1111:05d}"
        program = "ma_connectorcare" if state == "MA" and rng.random() < 0.3 else None
        tobacco = None if rng.random() < 0.3 else Decimal("1.") + Decimal(rng.randint(0, 5)) / 10
        offers.append(
            PlanOffer(
                plan_id=f"{issuer}{state}{i:04d}001"[:14],
                issuer_id=issuer,
                metal_level="silver" if program else metal,
                ehb_share=Decimal(1) if rng.random() < 0.7 else Decimal("0.9950"),
                includes_pediatric_dental=rng.random() < 0.5,
                rates=rate_table_from_base(
                    Decimal(rng.randint(25000, 70000)) / 100, state, year, tobacco
                ),
                state_program=program,
            )
        )
    return offers


def random_catalog(seed: int = SEED) -> InMemoryCatalog:
    """A county's plans in each of :data:`CATALOG_STATES` for each year (some none)."""
    rng = random.Random(seed)
    offers, areas = {}, {}
    for year in CATALOG_YEARS:
        for state in CATALOG_STATES:
            offers[(year, state, COUNTY)] = _plans(rng, year, state)
            if rng.random() < 0.8:
                areas[(year, state, COUNTY)] = f"Rating Area {rng.randint(1, 9)}"
    return InMemoryCatalog(offers, areas)


def _chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def _income(rng: random.Random, size: int, state: str) -> Decimal:
    """An income near a line the rules draw, or anywhere up to 600% of the poverty line."""
    guideline = Decimal(15650 + 5500 * (size - 1))
    guideline *= {"AK": Decimal("1.25"), "HI": Decimal("1.15")}.get(state, Decimal(1))
    if _chance(rng, 0.03):
        return -_money(rng, 0, 20000)
    if _chance(rng, 0.5):
        pct = Decimal(rng.choice(EDGES)) + Decimal(rng.randint(-300, 300)) / 100
    else:
        pct = Decimal(rng.randint(0, 60000)) / 100
    return max(Decimal(0), (guideline * pct / 100).quantize(Decimal("0.01")))


def _person(rng: random.Random, relationship: str, age: int) -> Person:
    citizen = not _chance(rng, 0.2)
    lawful = citizen or not _chance(rng, 0.15)
    offer = None
    if age >= 18 and _chance(rng, 0.12):
        offer = EmployerOffer(
            employee_premium=_money(rng, 20, 900),
            family_premium=None if _chance(rng, 0.4) else _money(rng, 100, 2500),
            min_value=not _chance(rng, 0.1),
        )
    return Person(
        age=age,
        relationship=relationship,
        tobacco=age >= 18 and _chance(rng, 0.12),
        pregnant=19 <= age <= 45 and relationship != "child" and _chance(rng, 0.06),
        aian=_chance(rng, 0.06),
        citizen=citizen,
        lawfully_present=lawful,
        incarcerated=_chance(rng, 0.02),
        has_mec=_chance(rng, 0.05),
        seeking_coverage=not _chance(rng, 0.08),
        esi_offer=offer,
        resident=not _chance(rng, 0.03),
        name=None,
        medicaid_immigration_eligible=(
            None if citizen or _chance(rng, 0.8) else rng.choice((True, False))
        ),
        hardship_exemption=_chance(rng, 0.03),
        immigration_status=(
            None
            if citizen or _chance(rng, 0.15)
            else (rng.choice(IMMIGRATION_STATUSES[:-1]) if lawful else "none")
        ),
    )


def _people(rng: random.Random) -> tuple[Person, ...]:
    people = [_person(rng, "self", rng.randint(18, 80))]
    married = _chance(rng, 0.45)
    if married:
        people.append(_person(rng, "spouse", rng.randint(18, 80)))
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 4, 6))):
        people.append(_person(rng, "child", rng.randint(0, 26)))
    if _chance(rng, 0.05):
        people.append(_person(rng, "other_dependent", rng.randint(0, 90)))
    return tuple(people)


def _date(rng: random.Random, year: int) -> dt.date | None:
    if _chance(rng, 0.55):
        return None
    return dt.date(year - 1, 10, 1) + dt.timedelta(days=rng.randint(0, 500))


def random_household(rng: random.Random) -> tuple[Household, bool]:
    """One random household, and whether it is determined with the random catalog."""
    year = rng.choice((2024, 2025, 2026, 2026, 2027, 2027))
    if _chance(rng, 0.01):
        year = rng.choice((2023, 2028, 2031))
    state = rng.choice(FAVOURED) if _chance(rng, 0.5) else rng.choice(ALL_STATES)
    if _chance(rng, 0.003):
        state = "ZZ"
    people = _people(rng)
    married = any(p.relationship == "spouse" for p in people)
    if married:
        status = "married_separate" if _chance(rng, 0.08) else "married_joint"
    else:
        status = "head_of_household" if len(people) > 1 and _chance(rng, 0.5) else "single"
    income = _income(rng, len(people), state)
    given_benchmark = _chance(rng, 0.4)
    with_catalog = not given_benchmark and _chance(rng, 0.7)
    household = Household(
        year=year,
        state=state,
        income=income,
        people=people,
        filing_status=status,
        countyfips=COUNTY if with_catalog and _chance(rng, 0.9) else None,
        zipcode=None,
        benchmark_premium=_money(rng, 150, 3500) if given_benchmark else None,
        state_program_premium=_money(rng, 50, 2000) if _chance(rng, 0.05) else None,
        monthly_income=(
            (income / 12 * Decimal(rng.randint(50, 150)) / 100).quantize(Decimal("0.01"))
            if _chance(rng, 0.2)
            else None
        ),
        rating_area="Rating Area 3" if _chance(rng, 0.1) else None,
        mfs_exception=status == "married_separate" and _chance(rng, 0.5),
        tax_filer=not _chance(rng, 0.03),
        income_unverified=_chance(rng, 0.03),
        determination_date=_date(rng, year),
    )
    return household, with_catalog


def random_households(count: int, seed: int = SEED) -> Iterator[tuple[Household, bool]]:
    """The first ``count`` random households drawn with ``seed`` (the same every time)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield random_household(rng)


def random_fingerprints(count: int, seed: int = SEED) -> Iterator[bytes]:
    """The fingerprint of each of the first ``count`` random households."""
    catalog = random_catalog(seed)
    for household, with_catalog in random_households(count, seed):
        yield fingerprint(outcome(household, catalog if with_catalog else None))


def case_outcome(case: dict) -> object:
    """A determination case's determination (or the refusal), as ``run_determination``
    builds it (tests/rules/case_runner.py)."""
    data = dict(case["input"])
    data.setdefault("year", case["year"])
    if "benchmark_premium_annual" in data:
        data["benchmark_premium"] = str(Decimal(str(data.pop("benchmark_premium_annual"))) / 12)
    catalog = _catalog(case["catalog"], data["year"], data["state"]) if "catalog" in case else None
    try:
        household = parse_household(
            data, allow_negative_income=case.get("allow_negative_income", False)
        )
    except InputError as exc:
        return f"InputError: {exc.errors}"
    return outcome(household, catalog)


def case_fingerprints() -> dict[str, str]:
    """Each determination case's fingerprint (hex), keyed "file: name"."""
    return {
        f"{case['_file']}: {case['name']}": fingerprint(case_outcome(case)).hex()
        for case in determination_cases()
    }


def stored_random(count: int) -> list[bytes]:
    """The first ``count`` stored fingerprints of the random households."""
    data = RANDOM_FILE.read_bytes()[: count * DIGEST_BYTES]
    return [data[i : i + DIGEST_BYTES] for i in range(0, len(data), DIGEST_BYTES)]


def write() -> None:
    """Record the fingerprints of today's engine."""
    DATA.mkdir(exist_ok=True)
    CASES_FILE.write_text(json.dumps(case_fingerprints(), indent=0, sort_keys=True) + "\n")
    RANDOM_FILE.write_bytes(b"".join(random_fingerprints(RANDOM_COUNT)))


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    write()
