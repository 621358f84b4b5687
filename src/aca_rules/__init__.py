"""aca_rules: ACA exchange eligibility and subsidy rules (pure Python, no Django).

Every yearly figure is a dated, cited parameter in ``aca_rules/parameters`` that stays in
force until a newer one replaces it; each determination lists the values it used that are
not confirmed from primary text. See docs/adr/0100-rules-engine.md and 0103.
"""

from aca_rules.catalog import Catalog, InMemoryCatalog, PlanOffer, RateTable
from aca_rules.determination import Determination, MemberResult
from aca_rules.engine import UnknownState, determine
from aca_rules.household import EmployerOffer, Household, Person
from aca_rules.io import InputError, determination_to_dict, parse_household
from aca_rules.parameters import (
    ANSWERED_YEARS,
    RULES_VERSION,
    SUPPORTED_YEARS,
    YearNotSupported,
)
from aca_rules.rating import plan_premium

__all__ = [
    "ANSWERED_YEARS",
    "RULES_VERSION",
    "SUPPORTED_YEARS",
    "Catalog",
    "Determination",
    "EmployerOffer",
    "Household",
    "InMemoryCatalog",
    "InputError",
    "MemberResult",
    "Person",
    "PlanOffer",
    "RateTable",
    "UnknownState",
    "YearNotSupported",
    "determination_to_dict",
    "determine",
    "parse_household",
    "plan_premium",
]
