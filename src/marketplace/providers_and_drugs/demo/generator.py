"""Generate the demo issuers' provider and formulary files from a year's demo PUF files.

`generate(puf_directory, out)` reads the plans the catalog demo wrote (plan attributes,
service areas, drug cost sharing) and writes, per issuer, `out/<issuer id>/` with
index.json, plans.json, providers.json and drugs.json in the CMS QHP format. Seeded: the
same PUF files give the same bytes.

- Providers: per state, clinicians of several specialties, hospitals, urgent care,
  pharmacies, laboratories and community health centers in real towns (data.PLACES); the
  same people every year.
- Networks differ by plan: each issuer has a broad network (most plans) and a narrow one
  ("Select" plans, catastrophic and expanded bronze); a provider joins an issuer's networks
  only inside its service area. PPO and POS plans add a NON-PREFERRED tier.
- Formularies: every drug of data.DRUGS on a tier per issuer; each issuer leaves out two
  brand or specialty drugs; tiers' cost sharing is the plan's own (the PUF's drug benefits).
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from marketplace.catalog.demo.geography import zip_counties
from marketplace.providers_and_drugs.demo import data
from marketplace.providers_and_drugs.demo.cost_sharing import tier_cost_sharing
from marketplace.providers_and_drugs.geo import zip_place
from marketplace.providers_and_drugs.qhp_files.values import npi_check_digit

SEED = "marketplace-demo-providers-v1"
NARROW_PLAN_WORDS = ("Select", "Catastrophic", "Value Bronze")
JOIN_BROAD = {"individual": 0.72, "Hospital": 0.9, "Pharmacy": 0.95}
JOIN_NARROW = {"individual": 0.42, "Hospital": 0.6, "Pharmacy": 0.85}
NON_PREFERRED_SHARE = 0.2


@dataclass(frozen=True)
class DemoPlan:
    plan_id: str
    issuer_id: str
    state: str
    name: str
    plan_type: str
    metal_level: str
    service_area_id: str
    summary_url: str
    brochure_url: str
    formulary_url: str

    @property
    def narrow(self) -> bool:
        return any(word in self.name for word in NARROW_PLAN_WORDS)

    @property
    def network_tiers(self) -> list[str]:
        if self.plan_type in ("PPO", "POS"):
            return ["PREFERRED", "NON-PREFERRED"]
        return ["PREFERRED"]


def generate(puf_directory: Path, out: Path) -> list[Path]:
    """Write every issuer's files under `out`; returns the issuer directories."""
    puf_directory, out = Path(puf_directory), Path(out)
    plans = _read_plans(puf_directory)
    year = _year(puf_directory)
    areas = _service_area_zips(puf_directory)
    sharing = tier_cost_sharing(puf_directory)
    written = []
    for state in sorted({p.state for p in plans}):
        providers = _providers(state)
        for issuer_id in sorted({p.issuer_id for p in plans if p.state == state}):
            own = [p for p in plans if p.issuer_id == issuer_id]
            target = out / issuer_id
            target.mkdir(parents=True, exist_ok=True)
            domain = urlparse(own[0].formulary_url).netloc or f"issuer{issuer_id}.example"
            _write(target / "index.json", _index(domain))
            _write(target / "plans.json", [_plan_json(p, year, sharing, domain) for p in own])
            _write(target / "providers.json", _providers_json(providers, own, areas, year))
            _write(target / "drugs.json", _drugs_json(issuer_id, own, year))
            written.append(target)
    return written


def _year(puf_directory: Path) -> int:
    with (puf_directory / "plan-attributes-puf.csv").open(newline="", encoding="utf-8") as f:
        return int(next(csv.DictReader(f))["BusinessYear"])


