"""What changed at renewal and why, with the figures (stored on the Renewal as `detail`;
the offer page and the notice print it, nothing is recomputed).

The figures follow the law's arithmetic: the maximum monthly credit is the benchmark
(second-lowest-cost silver) premium less the expected contribution, a twelfth of the
applicable percentage of household income (26 USC 36B(b)(2), (b)(3)(A); 26 CFR 1.36B-3),
never below zero; the premium left to pay is the plan's premium less the credit applied
(never more than the plan's EHB premium, 26 CFR 1.36B-3(j)) and less the state's help
(ConnectorCare, Vermont Premium Assistance; ADR 0801).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from marketplace.determinations.ftr import other_filer

CENT = Decimal("0.01")


def _money(value) -> str | None:
    if value is None or value == "":
        return None
    if type(value) is Decimal:  # the same digits as Decimal(str(value)), without the round trip
        return str(value.quantize(CENT, ROUND_HALF_UP))
    return str(Decimal(str(value)).quantize(CENT, ROUND_HALF_UP))


def _policy(enrollment) -> dict:
    return {
        "plan_id": enrollment.plan_id,
        "plan_name": enrollment.plan_name,
        "metal_level": enrollment.metal_level,
        "issuer": enrollment.issuer.name,
        "year": enrollment.coverage_year,
        "premium": _money(enrollment.premium),
        "max_aptc": _money(enrollment.max_aptc),
        "aptc": _money(enrollment.elected_aptc),
        "state_subsidy": _money(enrollment.state_subsidy),
        "state_program": enrollment.state_program_name,
        "net": _money(enrollment.premium_after_credit),
        "csr": enrollment.csr_level or "",
        "policy_id": enrollment.policy_id,
        "public_id": str(enrollment.public_id),
        "coverage_start": enrollment.coverage_start.isoformat(),
    }


def chosen(previous, enrollment) -> dict:
    return {"previous": _policy(previous), "next": _policy(enrollment), "changes": []}


def _eligibility(result: dict) -> dict:
    subsidy = result.get("state_subsidy") if isinstance(result.get("state_subsidy"), dict) else {}
    return {
        "year": result.get("year"),
        "fpl_percent": result.get("fpl_percent"),
        "applicable_percentage": result.get("applicable_percentage"),
        "expected_contribution": _money(result.get("expected_contribution")),
        "monthly_contribution": _money(
            Decimal(str(result["expected_contribution"])) / 12
            if result.get("expected_contribution") is not None
            else None
        ),
        "benchmark_premium": _money(result.get("benchmark_premium")),
        "max_aptc": _money(result.get("aptc") or 0),
        "csr": result.get("csr") or "",
        "state_program": (subsidy.get("name") or "") if subsidy.get("eligible") else "",
    }


def detail(planned) -> dict:
    """The changes of a renewal planned (household.Planned), before it is written."""
    previous, result = planned.previous, planned.result or {}
    out = {
        "previous": _policy(previous),
        "eligibility": _eligibility(result),
        "left": [
            {"name": name, "why": why}
            for name, why in (planned.group.excluded if planned.group else ())
        ],
        "changes": [],
        "tax_data": planned.tax,
        "dropped": dropped(planned),
    }
    other = other_filer(planned.data)
    ftr = _failed_to_reconcile(result, other)
    if ftr:
        out["ftr"] = ftr
    warning = _ftr_warning(result, other)
    if warning:
        out["ftr_warning"] = warning
    changes = out["changes"]
    choice, priced = planned.choice, planned.priced
    if choice is not None:
        changes.append({"code": "crosswalk", "level": int(choice.level), "reason": choice.reason})
        if choice.bronze_to_silver:
            changes.append({"code": "bronze_to_silver"})
    if priced is not None:
        quote = priced.quote
        out["next"] = {
            "plan_id": f"{quote.plan_id}{priced.variant_code}",
            "plan_name": quote.info.name,
            "metal_level": quote.info.metal_level,
            "issuer": quote.info.issuer_name,
            "year": planned.to_year,
            "premium": _money(quote.premium),
            "max_aptc": _money(planned.group.max_aptc),
            "aptc": _money(priced.elected_aptc),
            "state_subsidy": _money(priced.state_subsidy),
            "state_program": quote.state_program_name,
            "net": _money(priced.premium_after_credit),
            "csr": planned.group.csr or "",
        }
        new = out["next"]
        for key in ("premium", "max_aptc", "aptc", "state_subsidy", "net", "csr"):
            if str(out["previous"][key] or "") != str(new[key] or ""):
                changes.append({"code": key, "old": out["previous"][key], "new": new[key]})
        lost = _lost(out["previous"], new)
        if lost:
            out["lost"] = {"credits": lost, "why": "ftr" if ftr else "other"}
    return out


def dropped(planned) -> list[dict]:
    """The people covered by the old policy on its last day whom the new year's plan leaves
    out, and why ("medicaid", "chip", "not_eligible", "not_seeking": the reasons of
    enrollment/selection.py): their coverage ends on December 31, and the notice must say so
    (45 CFR 155.335(h)(1), 155.230). `group.excluded` lists the people left out in the rules
    order, as `planned.people` does."""
    group = planned.group
    if group is None:
        return []
    covered = {m.person_id for m in planned.previous.covered_members()}
    kept = {m.person.pk for m in group.members}
    reasons = iter(group.excluded)
    out = []
    for person in planned.people:
        if person.pk in kept:
            continue
        name, why = next(reasons)
        if person.pk in covered:
            out.append({"name": name, "why": why})
    return out


#: The income-based cost-sharing reduction variants (45 CFR 155.305(g)); the AI/AN variants
#: of 155.350 ("limited", "zero") do not depend on income the same way.
INCOME_CSR = frozenset(("73", "77", "87", "94"))


def _lost(previous: dict, new: dict) -> list[str]:
    """What a household renewed into a plan loses of its help: "aptc" when the old policy
    had a premium tax credit (a maximum above zero) and the new one has none, "csr" when it
    had an income-based cost-sharing reduction and the new one has none (45 CFR
    155.305(f), (g))."""
    lost = []
    if Decimal(previous.get("max_aptc") or 0) > 0 and not Decimal(new.get("max_aptc") or 0):
        lost.append("aptc")
    if previous.get("csr") in INCOME_CSR and new.get("csr") not in INCOME_CSR:
        lost.append("csr")
    return lost


def aptc_lost(detail: dict) -> str:
    """Why a renewal lost the premium tax credit ("ftr", "other"), or ""."""
    lost = detail.get("lost") or {}
    return lost.get("why", "") if "aptc" in lost.get("credits", ()) else ""


def lost_counts(detail: dict) -> list[str]:
    """The report's counters a renewal adds to (renewals/run.py): "aptc_lost",
    "aptc_lost_ftr" (lost for a failure to file and reconcile), "csr_lost"."""
    lost = detail.get("lost") or {}
    keys = [f"{credit}_lost" for credit in lost.get("credits", ())]
    if "aptc" in lost.get("credits", ()) and lost.get("why") == "ftr":
        keys.append("aptc_lost_ftr")
    return keys


#: What the offer page and the notice keep of an FTR of a tax filer who is not the account
#: holder: that there is one, no tax years (determinations/ftr.py, docs/adr/0108).
OTHER_FILER = {"other_filer": True}


def _failed_to_reconcile(result: dict, other: bool = False) -> dict | None:
    """The tax years of a failure to file and reconcile that cost the household its APTC
    (45 CFR 155.305(f)(4)), as the determination's explanation gives them, or None; for
    another tax filer's, `OTHER_FILER` (the years are theirs to be told, not the household's)."""
    for code in result.get("explanation_codes") or ():
        if isinstance(code, dict) and code.get("id") == "tax.failed_to_reconcile":
            return (
                dict(OTHER_FILER)
                if other
                else {"tax_years": (code.get("args") or {}).get("years", "")}
            )
    return None


def _ftr_warning(result: dict, other: bool = False) -> dict | None:
    """The tax years of a failure to file and reconcile that does not yet cost the
    household its APTC (fewer than the consecutive years 45 CFR 155.305(f)(4) counts), and
    how many years would, as the determination's explanation gives them, or None; for
    another tax filer's, `OTHER_FILER`."""
    for code in result.get("explanation_codes") or ():
        if isinstance(code, dict) and code.get("id") == "tax.ftr_warning":
            if other:
                return dict(OTHER_FILER)
            args = code.get("args") or {}
            return {"tax_years": args.get("years", ""), "count": args.get("count", "")}
    return None


def with_policy(detail: dict, enrollment) -> dict:
    """The detail with the new policy's ids, once written."""
    return {**detail, "next": {**detail.get("next", {}), **_policy(enrollment)}}
