"""Find your doctor with tens of thousands of providers: import time and search latency.

In a child process on a fresh SQLite database in a temp dir: writes three issuers' CMS QHP
files for 30,000 providers (NPIs) at real Massachusetts zip codes, most in one or two
issuers' networks (about 45,000 provider records and 270,000 network entries) and a
2,000-drug formulary, imports them with the importer `marketplace
import-provider-drug-files` uses, then times warm searches (200 of each kind) and the
marks of a 60-plan list for 3 doctors and 3 drugs. Prints import seconds and records per
second, and the mean and 95th percentile of each search in milliseconds.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import Figure

PROVIDERS = 30_000
DRUGS = 2_000
ISSUERS = ("31642", "35718", "42207")
PLANS_PER_ISSUER = 20
YEAR = 2026
QUERIES = 200
SPECIALTIES = ("Family Medicine", "Cardiology", "Pediatrics", "Dermatology", "Psychiatry")


NAMES = ("Ruiz", "Chen", "Patel", "Garcia", "Smith", "Okafor", "Nguyen", "Kim", "Lopez")


def _write_files(root: Path, rng: random.Random) -> dict:
    """Three issuers' files; returns the NPIs, zip codes and plan ids used."""
    from marketplace.providers_and_drugs.geo import zip_place

    zips = [z for z in (f"0{n:04d}" for n in range(1000, 2800)) if zip_place(z)]
    plans = {i: [f"{i}MA{n:07d}" for n in range(1, PLANS_PER_ISSUER + 1)] for i in ISSUERS}
    records, npis = _provider_records(rng, zips, plans)
    for issuer in ISSUERS:
        directory = root / issuer
        directory.mkdir(parents=True)
        index = {
            "plan_urls": ["plans.json"],
            "provider_urls": ["providers.json"],
            "formulary_urls": ["drugs.json"],
        }
        plan_records = [
            {
                "plan_id": p,
                "marketing_name": f"Plan {p}",
                "years": [YEAR],
                "network": [{"network_tier": "PREFERRED"}],
                "formulary": [{"drug_tier": "GENERIC", "mail_order": True}],
            }
            for p in plans[issuer]
        ]
        links = [{"plan_id": p, "drug_tier": "GENERIC", "years": [YEAR]} for p in plans[issuer]]
        drugs = [
            {
                "rxnorm_id": str(100000 + d),
                "plans": links,
                "drug_name": f"drug{d} {rng.choice(NAMES)} 10 MG Oral Tablet",
            }
            for d in range(DRUGS)
        ]
        for name, value in (
            ("index.json", index),
            ("plans.json", plan_records),
            ("providers.json", records[issuer]),
            ("drugs.json", drugs),
        ):
            (directory / name).write_text(json.dumps(value))
    return {"npis": npis, "zips": zips, "plans": [p for ps in plans.values() for p in ps]}


def _provider_records(rng, zips, plans) -> tuple[dict[str, list], list[str]]:
    """Each provider in one or two issuers' networks, in about 30% of each one's plans."""
    from marketplace.providers_and_drugs.qhp_files.values import npi_check_digit

    records: dict[str, list] = {i: [] for i in ISSUERS}
    npis = []
    for n in range(PROVIDERS):
        body = f"9{n:08d}"
        npis.append(f"{body}{npi_check_digit(body)}")
        address = {
            "address": f"{n} Main Street",
            "city": "Town",
            "state": "MA",
            "zip": rng.choice(zips),
            "phone": "6175550100",
        }
        record = {
            "npi": npis[-1],
            "type": "INDIVIDUAL",
            "addresses": [address],
            "name": {"first": f"Given{n}", "last": f"{rng.choice(NAMES)}{n % 97}"},
            "specialty": [rng.choice(SPECIALTIES)],
            "accepting": "accepting",
        }
        for issuer in rng.sample(ISSUERS, rng.choice((1, 1, 2, 2))):
            links = [
                {"plan_id": p, "network_tier": "PREFERRED", "years": [YEAR]}
                for p in plans[issuer]
                if rng.random() < 0.3
            ] or [{"plan_id": plans[issuer][0], "network_tier": "PREFERRED", "years": [YEAR]}]
            records[issuer].append({**record, "plans": links})
    return records, npis


