"""Shared by the shopping, API and browser tests: the demo catalog and named households."""

from __future__ import annotations

import json
import re
from io import StringIO
from urllib.parse import urlencode

from django.core.management import call_command
from django.db import connection

from marketplace.catalog import models, plan_data, versioning
from marketplace.determinations.management.commands.estimate import estimate_text
from marketplace.providers_and_drugs import models as pd
from marketplace.providers_and_drugs import versioning as provider_data
from marketplace.shopping import quotes

DEMO_YEAR = 2026
CATALOG_TABLES = [
    models.Rate,
    models.Benefit,
    models.PlanVariant,
    models.Plan,
    models.ServiceAreaCounty,
    models.ServiceArea,
    models.Issuer,
    models.RatingAreaRule,
    models.RatingArea,
    models.ZipCounty,
    models.County,
    models.CatalogImport,
    models.PlanCrosswalk,
    # load-demo also loads the demo issuers' provider and drug files
    pd.FormularyEntry,
    pd.DrugWord,
    pd.Drug,
    pd.NetworkEntry,
    pd.ProviderSpecialty,
    pd.ProviderWord,
    pd.ProviderAddress,
    pd.Provider,
    pd.NetworkPlan,
    pd.ImportException,
    pd.FileImport,
]

#: The Garcias: four people in Boston (Suffolk County), $52,000 a year. The children are
#: likely CHIP-eligible, so plans are priced for the two adults.
GARCIAS = [
    ("zip", "02108"),
    ("county", "25025"),
    ("income", "52000"),
    ("age0", "40"),
    ("age1", "38"),
    ("rel1", "spouse"),
    ("age2", "10"),
    ("rel2", "child"),
    ("age3", "7"),
    ("rel3", "child"),
]
#: The Nguyens: a couple in their fifties, 250% FPL-ish, no children; one smokes.
NGUYENS = [
    ("zip", "02108"),
    ("county", "25025"),
    ("income", "68000"),
    ("age0", "55"),
    ("tobacco0", "1"),
    ("age1", "53"),
    ("rel1", "spouse"),
]
#: Sam: single, 30, $30,000 (about 200% FPL): silver CSR 87.
SAM = [("zip", "02108"), ("county", "25025"), ("income", "30000"), ("age0", "30")]


def qs(items, **extra) -> str:
    return urlencode(list(items) + [(k, v) for k, v in extra.items()])


def load_demo(django_db_blocker, tmp_path_factory):
    """Load the demo catalog (plan year 2026) for a package of tests, then remove it."""
    with django_db_blocker.unblock():
        out = tmp_path_factory.mktemp("demo-puf")
        call_command("load-demo", out=out, year=[DEMO_YEAR], stdout=StringIO(), stderr=StringIO())
        clear_caches()
        yield
        remove_catalog()
        clear_caches()


def remove_catalog() -> None:
    """Empty the catalog tables with plain DELETEs, children first (no ORM cascade into
    other apps' tables, which may hold no rows for the catalog anyway)."""
    with connection.cursor() as cursor:
        for model in CATALOG_TABLES:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def clear_caches() -> None:
    provider_data.invalidate()
    versioning.invalidate()
    quotes.clear_cache()
    plan_data.clear_cache()


def run_estimate(data: dict) -> dict:
    """What `marketplace estimate` prints for one household."""
    status, payload = estimate_text(json.dumps(data))
    assert status == 0, payload
    return json.loads(json.dumps(payload, default=str))


def figure(html: str, name: str) -> list[str]:
    """The text of every element carrying data-figure="name"."""
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(rf'data-figure="{name}"[^>]*>(.*?)</', html, re.S)
    ]


def money(text: str) -> str:
    """'$1,234.56' -> '1234.56'."""
    return text.replace("$", "").replace(",", "")


def plan_ids(html: str) -> list[str]:
    return re.findall(r'<li class="mp-plan usa-card" data-plan-id="([^"]+)"', html)
