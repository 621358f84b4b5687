"""One record of plans.json, providers.json or drugs.json, checked and normalized.

Each `*_record` function takes the JSON object and returns a frozen record, or raises
RecordInvalid with the reason. Plan links (a provider's or a drug's `plans[]`) are checked
against plans.json by the bundle, which knows the plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marketplace.providers_and_drugs.qhp_files import values
from marketplace.providers_and_drugs.qhp_files.values import RecordInvalid

PROVIDER_TYPES = {"INDIVIDUAL": "individual", "FACILITY": "facility", "GROUP": "group"}
ACCEPTING = ("accepting", "not accepting", "accepting in some locations")
GENDERS = ("Male", "Female", "Other")


@dataclass(frozen=True)
class PlanRecord:
    plan_id: str
    marketing_name: str
    summary_url: str
    formulary_url: str
    plan_contact: str
    network_tiers: tuple[str, ...]
    formulary: dict  # drug tier -> {"mail_order": bool | None, "cost_sharing": [...]}
    years: tuple[int, ...]

    @property
    def issuer_id(self) -> str:
        return self.plan_id[:5]


@dataclass(frozen=True)
class Address:
    street: str
    street_2: str
    city: str
    state: str
    zipcode: str
    phone: str


@dataclass(frozen=True)
class NetworkLink:
    """A provider in a plan's network (`plans[]` of providers.json)."""

    plan_id: str
    network_tier: str
    years: tuple[int, ...]


@dataclass(frozen=True)
class ProviderRecord:
    npi: str
    kind: str  # individual | facility | group
    name: str
    sort_name: str
    name_words: str  # every part of the name, for the word index
    specialties: tuple[str, ...]
    facility_types: tuple[str, ...]
    languages: tuple[str, ...]
    accepting: str
    gender: str
    last_updated_on: date | None
    addresses: tuple[Address, ...]
    links: tuple[NetworkLink, ...]


@dataclass(frozen=True)
class DrugLink:
    """A drug on a plan's formulary (`plans[]` of drugs.json)."""

    plan_id: str
    drug_tier: str
    prior_authorization: bool | None
    step_therapy: bool | None
    quantity_limit: bool | None
    years: tuple[int, ...]


@dataclass(frozen=True)
class DrugRecord:
    rxcui: str
    name: str
    links: tuple[DrugLink, ...]


@dataclass(frozen=True)
class Rejected:
    """A record that does not load (or loads without some of its plan links), and why."""

    file_name: str
    record_number: int | None
    identifier: str
    reason: str


def plan_record(record: dict, default_years: tuple[int, ...]) -> PlanRecord:
    values.plan_id_type(record)
    tiers = tuple(
        dict.fromkeys(
            values.tier(entry, "network_tier")
            for entry in values.objects(record.get("network") or [], "network")
        )
    )
    if not tiers:
        raise RecordInvalid("network lists no network tier")
    formulary = {}
    for entry in values.objects(record.get("formulary") or [], "formulary"):
        sharing = entry.get("cost_sharing") or []
        if not isinstance(sharing, list) or not all(isinstance(s, dict) for s in sharing):
            raise RecordInvalid("cost_sharing must be a list of objects")
        formulary[values.tier(entry, "drug_tier")] = {
            "mail_order": values.flag(entry, "mail_order"),
            "cost_sharing": [_cost_sharing(s) for s in sharing],
        }
    return PlanRecord(
        plan_id=values.plan_id(record.get("plan_id")),
        marketing_name=values.text(record, "marketing_name"),
        summary_url=values.text(record, "summary_url", required=False, limit=500),
        formulary_url=values.text(record, "formulary_url", required=False, limit=500),
        plan_contact=values.text(record, "plan_contact", required=False, limit=200),
        network_tiers=tiers,
        formulary=formulary,
        years=values.years(record, default_years),
    )