def _timed(function, arguments) -> list[float]:
    found = []
    for argument in arguments:
        started = time.perf_counter()
        function(argument)
        found.append((time.perf_counter() - started) * 1000)
    return found


def _child(directory: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from marketplace.providers_and_drugs.choices import Choices, Chosen
    from marketplace.providers_and_drugs.coverage import marks_for_plans
    from marketplace.providers_and_drugs.importer import import_directory
    from marketplace.providers_and_drugs.models import NetworkEntry, Provider
    from marketplace.providers_and_drugs.search import ProviderQuery, search_drugs, search_providers

    call_command("migrate", verbosity=0)
    rng = random.Random("bench-providers")
    made = _write_files(Path(directory) / "files", rng)
    started = time.perf_counter()
    import_directory(Path(directory) / "files", year=YEAR)
    seconds = time.perf_counter() - started
    records = Provider.objects.count()
    zips = [rng.choice(made["zips"]) for _ in range(QUERIES)]
    figures = {
        "import_seconds": seconds,
        "provider_records": records,
        "network_entries": NetworkEntry.objects.count(),
        "records_per_second": records / seconds,
    }
    kinds = {
        "specialty_near_zip": lambda z: search_providers(
            ProviderQuery(YEAR, specialty=rng.choice(SPECIALTIES), zipcode=z, radius_miles=25)
        ),
        "name_near_zip": lambda z: search_providers(
            ProviderQuery(YEAR, text="patel", zipcode=z, radius_miles=25)
        ),
        "nearest_any": lambda z: search_providers(ProviderQuery(YEAR, zipcode=z, radius_miles=100)),
        "npi": lambda z: search_providers(ProviderQuery(YEAR, text=rng.choice(made["npis"]))),
        "name_statewide": lambda z: search_providers(
            ProviderQuery(YEAR, text=f"chen{int(z) % 97}")
        ),
        "drug_autocomplete": lambda z: search_drugs(YEAR, f"drug{int(z) % 200}"),
    }
    for name, function in kinds.items():
        function(zips[0])  # warm
        times = _timed(function, zips)
        figures[name] = (statistics.mean(times), statistics.quantiles(times, n=20)[18])
    chosen = Choices(
        providers=tuple(Chosen(n, n) for n in rng.sample(made["npis"], 3)),
        drugs=tuple(Chosen(str(100000 + d), "drug") for d in range(3)),
    )
    plans = made["plans"][:60]
    times = _timed(lambda _: marks_for_plans(chosen, YEAR, plans), range(QUERIES))
    figures["marks_60_plans"] = (statistics.mean(times), statistics.quantiles(times, n=20)[18])
    print(json.dumps(figures))


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-providers-") as directory:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "marketplace.settings",
        }
        done = subprocess.run(
            [sys.executable, "-m", "tests.bench.bench_providers_and_drugs", directory],
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
            check=True,
        )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    found = [
        Figure(
            "providers import",
            figures["import_seconds"],
            "s",
            f"{figures['provider_records']:,} provider records, "
            f"{figures['network_entries']:,} network entries, SQLite",
        ),
        Figure("providers import rate", figures["records_per_second"], "records/s"),
    ]
    for name in (
        "specialty_near_zip",
        "name_near_zip",
        "nearest_any",
        "npi",
        "name_statewide",
        "drug_autocomplete",
        "marks_60_plans",
    ):
        mean, p95 = figures[name]
        found.append(Figure(f"providers {name.replace('_', ' ')} mean", mean, "ms"))
        found.append(Figure(f"providers {name.replace('_', ' ')} p95", p95, "ms"))
    return found


if __name__ == "__main__":
    _child(sys.argv[1])
