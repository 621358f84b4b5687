"""Which plans cover which providers and drugs, as the issuers' files say.

`provider_coverage` and `drug_coverage` answer per (provider or drug, plan) in the CMS
Marketplace API's terms: Covered, NotCovered, or DataNotProvided when the plan's issuer sent
no file of that kind for the year. GenericCovered (a brand not covered whose generic is)
needs RxNorm's brand-generic links, which we do not load: it is never answered (ADR 0900).

`marks_for_plans` is what plan lists call: for a person's chosen providers and drugs, one
`PlanMarks` per plan ("Dr. X: in network", "Drug Y: covered, preferred brand, prior
authorization").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from marketplace.providers_and_drugs.models import (
    FormularyEntry,
    NetworkEntry,
    NetworkPlan,
    ProviderAddress,
)

COVERED = "Covered"
NOT_COVERED = "NotCovered"
NO_DATA = "DataNotProvided"
RETAIL_MONTH = "1-MONTH-IN-RETAIL"


@dataclass(frozen=True)
class CostShare:
    """What a drug tier costs at a retail pharmacy for a month (plans.json cost_sharing)."""

    copay: Decimal | None
    copay_option: str  # AFTER-DEDUCTIBLE, BEFORE-DEDUCTIBLE, NO-CHARGE, ...
    coinsurance: Decimal | None  # a fraction: 0.40
    coinsurance_option: str


@dataclass(frozen=True)
class ProviderCoverage:
    npi: str
    plan_id: str
    coverage: str
    network_tier: str
    addresses: tuple[ProviderAddress, ...]
    accepting: str


@dataclass(frozen=True)
class DrugCoverage:
    rxcui: str
    plan_id: str
    coverage: str
    drug_tier: str
    prior_authorization: bool | None
    step_therapy: bool | None
    quantity_limit: bool | None
    cost_share: CostShare | None


def provider_coverage(year: int, npis: list[str], plan_ids: list[str]) -> list[ProviderCoverage]:
    """One answer per (NPI, plan), NPIs in the order given, then plans."""
    plans_with_data = set(
        NetworkPlan.objects.filter(
            year=year, plan_id__in=plan_ids, has_network_data=True
        ).values_list("plan_id", flat=True)
    )
    entries = {}
    for entry in NetworkEntry.objects.filter(
        year=year, npi__in=npis, plan_id__in=plan_ids
    ).select_related("provider"):
        entries.setdefault((entry.npi, entry.plan_id), entry)
    addresses: dict[int, list[ProviderAddress]] = {}
    provider_ids = {e.provider_id for e in entries.values()}
    for address in ProviderAddress.objects.filter(provider_id__in=provider_ids).order_by("id"):
        addresses.setdefault(address.provider_id, []).append(address)
    answers = []
    for npi in npis:
        for plan_id in plan_ids:
            entry = entries.get((npi, plan_id))
            if entry is not None:
                answers.append(
                    ProviderCoverage(
                        npi,
                        plan_id,
                        COVERED,
                        entry.network_tier,
                        tuple(addresses.get(entry.provider_id, ())),
                        entry.provider.accepting,
                    )
                )
            else:
                coverage = NOT_COVERED if plan_id in plans_with_data else NO_DATA
                answers.append(ProviderCoverage(npi, plan_id, coverage, "", (), "unknown"))
    return answers


def drug_coverage(year: int, rxcuis: list[str], plan_ids: list[str]) -> list[DrugCoverage]:
    """One answer per (RxCUI, plan), RxCUIs in the order given, then plans."""
    plans = {
        plan.plan_id: plan for plan in NetworkPlan.objects.filter(year=year, plan_id__in=plan_ids)
    }
    plans_with_formulary = {p for p, plan in plans.items() if plan.has_formulary_data}
    entries = {
        (e.rxcui, e.plan_id): e
        for e in FormularyEntry.objects.filter(year=year, rxcui__in=rxcuis, plan_id__in=plan_ids)
    }
    answers = []
    for rxcui in rxcuis:
        for plan_id in plan_ids:
            entry = entries.get((rxcui, plan_id))
            if entry is None:
                coverage = NOT_COVERED if plan_id in plans_with_formulary else NO_DATA
                answers.append(DrugCoverage(rxcui, plan_id, coverage, "", None, None, None, None))
                continue
            answers.append(
                DrugCoverage(
                    rxcui,
                    plan_id,
                    COVERED,
                    entry.drug_tier,
                    entry.prior_authorization,
                    entry.step_therapy,
                    entry.quantity_limit,
                    tier_cost_share(plans.get(plan_id), entry.drug_tier),
                )
            )
    return answers


def tier_cost_share(plan: NetworkPlan | None, tier: str) -> CostShare | None:
    """The tier's one-month retail cost sharing in plans.json (else its first one)."""
    listed = ((plan.formulary if plan else {}).get(tier) or {}).get("cost_sharing") or []
    if not listed:
        return None
    item = next((c for c in listed if c.get("pharmacy_type") == RETAIL_MONTH), listed[0])
    return CostShare(
        copay=_decimal(item.get("copay_amount")),
        copay_option=item.get("copay_opt") or "",
        coinsurance=_decimal(item.get("coinsurance_rate")),
        coinsurance_option=item.get("coinsurance_opt") or "",
    )


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Mark:
    """One chosen provider or drug against one plan."""

    kind: str  # provider | drug
    key: str  # NPI or RxCUI
    name: str
    coverage: str
    network_tier: str = ""
    drug_tier: str = ""
    prior_authorization: bool | None = None
    step_therapy: bool | None = None
    quantity_limit: bool | None = None
    cost_share: CostShare | None = None

    @property
    def covered(self) -> bool:
        return self.coverage == COVERED


@dataclass(frozen=True)
class PlanMarks:
    """Every chosen provider and drug against one plan."""

    marks: tuple[Mark, ...]

    @property
    def covered_count(self) -> int:
        return sum(1 for mark in self.marks if mark.covered)

    @property
    def covers_all(self) -> bool:
        return all(mark.covered for mark in self.marks)


def marks_for_plans(choices, year: int, plan_ids: Iterable[str]) -> dict[str, PlanMarks]:
    """{plan id: PlanMarks} for a person's choices (choices.Choices); empty choices give {}.
    Two queries for providers and two for drugs, however many plans."""
    plan_ids = list(dict.fromkeys(plan_ids))
    if not choices or not plan_ids:
        return {}
    names = {("provider", c.key): c.name for c in choices.providers}
    names |= {("drug", c.key): c.name for c in choices.drugs}
    marks: dict[str, list[Mark]] = {plan_id: [] for plan_id in plan_ids}
    for answer in provider_coverage(year, [c.key for c in choices.providers], plan_ids):
        marks[answer.plan_id].append(
            Mark(
                "provider",
                answer.npi,
                names[("provider", answer.npi)],
                answer.coverage,
                network_tier=answer.network_tier,
            )
        )
    for answer in drug_coverage(year, [c.key for c in choices.drugs], plan_ids):
        marks[answer.plan_id].append(
            Mark(
                "drug",
                answer.rxcui,
                names[("drug", answer.rxcui)],
                answer.coverage,
                drug_tier=answer.drug_tier,
                prior_authorization=answer.prior_authorization,
                step_therapy=answer.step_therapy,
                quantity_limit=answer.quantity_limit,
                cost_share=answer.cost_share,
            )
        )
    return {plan_id: PlanMarks(tuple(found)) for plan_id, found in marks.items()}
