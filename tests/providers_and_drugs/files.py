"""Named issuers' files in the CMS QHP format, written for the tests.

Bay Colony Health Plan (HIOS 31642, MA) files two plans for 2026:
- 31642MA0010001 "Bay Colony Select Bronze HMO", a narrow network;
- 31642MA0010002 "Bay Colony Gold HMO", the broad network with a NON-PREFERRED tier.

Its providers, all in Massachusetts:
- Dr. Ana Ruiz, family medicine, downtown Boston (02108), Spanish: both plans;
- Dr. Samuel Okafor, cardiology, Cambridge (02139): Gold only, non-preferred tier;
- Harbor General Hospital, Boston (02114): both plans;
- Elm Street Pharmacy, Worcester (01608): Gold only.

Its formulary: metformin 500 mg (RxCUI 861007) generic on both plans; semaglutide pen
(1991306) preferred brand with prior authorization on Gold only.

Pioneer Valley Care (HIOS 52386) files one plan, 52386MA0010001, and Dr. Ana Ruiz is in it
too (the same NPI in two issuers' files).
"""

from __future__ import annotations

import json
from pathlib import Path

from marketplace.providers_and_drugs.qhp_files.values import npi_check_digit

YEAR = 2026
SELECT = "31642MA0010001"
GOLD = "31642MA0010002"
PIONEER = "52386MA0010001"


def npi(body: str) -> str:
    """A valid NPI from nine digits (the check digit computed as NPPES does)."""
    return f"{body}{npi_check_digit(body)}"


RUIZ = npi("123456780")
OKAFOR = npi("123456781")
HARBOR = npi("123456782")
ELM = npi("123456783")
METFORMIN = "861007"
SEMAGLUTIDE = "1991306"


def link(plan_id: str, tier: str = "PREFERRED", years=(YEAR,)) -> dict:
    return {
        "plan_id_type": "HIOS-PLAN-ID",
        "plan_id": plan_id,
        "network_tier": tier,
        "years": list(years),
    }


def plan(plan_id: str, name: str, tiers=("PREFERRED",), years=(YEAR,)) -> dict:
    return {
        "plan_id_type": "HIOS-PLAN-ID",
        "plan_id": plan_id,
        "marketing_name": name,
        "summary_url": f"https://issuer.example/{plan_id}/sbc",
        "plan_contact": "directory@issuer.example",
        "network": [{"network_tier": t} for t in tiers],
        "formulary": [
            {
                "drug_tier": "GENERIC",
                "mail_order": True,
                "cost_sharing": [
                    {
                        "pharmacy_type": "1-MONTH-IN-RETAIL",
                        "copay_amount": 10.0,
                        "copay_opt": "BEFORE-DEDUCTIBLE",
                        "coinsurance_rate": 0.0,
                        "coinsurance_opt": None,
                    }
                ],
            },
            {
                "drug_tier": "PREFERRED-BRAND",
                "mail_order": True,
                "cost_sharing": [
                    {
                        "pharmacy_type": "1-MONTH-IN-RETAIL",
                        "copay_amount": 0.0,
                        "copay_opt": None,
                        "coinsurance_rate": 0.4,
                        "coinsurance_opt": "AFTER-DEDUCTIBLE",
                    }
                ],
            },
        ],
        "years": list(years),
        "last_updated_on": "2025-10-01",
    }


def address(street: str, city: str, zipcode: str) -> dict:
    return {"address": street, "city": city, "state": "MA", "zip": zipcode, "phone": "6175550100"}


def doctor(number: str, first: str, last: str, specialty: str, where: dict, plans: list) -> dict:
    return {
        "npi": number,
        "type": "INDIVIDUAL",
        "name": {"prefix": "Dr.", "first": first, "last": last},
        "addresses": [where],
        "specialty": [specialty],
        "accepting": "accepting",
        "languages": ["English", "Spanish"],
        "gender": "Female",
        "plans": plans,
        "last_updated_on": "2025-10-01",
    }


