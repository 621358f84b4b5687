"""Run one YAML case (src/aca_rules/cases/*.yaml) and return a list of mismatches; check
the lines of a determination's output (shared by the rules tests)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

import aca_rules
from aca_rules import (
    InMemoryCatalog,
    InputError,
    PlanOffer,
    RateTable,
    YearNotSupported,
    determination_to_dict,
    determine,
    parse_household,
    plan_premium,
)
from aca_rules.applicable_percentage import applicable_percentage, expected_contribution
from aca_rules.aptc import applied_aptc, monthly_aptc
from aca_rules.catastrophic import catastrophic_eligible, income_hardship
from aca_rules.csr import csr_variant, moop
from aca_rules.fpl import medicaid_guideline_year
from aca_rules.household import Person
from aca_rules.immigration import medicaid_immigration, ptc_immigration
from aca_rules.messages import CATALOG, render_json
from aca_rules.rating import rate_table_from_base
from aca_rules.states import ma_connectorcare, vt_premium_assistance

CASE_DIR = Path(aca_rules.__file__).parent / "cases"


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASE_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text()) or []:
            case["_file"] = path.name
            cases.append(case)
    return cases


def _eq(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or expected is None or isinstance(actual, bool):
        return expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float, Decimal)):
        return Decimal(str(expected)) == Decimal(str(actual))
    return expected == actual


def compare(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Partial comparison: only the keys (and list items) the case states are checked."""
    problems: list[str] = []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        for key, value in expected.items():
            if key.endswith("_excludes"):
                real = key[: -len("_excludes")]
                text = actual.get(real)
                items = text if isinstance(text, list) else [text]
                for needle in value if isinstance(value, list) else [value]:
                    if any(needle in str(t) for t in items):
                        problems.append(f"{path}.{real}: {needle!r} found in {text!r}")
                continue
            if key.endswith("_contains"):
                real = key[: -len("_contains")]
                text = actual.get(real)
                items = text if isinstance(text, list) else [text]
                for needle in value if isinstance(value, list) else [value]:
                    if not any(needle in str(t) for t in items):
                        problems.append(f"{path}.{real}: {needle!r} not found in {text!r}")
                continue
            if key not in actual:
                problems.append(f"{path}.{key}: missing in output")
                continue
            problems += compare(value, actual[key], f"{path}.{key}")
        return problems
    if (
        isinstance(expected, list)
        and isinstance(actual, list)
        and expected
        and isinstance(expected[0], dict)
    ):
        if len(expected) != len(actual):
            return [f"{path}: expected {len(expected)} items, got {len(actual)}"]
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            problems += compare(e, a, f"{path}[{i}]")
        return problems
    if not _eq(expected, actual):
        problems.append(f"{path}: expected {expected!r}, got {actual!r}")
    return problems


def _catalog(spec: dict, year: int, state: str) -> InMemoryCatalog:
    offers = []
    for p in spec["plans"]:
        if "base_rate_21" in p:
            rates = rate_table_from_base(
                Decimal(str(p["base_rate_21"])),
                state,
                year,
                Decimal(str(p["tobacco_ratio"])) if p.get("tobacco_ratio") else None,
            )
        else:
            rates = RateTable(
                age_rates={int(k): Decimal(str(v)) for k, v in p["age_rates"].items()}
            )
        offers.append(
            PlanOffer(
                plan_id=p["plan_id"],
                issuer_id=p["plan_id"][:5],
                metal_level=p["metal"],
                ehb_share=Decimal(str(p.get("ehb_share", 1))),
                includes_pediatric_dental=bool(p.get("pediatric_dental", True)),
                rates=rates,
                state_program=p.get("state_program"),
            )
        )
    return InMemoryCatalog({(year, state, spec.get("countyfips")): offers})


