"""Plain-dict snapshot of a Household (JSON-ready; money as strings to keep exactness)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aca_rules.household import Household, Person


def _money(v: Decimal | None) -> str | None:
    return None if v is None else str(v)


def person_to_dict(p: Person) -> dict[str, Any]:
    """Snapshot of one member (a fresh dict each call); `medicaid_chip_denied` only when the
    Medicaid/CHIP agency's finding was given (every other snapshot stays as it was)."""
    offer = None
    if p.esi_offer is not None:
        offer = {
            "employee_premium": _money(p.esi_offer.employee_premium),
            "family_premium": _money(p.esi_offer.family_premium),
            "min_value": p.esi_offer.min_value,
        }
    person = {
        "name": p.name,
        "age": p.age,
        "relationship": p.relationship,
        "tobacco": p.tobacco,
        "pregnant": p.pregnant,
        "aian": p.aian,
        "citizen": p.citizen,
        "lawfully_present": p.lawfully_present,
        "incarcerated": p.incarcerated,
        "has_mec": p.has_mec,
        "seeking_coverage": p.seeking_coverage,
        "resident": p.resident,
        "medicaid_immigration_eligible": p.medicaid_immigration_eligible,
        "immigration_status": p.immigration_status,
        "hardship_exemption": p.hardship_exemption,
        "esi_offer": offer,
    }
    if p.medicaid_chip_denied:
        person["medicaid_chip_denied"] = True
    return person


def household_to_dict(h: Household) -> dict[str, Any]:
    """Snapshot of every input the determination depended on (`ftr_tax_years` only when
    the IRS reported a failure to reconcile)."""
    out = {
        "year": h.year,
        "state": h.state,
        "countyfips": h.countyfips,
        "zipcode": h.zipcode,
        "rating_area": h.rating_area,
        "income": _money(h.income),
        "monthly_income": _money(h.monthly_income),
        "filing_status": h.filing_status,
        "mfs_exception": h.mfs_exception,
        "tax_filer": h.tax_filer,
        "income_unverified": h.income_unverified,
        "benchmark_premium": _money(h.benchmark_premium),
        "state_program_premium": _money(h.state_program_premium),
        "determination_date": (
            None if h.determination_date is None else h.determination_date.isoformat()
        ),
        "people": [person_to_dict(p) for p in h.people],
    }
    if h.ftr_tax_years:
        out["ftr_tax_years"] = list(h.ftr_tax_years)
    return out
