"""The state supplement of an import, `state-programs.csv` (docs/howto/load-plans.md).

The CMS PUFs have no column for a state's own programs, so a state exchange files them
beside the PUFs, one row each:

- a 14-character `PlanId`: the plan is one of the state program's own plans (e.g. a
  ConnectorCare plan, `StateProgram` = ma_connectorcare): `Plan.state_program`;
- a 16-character `PlanId` with a `StateLevel`: that variation of the plan serves households
  at that state cost-sharing level (a ConnectorCare plan type such as 2B, or Vermont's VCSR
  level 77): `Plan.state_variants[level] = variant`. A variant already in Plan Attributes
  (01-06) is only mapped; a new one (07-99, the state's own code) is added with its cost
  sharing from this file's columns (the Plan Attributes column names).

Every row is checked against the Plan Attributes of the same import and against the
state's programs in `aca_rules.states` (program code, levels of the year); a problem stops
the whole import like any other file's.
"""

from __future__ import annotations

import re
from decimal import Decimal

from aca_rules.states import program_for
from marketplace.catalog.puf import values
from marketplace.catalog.puf.files import PlanYearRows, Table
from marketplace.catalog.puf.plan_attributes import PLAN_ID, SCI, PlanAttributes
from marketplace.catalog.puf.problems import Problems
from marketplace.catalog.puf.records import VariantRecord

REQUIRED = ["BusinessYear", "StateCode", "PlanId", "StateProgram"]
COST_SHARING = [
    "IssuerActuarialValue",
    "DedInnTier1Individual",
    "DedInnTier1FamilyPerGroup",
    "InnTier1IndividualMOOP",
    "InnTier1FamilyPerGroupMOOP",
]
OPTIONAL = ["StateLevel", "PlanVariantMarketingName", "CSRVariationType", *COST_SHARING]
#: Codes a state's own variation may take: CMS uses 00-06 (docs/puf-and-834.md A.2).
STATE_VARIANT = re.compile(r"^(0[7-9]|[1-9][0-9])$")