def facility(number: str, name: str, kind: str, where: dict, plans: list) -> dict:
    return {
        "npi": number,
        "type": "FACILITY",
        "facility_name": name,
        "facility_type": [kind],
        "addresses": [where],
        "plans": plans,
        "last_updated_on": "2025-10-01",
    }


def drug(rxcui: str, name: str, plans: list) -> dict:
    return {"rxnorm_id": rxcui, "drug_name": name, "plans": plans}


def drug_link(plan_id: str, tier: str, prior_authorization=False) -> dict:
    return {
        "plan_id_type": "HIOS-PLAN-ID",
        "plan_id": plan_id,
        "drug_tier": tier,
        "prior_authorization": prior_authorization,
        "step_therapy": False,
        "quantity_limit": False,
        "years": [YEAR],
    }


def bay_colony_plans() -> list[dict]:
    return [
        plan(SELECT, "Bay Colony Select Bronze HMO"),
        plan(GOLD, "Bay Colony Gold HMO", tiers=("PREFERRED", "NON-PREFERRED")),
    ]


def bay_colony_providers() -> list[dict]:
    return [
        doctor(
            RUIZ,
            "Ana",
            "Ruiz",
            "Family Medicine",
            address("12 Tremont Street", "Boston", "02108"),
            [link(SELECT), link(GOLD)],
        ),
        doctor(
            OKAFOR,
            "Samuel",
            "Okafor",
            "Cardiology",
            address("300 Massachusetts Avenue", "Cambridge", "02139"),
            [link(GOLD, "NON-PREFERRED")],
        ),
        facility(
            HARBOR,
            "Harbor General Hospital",
            "Hospital",
            address("55 Fruit Street", "Boston", "02114"),
            [link(SELECT), link(GOLD)],
        ),
        facility(
            ELM,
            "Elm Street Pharmacy",
            "Pharmacy",
            address("90 Elm Street", "Worcester", "01608"),
            [link(GOLD)],
        ),
    ]


def bay_colony_drugs() -> list[dict]:
    return [
        drug(
            METFORMIN,
            "metformin hydrochloride 500 MG Oral Tablet",
            [drug_link(SELECT, "GENERIC"), drug_link(GOLD, "GENERIC")],
        ),
        drug(
            SEMAGLUTIDE,
            "0.25 MG, 0.5 MG Dose 1.5 ML semaglutide 1.34 MG/ML Pen Injector",
            [drug_link(GOLD, "PREFERRED-BRAND", prior_authorization=True)],
        ),
    ]


def write_issuer(
    directory: Path,
    plans: list[dict],
    providers: list[dict],
    drugs: list[dict] | None,
    index_name: str = "index.json",
) -> Path:
    """Write one issuer's files (index URLs point at an issuer's site, as they would)."""
    directory.mkdir(parents=True, exist_ok=True)
    base = "https://issuer.example/mr"
    index = {
        "plan_urls": [f"{base}/plans.json"],
        "provider_urls": [f"{base}/providers.json"],
        "formulary_urls": [f"{base}/drugs.json"] if drugs is not None else [],
    }
    (directory / index_name).write_text(json.dumps(index))
    (directory / "plans.json").write_text(json.dumps(plans))
    (directory / "providers.json").write_text(json.dumps(providers))
    if drugs is not None:
        (directory / "drugs.json").write_text(json.dumps(drugs))
    return directory


def write_bay_colony(directory: Path) -> Path:
    return write_issuer(directory, bay_colony_plans(), bay_colony_providers(), bay_colony_drugs())


def write_pioneer(directory: Path) -> Path:
    """Pioneer Valley Care: one plan; Dr. Ana Ruiz again (another issuer's record of her)."""
    ruiz = doctor(
        RUIZ,
        "Ana",
        "Ruiz",
        "Family Medicine",
        address("12 Tremont Street", "Boston", "02108"),
        [link(PIONEER)],
    )
    ruiz["specialty"] = ["Family Medicine", "Pediatrics"]
    return write_issuer(directory, [plan(PIONEER, "Pioneer Valley Silver POS")], [ruiz], [])