def _read_plans(puf_directory: Path) -> list[DemoPlan]:
    """The on-exchange medical plans (the -01 rows), once each."""
    found = {}
    with (puf_directory / "plan-attributes-puf.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["DentalOnlyPlan"] == "Yes" or not row["PlanId"].endswith("-01"):
                continue
            found[row["StandardComponentId"]] = DemoPlan(
                plan_id=row["StandardComponentId"],
                issuer_id=row["IssuerId"],
                state=row["StateCode"],
                name=row["PlanMarketingName"],
                plan_type=row["PlanType"],
                metal_level=row["MetalLevel"],
                service_area_id=row["ServiceAreaId"],
                summary_url=row["URLForSummaryofBenefitsCoverage"],
                brochure_url=row["PlanBrochure"],
                formulary_url=row["FormularyURL"],
            )
    return sorted(found.values(), key=lambda p: p.plan_id)


def _service_area_zips(puf_directory: Path) -> dict[tuple[str, str], set[str] | None]:
    """(issuer, service area id) -> the zip codes it covers, or None for the whole state."""
    county_zips: dict[str, dict[str, set[str]]] = {}
    areas: dict[tuple[str, str], set[str] | None] = {}
    with (puf_directory / "service-area-puf.csv").open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["IssuerId"], row["ServiceAreaId"])
            if row["CoverEntireState"] == "Yes":
                areas[key] = None
                continue
            state = row["StateCode"]
            if state not in county_zips:
                county_zips[state] = {}
                for zipcode, fips, _city in zip_counties(state):
                    county_zips[state].setdefault(fips, set()).add(zipcode)
            listed = {z.strip() for z in row["ZipCodes"].split(",") if z.strip()}
            county = county_zips[state].get(row["County"], set())
            covered = county & listed if row["PartialCounty"] == "Yes" else county
            areas.setdefault(key, set()).update(covered)
    return areas


def _index(domain: str) -> dict:
    base = f"https://{domain}/cms-mr"
    return {
        "plan_urls": [f"{base}/plans.json"],
        "provider_urls": [f"{base}/providers.json"],
        "formulary_urls": [f"{base}/drugs.json"],
    }


def _plan_json(plan: DemoPlan, year: int, sharing: dict, domain: str) -> dict:
    return {
        "plan_id_type": "HIOS-PLAN-ID",
        "plan_id": plan.plan_id,
        "marketing_name": plan.name,
        "summary_url": plan.summary_url,
        "marketing_url": plan.brochure_url,
        "formulary_url": plan.formulary_url,
        "plan_contact": f"directory@{domain}",
        "network": [{"network_tier": tier} for tier in plan.network_tiers],
        "formulary": [
            {"drug_tier": tier, "mail_order": True, "cost_sharing": costs}
            for tier, costs in sharing.get(plan.plan_id, {}).items()
        ],
        "years": [year],
        "last_updated_on": f"{year - 1}-10-01",
    }


@dataclass(frozen=True)
class DemoProvider:
    npi: str
    kind: str  # individual or a facility type
    record: dict  # providers.json fields but plans and last_updated_on
    zipcode: str


def _providers(state: str) -> list[DemoProvider]:
    """The state's demo providers: the same list every year (seeded by state only)."""
    rng = random.Random(f"{SEED}:{state}:people")
    places = [(z, area) for z, area, weight in data.PLACES[state] for _ in range(weight)]
    npis = _npis(rng, sum(data.HEADCOUNT[state].values()))
    people = rng.sample(
        [(given, gender, last) for given, gender in data.GIVEN_NAMES for last in data.SURNAMES],
        data.HEADCOUNT[state]["individual"],
    )
    found = []
    for given, gender, last in people:
        zipcode, area = rng.choice(places)
        record = {
            "npi": npis.pop(),
            "type": "INDIVIDUAL",
            "name": {"prefix": "Dr.", "first": given, "last": last},
            "addresses": [_address(rng, zipcode, area)],
            "specialty": [_weighted(rng, data.SPECIALTIES)],
            "accepting": _weighted(rng, data.ACCEPTING),
            "gender": gender,
            "languages": ["English"]
            + [lang for lang, share in data.LANGUAGES[state] if rng.random() < share],
        }
        found.append(DemoProvider(record["npi"], "individual", record, zipcode))
    for facility_type, count in data.HEADCOUNT[state].items():
        if facility_type != "individual":
            found += _facilities(rng, facility_type, count, places, npis)
    return found


