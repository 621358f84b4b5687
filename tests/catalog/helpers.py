"""Running the importer as an operator does, and snapshotting the catalog."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from marketplace.catalog import models, versioning


def import_puf(directory, year=2026) -> str:
    out = StringIO()
    call_command("import-puf", str(directory), year=year, stdout=out, stderr=StringIO())
    versioning.invalidate()
    return out.getvalue()


def snapshot() -> dict:
    """Every catalog row, as plain values, to show that a failed import changed nothing."""
    tables = [
        models.County,
        models.ZipCounty,
        models.RatingArea,
        models.RatingAreaRule,
        models.Issuer,
        models.ServiceArea,
        models.ServiceAreaCounty,
        models.Plan,
        models.PlanVariant,
        models.Rate,
        models.Benefit,
        models.CatalogImport,
    ]
    return {model.__name__: sorted(map(str, model.objects.values_list())) for model in tables}