def _cost_sharing(entry: dict) -> dict:
    """One cost-sharing object, kept as filed with its numbers checked."""
    kept = {}
    for field in ("pharmacy_type", "copay_opt", "coinsurance_opt"):
        value = entry.get(field)
        kept[field] = value.strip().upper() if isinstance(value, str) and value.strip() else None
    for field, low, high in (("copay_amount", 0, 100_000), ("coinsurance_rate", 0, 1)):
        value = entry.get(field)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise RecordInvalid(f"{field} {value!r} must be a number from {low} to {high}")
        kept[field] = str(value) if value is not None else None  # exact, for Decimal later
    return kept


def provider_record(record: dict) -> ProviderRecord:
    kind = PROVIDER_TYPES.get(str(record.get("type", "")).strip().upper())
    if kind is None:
        raise RecordInvalid(f"type {record.get('type')!r} is not INDIVIDUAL, FACILITY or GROUP")
    name, sort_name, name_words = _provider_name(record, kind)
    addresses = tuple(
        _address(entry) for entry in values.objects(record.get("addresses") or [], "addresses")
    )
    if not addresses:
        raise RecordInvalid("addresses lists no address")
    accepting = record.get("accepting")
    gender = record.get("gender")
    return ProviderRecord(
        npi=values.npi(record.get("npi")),
        kind=kind,
        name=name,
        sort_name=sort_name,
        name_words=name_words,
        specialties=values.text_list(record, "specialty", "speciality"),
        facility_types=values.text_list(record, "facility_type"),
        languages=values.text_list(record, "languages"),
        accepting=accepting if accepting in ACCEPTING else "unknown",
        gender=gender if gender in GENDERS else "",
        last_updated_on=values.iso_date(record.get("last_updated_on")),
        addresses=addresses,
        links=(),
    )


def _provider_name(record: dict, kind: str) -> tuple[str, str, str]:
    """(name as people read it, sort key, every word of it)."""
    if kind == "individual":
        parts = record.get("name")
        if not isinstance(parts, dict):
            raise RecordInvalid("name is missing")
        first = values.text(parts, "first", limit=100)
        last = values.text(parts, "last", limit=100)
        prefix = values.text(parts, "prefix", required=False, limit=20)
        middle = values.text(parts, "middle", required=False, limit=100)
        suffix = values.text(parts, "suffix", required=False, limit=20)
        name = " ".join(p for p in (prefix, first, middle, last) if p)
        name = f"{name}, {suffix}" if suffix else name
        return name, f"{last} {first} {middle}".strip(), f"{first} {middle} {last} {suffix}"
    field = "facility_name" if kind == "facility" else "group_name"
    name = values.text(record, field)
    return name, name, name


def _address(entry: dict) -> Address:
    state = values.text(entry, "state", limit=2).upper()
    if not values.STATE.match(state):
        raise RecordInvalid(f"state {state!r} is not a two-letter state code")
    return Address(
        street=values.text(entry, "address", limit=200),
        street_2=values.text(entry, "address_2", required=False, limit=200),
        city=values.text(entry, "city", limit=100),
        state=state,
        zipcode=values.zip5(entry.get("zip")),
        phone="".join(c for c in str(entry.get("phone") or "") if c.isdigit())[:15],
    )


def network_link(entry: dict) -> NetworkLink:
    values.plan_id_type(entry)
    return NetworkLink(
        plan_id=values.plan_id(entry.get("plan_id")),
        network_tier=values.tier(entry, "network_tier"),
        years=values.years(entry) if entry.get("years") is not None else (),
    )


def drug_record(record: dict) -> DrugRecord:
    return DrugRecord(
        rxcui=values.rxcui(record.get("rxnorm_id")),
        name=values.text(record, "drug_name", limit=500),
        links=(),
    )


def drug_link(entry: dict) -> DrugLink:
    values.plan_id_type(entry)
    return DrugLink(
        plan_id=values.plan_id(entry.get("plan_id")),
        drug_tier=values.tier(entry, "drug_tier"),
        prior_authorization=values.flag(entry, "prior_authorization"),
        step_therapy=values.flag(entry, "step_therapy"),
        quantity_limit=values.flag(entry, "quantity_limit"),
        years=values.years(entry) if entry.get("years") is not None else (),
    )
