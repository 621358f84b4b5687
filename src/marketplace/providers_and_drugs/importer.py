"""Import issuers' provider and formulary files: the one action that writes this data.

`import_directory(path)` reads every issuer directory under `path` (qhp_files) and, per
issuer, in one transaction: retires the issuer's current import for each plan year the new
files offer plans in, deletes its rows, writes the new ones with the rejected records as
the exceptions list, and writes an audit row. A file that cannot be read changes nothing
for that issuer; other issuers still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from marketplace.audit.log import record as audit
from marketplace.core import bulk
from marketplace.providers_and_drugs import versioning
from marketplace.providers_and_drugs.geo import zip_centroid
from marketplace.providers_and_drugs.models import (
    DATA_MODELS,
    Drug,
    DrugWord,
    FileImport,
    FormularyEntry,
    ImportException,
    NetworkEntry,
    NetworkPlan,
    Provider,
    ProviderAddress,
    ProviderSpecialty,
    ProviderWord,
)
from marketplace.providers_and_drugs.qhp_files import (
    Bundle,
    FilesUnreadable,
    IssuerData,
    find_issuer_directories,
    read_issuer_directory,
)
from marketplace.providers_and_drugs.words import plain, words_of

BATCH = 2000


@dataclass
class ImportResult:
    """What one issuer directory gave: imports written, or why nothing was."""

    directory: Path
    imports: list[FileImport] = field(default_factory=list)
    refused: str = ""
    skipped_years: list[tuple[str, int]] = field(default_factory=list)  # (issuer, year)


def import_directory(root: Path, year: int | None = None, actor_label: str = "system"):
    """Import every issuer directory under `root` (or `root` itself); one result each."""
    directories = find_issuer_directories(root)
    if not directories:
        raise FilesUnreadable(f"{root} has no index.json or cms-data-index.json")
    results = [import_issuer_directory(d, year, actor_label) for d in directories]
    if any(result.imports for result in results):
        bulk.refresh_statistics(DATA_MODELS)
    return results


def import_issuer_directory(directory: Path, year: int | None, actor_label: str) -> ImportResult:
    result = ImportResult(directory=Path(directory))
    try:
        bundle = read_issuer_directory(directory, default_years=(year,) if year else ())
    except FilesUnreadable as exc:
        result.refused = str(exc)
        return result
    for issuer_id in sorted(bundle.issuers):
        data = bundle.issuers[issuer_id]
        offered = data.years()
        wanted = {year} if year else offered
        result.skipped_years += [(issuer_id, y) for y in sorted(wanted - offered)]
        years = sorted(wanted & offered)
        if years:
            result.imports += _replace_issuer(bundle, data, years, actor_label)
    versioning.invalidate()
    return result


@transaction.atomic
def _replace_issuer(bundle: Bundle, data: IssuerData, years: list[int], actor_label: str):
    written = []
    for year in years:
        started = timezone.now()
        old = list(
            FileImport.objects.select_for_update()
            .filter(issuer_id=data.issuer_id, year=year, is_current=True)
            .values_list("id", flat=True)
        )
        for model in DATA_MODELS:
            model.objects.filter(file_import_id__in=old).delete()
        FileImport.objects.filter(id__in=old).update(is_current=False)
        file_import = FileImport.objects.create(
            issuer_id=data.issuer_id,
            year=year,
            source=str(bundle.directory)[:500],
            files=bundle.files,
            started_at=started,
        )
        counts = {
            "plans": _write_plans(file_import, data),
            **_write_providers(file_import, data),
            **_write_drugs(file_import, data),
            "exceptions": _write_exceptions(file_import, data.rejected + bundle.unattributed),
            "plans_without_network": _mark_plans_with_data(file_import),
            "replaced_imports": len(old),
        }
        file_import.counts = counts
        file_import.finished_at = timezone.now()
        file_import.save(update_fields=["counts", "finished_at"])
        audit(
            "providers_and_drugs.files_imported",
            actor_label=actor_label,
            obj=file_import,
            issuer=data.issuer_id,
            year=year,
            counts=counts,
        )
        written.append(file_import)
    return written


def _write_plans(file_import: FileImport, data: IssuerData) -> int:
    year = file_import.year
    rows = [
        NetworkPlan(
            file_import=file_import,
            year=year,
            issuer_id=data.issuer_id,
            plan_id=plan.plan_id,
            marketing_name=plan.marketing_name,
            summary_url=plan.summary_url,
            formulary_url=plan.formulary_url,
            plan_contact=plan.plan_contact,
            network_tiers=list(plan.network_tiers),
            formulary=plan.formulary,
        )
        for plan in data.plans.values()
        if year in plan.years
    ]
    NetworkPlan.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _write_providers(file_import: FileImport, data: IssuerData) -> dict[str, int]:
    year, fi = file_import.year, file_import
    chosen = []
    for record in data.providers:
        links = [link for link in record.links if year in link.years]
        if links:
            chosen.append((record, links))
    providers = Provider.objects.bulk_create(
        [
            Provider(
                file_import=fi,
                year=year,
                issuer_id=data.issuer_id,
                npi=r.npi,
                kind=r.kind,
                name=r.name[:300],
                sort_name=plain(r.sort_name)[:300],
                specialties=list(r.specialties),
                facility_types=list(r.facility_types),
                languages=list(r.languages),
                accepting=r.accepting,
                gender=r.gender,
                last_updated_on=r.last_updated_on,
            )
            for r, _ in chosen
        ],
        batch_size=BATCH,
    )
    children: dict = {
        ProviderAddress: [],
        ProviderWord: [],
        ProviderSpecialty: [],
        NetworkEntry: [],
    }
    for provider, (record, links) in zip(providers, chosen, strict=True):
        for model, rows in _provider_children(provider.pk, record, links, fi.pk, year).items():
            children[model] += rows
    for model, rows in children.items():
        _insert(model, COLUMNS[model], rows)
    return {
        "providers": len(providers),
        "addresses": len(children[ProviderAddress]),
        "network_entries": len(children[NetworkEntry]),
    }


#: The columns of the rows `_insert` writes, by model.
COLUMNS = {
    ProviderAddress: (
        "provider",
        "file_import",
        "year",
        "npi",
        "kind",
        "street",
        "street_2",
        "city",
        "state",
        "zipcode",
        "phone",
        "latitude",
        "longitude",
    ),
    ProviderWord: ("provider", "file_import", "year", "word"),
    ProviderSpecialty: ("provider", "file_import", "year", "key", "label"),
    NetworkEntry: ("provider", "file_import", "year", "npi", "plan_id", "network_tier"),
    DrugWord: ("drug", "file_import", "year", "word"),
    FormularyEntry: (
        "drug",
        "file_import",
        "year",
        "rxcui",
        "plan_id",
        "drug_tier",
        "prior_authorization",
        "step_therapy",
        "quantity_limit",
    ),
}


def _provider_children(provider_id: int, record, links, import_id: int, year: int) -> dict:
    """The rows (in COLUMNS order) that hang off one provider: addresses (placed at their
    zip's centroid), name words, specialties and facility types, and network entries."""
    key = (provider_id, import_id, year)
    addresses = []
    for a in record.addresses:
        lat, lon = zip_centroid(a.zipcode) or (None, None)
        place = (a.street, a.street_2, a.city, a.state, a.zipcode, a.phone, lat, lon)
        addresses.append((*key, record.npi, record.kind, *place))
    return {
        ProviderAddress: addresses,
        ProviderWord: [(*key, w) for w in words_of(record.name_words)],
        ProviderSpecialty: [
            (*key, plain(label)[:100], label)
            for label in dict.fromkeys(record.specialties + record.facility_types)
        ],
        NetworkEntry: [(*key, record.npi, link.plan_id, link.network_tier[:60]) for link in links],
    }


def _insert(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain INSERTs in batches: no model object for each of the many small rows."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - our names
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _write_drugs(file_import: FileImport, data: IssuerData) -> dict[str, int]:
    year, fi = file_import.year, file_import
    chosen = []
    for record in data.drugs:
        links = [link for link in record.links if year in link.years]
        if links:
            chosen.append((record, links))
    drugs = Drug.objects.bulk_create(
        [
            Drug(file_import=fi, year=year, issuer_id=data.issuer_id, rxcui=r.rxcui, name=r.name)
            for r, _ in chosen
        ],
        batch_size=BATCH,
    )
    words, entries = [], []
    for drug, (record, links) in zip(drugs, chosen, strict=True):
        key = (drug.pk, fi.pk, year)
        words += [(*key, w) for w in words_of(record.name)]
        entries += [
            (
                *key,
                record.rxcui,
                link.plan_id,
                link.drug_tier[:60],
                link.prior_authorization,
                link.step_therapy,
                link.quantity_limit,
            )
            for link in links
        ]
    _insert(DrugWord, COLUMNS[DrugWord], words)
    _insert(FormularyEntry, COLUMNS[FormularyEntry], entries)
    return {"drugs": len(drugs), "formulary_entries": len(entries)}


def _mark_plans_with_data(file_import: FileImport) -> int:
    """Flag the plans that providers.json and drugs.json name; returns how many plans have
    no provider at all (worth a look: their network will read "no data")."""
    plans = NetworkPlan.objects.filter(file_import=file_import)
    networks = NetworkEntry.objects.filter(file_import=file_import).values("plan_id")
    formularies = FormularyEntry.objects.filter(file_import=file_import).values("plan_id")
    plans.filter(plan_id__in=networks).update(has_network_data=True)
    plans.filter(plan_id__in=formularies).update(has_formulary_data=True)
    return plans.filter(has_network_data=False).count()


def _write_exceptions(file_import: FileImport, rejected) -> int:
    ImportException.objects.bulk_create(
        [
            ImportException(
                file_import=file_import,
                file_name=r.file_name[:200],
                record_number=r.record_number,
                identifier=r.identifier[:100],
                reason=r.reason,
            )
            for r in rejected
        ],
        batch_size=BATCH,
    )
    return len(rejected)