class _Reader:
    def __init__(self, table: Table, year: int, attributes: PlanAttributes, problems: Problems):
        self.table, self.year, self.attributes, self.problems = table, year, attributes, problems
        self.cols = table.columns(problems, REQUIRED, OPTIONAL)
        self.variants = {(v.standard_component_id, v.variant) for v in attributes.variants}
        self.flagged: set[str] = set()
        self.added: set[tuple[str, str]] = set()

    def cell(self, row: list[str], column: str) -> str:
        position = self.cols[column]
        return row[position].strip() if position is not None and position < len(row) else ""

    def problem(self, number: int, column: str, message: str) -> None:
        self.problems.add(self.table.name, number, column, message)

    def row(self, number: int, row: list[str]) -> None:
        """One row of the plan year (`PlanYearRows` checked its BusinessYear)."""
        state = self.cell(row, "StateCode").upper()
        code = self.cell(row, "StateProgram")
        program = program_for(state)
        if program is None or code not in program.catalog_codes:
            known = ", ".join(program.catalog_codes) if program else "none"
            self.problem(
                number,
                "StateProgram",
                f"{code!r} is not a program of {state!r} (its programs: {known})",
            )
            return
        plan_id = self.cell(row, "PlanId")
        match = PLAN_ID.match(plan_id)
        sci = match.group(1) if match else plan_id
        plan = self.attributes.plans.get(sci)
        if not (match or SCI.match(plan_id)):
            self.problem(
                number,
                "PlanId",
                f"not a plan id (14 characters, or 16 with the "
                f"variant, e.g. 12345MA0010001-05): {plan_id!r}",
            )
        elif plan is None or plan.state != state:
            self.problem(number, "PlanId", f"plan {sci!r} of {state} is not in Plan Attributes")
        elif match:
            self.variant(number, row, plan, match.group(2), code, program)
        else:
            self.flag(number, row, plan, code, program)

    def flag(self, number, row, plan, code, program) -> None:
        if program.plan_program != code:
            self.problem(
                number,
                "StateProgram",
                f"{code} has no plans of its own: name a "
                "plan variant (16 characters) with its StateLevel",
            )
        elif self.cell(row, "StateLevel"):
            self.problem(
                number, "StateLevel", "a level goes with a plan variant (16 characters), not a plan"
            )
        elif plan.standard_component_id in self.flagged:
            self.problem(number, "PlanId", f"plan {plan.standard_component_id} is listed twice")
        else:
            self.flagged.add(plan.standard_component_id)
            plan.state_program = code

    def variant(self, number, row, plan, variant, code, program) -> None:
        sci = plan.standard_component_id
        level = self.cell(row, "StateLevel")
        levels = program.cost_sharing_levels(self.year)
        if level not in levels:
            self.problem(
                number,
                "StateLevel",
                f"{level!r} is not a {code} level in {self.year} (one of {', '.join(levels)})",
            )
            return
        if level in plan.state_variants:
            self.problem(number, "StateLevel", f"{sci} has two variants for level {level}")
            return
        filed = [c for c in COST_SHARING if self.cell(row, c)]
        if (sci, variant) in self.variants and (sci, variant) not in self.added:
            if filed:
                self.problem(
                    number,
                    filed[0],
                    f"{sci}-{variant} is in Plan Attributes: its cost sharing is filed there",
                )
                return
        elif (sci, variant) not in self.added:
            if not self.new_variant(number, row, sci, variant):
                return
        plan.state_variants[level] = variant

    def new_variant(self, number, row, sci, variant) -> bool:
        """Add the state's own variation `variant` of plan `sci`, with its cost sharing."""
        if not STATE_VARIANT.match(variant):
            self.problem(
                number,
                "PlanId",
                f"variant {variant} of {sci} is not in Plan "
                "Attributes, and a state's own variation uses 07-99",
            )
            return False
        amounts = {}
        for column in COST_SHARING:
            text = self.cell(row, column)
            try:
                amounts[column] = (
                    values.share(text).quantize(Decimal("0.0001"))
                    if column == "IssuerActuarialValue" and text
                    else values.money(text)
                )
            except ValueError as exc:
                self.problem(number, column, str(exc))
                return False
        missing = [c for c in COST_SHARING[:2] + COST_SHARING[3:4] if amounts.get(c) is None]
        if missing:
            self.problem(
                number,
                missing[0],
                f"a new variation {sci}-{variant} needs its "
                "actuarial value, deductible and out-of-pocket maximum",
            )
            return False
        self.attributes.variants.append(
            VariantRecord(
                standard_component_id=sci,
                variant=variant,
                name=self.cell(row, "PlanVariantMarketingName")[:200],
                csr_variation_type=self.cell(row, "CSRVariationType")[:100],
                actuarial_value=amounts["IssuerActuarialValue"],
                deductibles_integrated=True,
                moop_integrated=True,
                medical_deductible_individual=amounts["DedInnTier1Individual"],
                medical_deductible_family=amounts["DedInnTier1FamilyPerGroup"],
                drug_deductible_individual=None,
                drug_deductible_family=None,
                moop_individual=amounts["InnTier1IndividualMOOP"],
                moop_family=amounts["InnTier1FamilyPerGroupMOOP"],
                drug_moop_individual=None,
                drug_moop_family=None,
            )
        )
        self.added.add((sci, variant))
        return True


def read_state_programs(
    table: Table, year: int, attributes: PlanAttributes, problems: Problems
) -> int:
    """Apply the supplement to the plans read from Plan Attributes (their `state_program`
    and `state_variants`, and any state variations added to `attributes.variants`).
    Returns the number of rows read."""
    reader = _Reader(table, year, attributes, problems)
    if any(reader.cols[c] is None for c in REQUIRED):
        return 0
    rows = PlanYearRows(table, reader.cols, year, problems)
    for number, row in rows:
        reader.row(number, row)
    return rows.read
