"""Import a 1,000,000-row Rate PUF into a fresh database: rows per second and seconds.

Generates the files in a temp dir (1,226 plans x 16 rating areas x 51 age bands = 1,000,416
rate rows, with their plan attributes, service areas and rating areas), migrates a fresh
SQLite database there and times `marketplace import-puf` in a subprocess. With
DATABASE_URL=postgres://... it uses a separate database `bench_import` on that server,
created and dropped here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from tests.bench import Figure

YEAR = 2026
STATE = "NC"
AREAS = 16
ISSUERS = 20
PLANS = 1226
TAIL = ",,,,,,,\n"
AGES = ["0-14", *(str(a) for a in range(15, 64)), "64 and over"]


def write_files(directory: Path) -> int:
    """Write the PUF files; returns the number of Rate rows."""
    from marketplace.catalog.demo.geography import counties, write_geography

    write_geography(directory, YEAR, (STATE,))
    assert len({area for _, _, area in counties(STATE)}) == AREAS
    plans = []
    for number in range(PLANS):
        issuer = f"{10000 + number % ISSUERS * 37:05d}"
        plans.append((issuer, f"{issuer}{STATE}{number % 7 + 1:03d}{number:04d}"))
    with (directory / "plan-attributes-puf.csv").open("w") as f:
        f.write(
            "BusinessYear,StateCode,IssuerId,IssuerMarketPlaceMarketingName,MarketCoverage,"
            "DentalOnlyPlan,StandardComponentId,PlanMarketingName,HIOSProductId,ServiceAreaId,"
            "PlanType,MetalLevel,PlanId,TEHBDedInnTier1Individual,TEHBInnTier1IndividualMOOP\n"
        )
        metals = ["Bronze", "Silver", "Gold", "Platinum", "Catastrophic", "Expanded Bronze"]
        for index, (issuer, sci) in enumerate(plans):
            f.write(
                f"{YEAR},{STATE},{issuer},Issuer {issuer},Individual,No,{sci},Plan {sci},"
                f'{sci[:10]},{STATE}S001,HMO,{metals[index % 6]},{sci}-01,"$5,000","$9,000"\n'
            )
    with (directory / "service-area-puf.csv").open("w") as f:
        f.write(
            "BusinessYear,StateCode,IssuerId,ServiceAreaId,ServiceAreaName,CoverEntireState,"
            "County,PartialCounty,ZipCodes,MarketCoverage,DentalOnlyPlan\n"
        )
        for issuer in sorted({issuer for issuer, _ in plans}):
            f.write(f"{YEAR},{STATE},{issuer},{STATE}S001,Statewide,Yes,,No,,Individual,No\n")
    rows = 0
    with (directory / "rate-puf.csv").open("w") as f:
        f.write(
            "BusinessYear,StateCode,IssuerId,SourceName,ImportDate,RateEffectiveDate,"
            "RateExpirationDate,PlanId,RatingAreaId,Tobacco,Age,IndividualRate,"
            "IndividualTobaccoRate,Couple,PrimarySubscriberAndOneDependent,"
            "PrimarySubscriberAndTwoDependents,PrimarySubscriberAndThreeOrMoreDependents,"
            "CoupleAndOneDependent,CoupleAndTwoDependents,CoupleAndThreeOrMoreDependents\n"
        )
        for index, (issuer, sci) in enumerate(plans):
            dates = f"2025-08-15,{YEAR}-01-01,{YEAR}-12-31"
            head = f"{YEAR},{STATE},{issuer},HIOS,{dates},{sci},Rating Area "
            lines = []
            for area in range(1, AREAS + 1):
                for age_index, age in enumerate(AGES):
                    cents = 30000 + index * 7 + area * 1000 + age_index * 900
                    rate = f"{cents // 100}.{cents % 100:02d}"
                    tobacco = f"{cents * 3 // 200}.{cents * 3 // 2 % 100:02d}"
                    lines.append(
                        f"{head}{area},Tobacco User/Non-Tobacco User,{age},{rate},{tobacco}{TAIL}"
                    )
            f.write("".join(lines))
            rows += len(lines)
    return rows


def _postgres(url: str):
    """(DATABASE_URL for bench_import, create(), drop()) on the server of `url`."""
    import psycopg

    parsed = urlparse(url)
    admin = urlunparse(parsed._replace(path="/postgres", scheme="postgresql"))
    bench_url = urlunparse(parsed._replace(path="/bench_import"))

    def run(sql):
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(sql)

    return (
        bench_url,
        lambda: run("CREATE DATABASE bench_import"),
        lambda: run("DROP DATABASE IF EXISTS bench_import"),
    )


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as temp:
        directory = Path(temp) / "puf"
        directory.mkdir()
        rows = write_files(directory)
        url = os.environ.get("DATABASE_URL", "")
        engine = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        drop = None
        if engine == "PostgreSQL":
            url, create, drop = _postgres(url)
            drop()
            create()
        else:
            url = f"sqlite:///{temp}/bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": url, "DATABASE_TEST_NAME": ""}
        command = [sys.executable, "-m", "marketplace.cli"]
        try:
            subprocess.run([*command, "migrate", "-v0"], env=env, check=True)
            started = time.perf_counter()
            subprocess.run(
                [*command, "import-puf", "--year", str(YEAR), str(directory)],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            seconds = time.perf_counter() - started
        finally:
            if drop is not None:
                drop()
    note = f"{rows:,} Rate rows + {PLANS:,} plans, fresh {engine} database, one transaction"
    return [
        Figure(f"import-puf 1M rate rows ({engine})", seconds, "s", note),
        Figure(f"import-puf rate ({engine})", rows / seconds, "rows/s"),
    ]