def _facilities(rng, facility_type: str, count: int, places, npis) -> list[DemoProvider]:
    found, names = [], set()
    while len(found) < count:
        zipcode, area = rng.choice(places)
        address = _address(rng, zipcode, area)
        street = address["address"].split(" ", 1)[1].replace(" Street", "").replace(" Avenue", "")
        name = rng.choice(data.FACILITY_NAMES[facility_type]).format(
            city=address["city"], street=street
        )
        if name in names:
            continue
        names.add(name)
        record = {
            "npi": npis.pop(),
            "type": "FACILITY",
            "facility_name": name,
            "facility_type": [facility_type],
            "addresses": [address],
        }
        found.append(DemoProvider(record["npi"], facility_type, record, zipcode))
    return found


def _npis(rng, count: int) -> list[str]:
    """Distinct valid NPIs starting with 9 (never assigned by NPPES: see data.py)."""
    bodies = rng.sample(range(10_000_000, 99_999_999), count)
    return [f"9{body}{npi_check_digit(f'9{body}')}" for body in bodies]


def _address(rng, zipcode: str, area_code: str) -> dict:
    place = zip_place(zipcode)
    return {
        "address": f"{rng.randint(1, 999)} {rng.choice(data.STREETS)}",
        "city": place.city.title(),
        "state": place.state,
        "zip": zipcode,
        "phone": f"{area_code}5550{rng.randint(100, 199)}",
    }


def _weighted(rng, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _providers_json(providers, plans: list[DemoPlan], areas, year: int) -> list[dict]:
    records = []
    for provider in providers:
        rng = random.Random(f"{SEED}:{plans[0].issuer_id}:{provider.npi}")
        join = rng.random()
        broad = join < JOIN_BROAD.get(provider.kind, 0.8)
        narrow = broad and join < JOIN_NARROW.get(provider.kind, 0.5)
        tier = "NON-PREFERRED" if rng.random() < NON_PREFERRED_SHARE else "PREFERRED"
        links = []
        for plan in plans:
            area = areas.get((plan.issuer_id, plan.service_area_id))
            if area is not None and provider.zipcode not in area:
                continue
            if (narrow if plan.narrow else broad) and tier in plan.network_tiers:
                links.append(
                    {
                        "plan_id_type": "HIOS-PLAN-ID",
                        "plan_id": plan.plan_id,
                        "network_tier": tier,
                        "years": [year],
                    }
                )
        if links:
            records.append(
                {**provider.record, "plans": links, "last_updated_on": f"{year - 1}-10-01"}
            )
    return records


def _drugs_json(issuer_id: str, plans: list[DemoPlan], year: int) -> list[dict]:
    rng = random.Random(f"{SEED}:{issuer_id}:formulary")
    costly = [rxcui for rxcui, _, kind, _ in data.DRUGS if kind in ("brand", "specialty")]
    left_out = set(rng.sample(costly, 2))
    records = []
    for rxcui, name, kind, _source in data.DRUGS:
        if rxcui in left_out:
            continue
        tier = {
            "generic": "GENERIC",
            "specialty": "SPECIALTY",
            "preventive": "ZERO-COST-SHARE-PREVENTIVE",
        }.get(kind) or ("PREFERRED-BRAND" if rng.random() < 0.6 else "NON-PREFERRED-BRAND")
        entry = {
            "drug_tier": tier,
            "prior_authorization": rxcui in data.ALWAYS_PRIOR_AUTHORIZATION,
            "step_therapy": rxcui in data.SOMETIMES_STEP_THERAPY and rng.random() < 0.5,
            "quantity_limit": rxcui in data.ALWAYS_QUANTITY_LIMIT,
            "years": [year],
        }
        links = [
            {"plan_id_type": "HIOS-PLAN-ID", "plan_id": plan.plan_id, **entry} for plan in plans
        ]
        records.append({"rxnorm_id": rxcui, "drug_name": name, "plans": links})
    return records


def _write(path: Path, value) -> None:
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