def run_call(case: dict) -> dict:
    call, a = case["call"], case["args"]
    D = lambda k: Decimal(str(a[k]))  # noqa: E731
    if call == "applicable_percentage":
        pct = applicable_percentage(case["year"], int(a["fpl_percent"]))
        return {"applicable_percentage": None if pct is None else float(pct)}
    if call == "ptc_from_parts":
        if not a.get("filer", True):
            return {"ptc_annual": 0}
        contribution = expected_contribution(D("income"), D("applicable_percentage"))
        monthly = monthly_aptc(D("benchmark_annual") / 12, contribution)
        return {
            "expected_contribution": float(contribution),
            "aptc_monthly": float(monthly),
            "ptc_annual": float(monthly * 12),
        }
    if call == "applied_aptc":
        used = applied_aptc(D("max_aptc"), D("plan_ehb_premium"))
        return {"applied": float(used), "net_premium": float(max(D("plan_ehb_premium") - used, 0))}
    if call == "csr_variant":
        if not a.get("ptc_eligible", True) or a.get("metal", "silver") != "silver":
            return {"csr": None}
        return {
            "csr": csr_variant(
                case["year"], int(a["fpl_percent"]), bool(a.get("below_fpl_exception"))
            )
        }
    if call == "ma_connectorcare":
        # The exact percent: the plan type bands are not truncated (956 CMR 12.04(3)(b)).
        ptype, operational = ma_connectorcare.plan_type(case["year"], D("fpl_percent"))
        sched = aca_rules.parameters.get("ma_connectorcare_enrollee_premium", case["year"])
        pp = Decimal(sched[ptype]) if sched and operational else None
        out = {"plan_type": ptype, "eligible": operational}
        if pp is not None and "benchmark_annual" in a:
            # The formula is linear, so annual inputs give the annual amount exactly.
            annual = ma_connectorcare.state_subsidy_monthly(
                D("benchmark_annual"), D("aptc_annual"), pp * 12, int(a["members"])
            )
            out["annual"] = float(annual)
        return out
    if call == "vt_band":
        pct = vt_premium_assistance.vt_percentage_from_band(
            int(a["fpl_percent"]),
            int(a["low"]),
            int(a["high"]),
            D("initial"),
            D("final"),
            D("reduction"),
        )
        return {"vt_applicable_percentage": float(pct)}
    if call == "vt_premium_assistance":
        monthly, _vt_pct, _ = vt_premium_assistance.vpa_monthly(
            D("income"),
            D("federal_applicable_percentage"),
            Decimal("0.015"),
            D("benchmark_annual") / 12,
            D("aptc_annual") / 12,
        )
        eligible = D("fpl_percent") <= 300  # exact: 300.3% is over (33 V.S.A. 1812(a)(1))
        return {"vpa_eligible": eligible, "vpa_annual": float(monthly * 12) if eligible else 0}
    if call == "plan_premium":
        rates = (
            rate_table_from_base(D("base_rate_21"), a["state"], case["year"])
            if "base_rate_21" in a
            else RateTable(
                age_rates={x: D("single_rate") for x in range(65)},
                tobacco_rates={x: D("single_rate") * Decimal("1.5") for x in range(65)},
            )
        )
        return {"premium": float(plan_premium(rates, a["members"], a["state"], case["year"]))}
    if call in ("ptc_immigration", "medicaid_immigration"):
        person = Person(
            age=int(a.get("age", 40)),
            citizen=bool(a.get("citizen", False)),
            lawfully_present=bool(a.get("lawfully_present", True)),
            immigration_status=a.get("status"),
            medicaid_immigration_eligible=a.get("medicaid_immigration_eligible"),
        )
        if call == "ptc_immigration":
            why = ptc_immigration(person, case["year"])
            return {"ptc_immigration_ok": why is None, "reason_id": why and why.id}
        why = medicaid_immigration(person, _date(a["on"]))
        return {"medicaid_immigration_ok": why is None, "reason_id": why and why.id}
    if call == "medicaid_guideline_year":
        on = _date(a["on"]) if a.get("on") else None
        return {"guideline_year": medicaid_guideline_year(case["year"], on)}
    if call == "missing_for_year":
        on = _date(a["on"]) if a.get("on") else None
        missing = aca_rules.parameters.missing_for_year(
            case["year"], medicaid_guideline_year=medicaid_guideline_year(case["year"], on)
        )
        return {"missing": missing}
    if call == "moop":
        limits = moop(case["year"], a.get("variant"))
        return {"moop": None if limits is None else {k: float(v) for k, v in limits.items()}}
    if call == "catastrophic":
        lower = int(aca_rules.parameters.get("income_lower_limit_fpl_percent", case["year"]))
        upper = aca_rules.parameters.get("income_upper_limit_fpl_percent", case["year"])
        hardship = income_hardship(
            case["year"],
            a["state"],
            int(a["fpl_percent"]),
            lower,
            None if upper is None else int(upper),
        )
        ok, why = catastrophic_eligible(
            Person(age=int(a["age"]), hardship_exemption=bool(a.get("hardship_exemption"))),
            case["year"],
            hardship,
        )
        return {"catastrophic": ok, "reason_id": why.id}
    raise ValueError(f"unknown call {call}")


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def determination_cases() -> list[dict]:
    """The cases that run a whole determination (not a single rule function)."""
    return [case for case in load_cases() if "call" not in case]


def run_determination(case: dict) -> dict:
    """The case's ``determination_to_dict`` output, or ``{"error": ...}`` for bad input."""
    data = dict(case["input"])
    data.setdefault("year", case["year"])
    if "benchmark_premium_annual" in data:
        data["benchmark_premium"] = str(Decimal(str(data.pop("benchmark_premium_annual"))) / 12)
    catalog = _catalog(case["catalog"], data["year"], data["state"]) if "catalog" in case else None
    try:
        household = parse_household(
            data, allow_negative_income=case.get("allow_negative_income", False)
        )
        result = determination_to_dict(determine(household, catalog))
    except InputError as exc:
        result = {"error": exc.errors}
    except YearNotSupported as exc:
        result = {"error": {"year": str(exc)}}
    return result


def run_case(case: dict) -> list[str]:
    """Run one case; return mismatches (empty list = pass)."""
    expected = case["output"]
    if "call" in case:
        return compare(expected, run_call(case))
    return compare(expected, run_determination(case))


def check_lines(result: dict) -> None:
    """Codes beside every stored line: English from the code is the stored text, Spanish
    renders with every figure, and all of it is plain JSON."""
    json.dumps(result)  # no Decimal (or any other non-JSON value) anywhere
    pairs = [(result["explanation"], result["explanation_codes"])]
    pairs += [(m["reasons"], m["reason_codes"]) for m in result["members"]]
    subsidy = result["state_subsidy"]
    if subsidy is not None:
        for key in ("reason", "note"):
            if key in subsidy:
                pairs.append(([subsidy[key]], [subsidy[f"{key}_code"]]))
    for texts, codes in pairs:
        assert len(texts) == len(codes)
        for text, code in zip(texts, codes, strict=True):
            assert set(code) == {"id", "args"} and code["id"] in CATALOG
            assert render_json(code, "en") == text
            spanish = render_json(code, "es")
            assert spanish != text and "{" not in spanish and "}" not in spanish
