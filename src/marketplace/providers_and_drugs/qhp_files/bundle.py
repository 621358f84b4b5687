"""One issuer's files: index.json (or cms-data-index.json), then plans, providers, drugs.

The index lists the files by URL (`plan_urls`, `provider_urls`, `formulary_urls`); we read
files already downloaded next to the index, by the last part of each URL's path (fetching
the URLs is the operator's job: docs/howto/load-provider-and-drug-files.md).

A file that cannot be read stops the issuer's import (FilesUnreadable). A record that
cannot load becomes a `Rejected` with its reason, and the rest loads. A provider's or a
drug's link to a plan must name a plan of plans.json; a provider's network tier must be
one the plan lists ("Must match a network tier defined in the corresponding plan record").
Links without `years` take the plan's years.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from marketplace.providers_and_drugs.qhp_files import records, values
from marketplace.providers_and_drugs.qhp_files.records import (
    DrugRecord,
    PlanRecord,
    ProviderRecord,
    Rejected,
)
from marketplace.providers_and_drugs.qhp_files.values import FilesUnreadable, RecordInvalid

INDEX_NAMES = ("index.json", "cms-data-index.json")
INDEX_LISTS = {"plan_urls": 1, "provider_urls": 1, "formulary_urls": 0}  # list -> minimum
PLAN_ID_IN_TEXT = re.compile(r"\b(\d{5})[A-Z]{2}\d{7}\b")
MAX_LINK_PROBLEMS_SHOWN = 3


@dataclass
class IssuerData:
    """What loads for one issuer (5-digit HIOS id), and what does not."""

    issuer_id: str
    plans: dict[str, PlanRecord] = field(default_factory=dict)
    providers: list[ProviderRecord] = field(default_factory=list)
    drugs: list[DrugRecord] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def years(self) -> set[int]:
        return {year for plan in self.plans.values() for year in plan.years}


@dataclass
class Bundle:
    directory: Path
    files: dict[str, str]  # file name -> sha256
    issuers: dict[str, IssuerData]
    unattributed: list[Rejected]  # rejected records that name no plan of a known issuer


def find_issuer_directories(root: Path) -> list[Path]:
    """`root` itself when it holds an index, else each sub-directory that holds one."""
    root = Path(root)
    if any((root / name).is_file() for name in INDEX_NAMES):
        return [root]
    return sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and any((path / name).is_file() for name in INDEX_NAMES)
    )


def read_issuer_directory(directory: Path, default_years: tuple[int, ...] = ()) -> Bundle:
    """Read and check every file the directory's index lists. `default_years` stands for
    a plan's missing `years` (the 2015 schema had none)."""
    directory = Path(directory)
    listed = _read_index(directory)
    files: dict[str, str] = {}
    arrays = {kind: [(p.name, _read_array(p, files)) for p in paths] for kind, paths in listed}
    bundle = Bundle(directory=directory, files=files, issuers={}, unattributed=[])
    _read_plans(bundle, arrays["plan_urls"], default_years)
    _read_providers(bundle, arrays["provider_urls"])
    _read_drugs(bundle, arrays["formulary_urls"])
    return bundle


def _read_index(directory: Path) -> list[tuple[str, list[Path]]]:
    index = next((directory / n for n in INDEX_NAMES if (directory / n).is_file()), None)
    if index is None:
        raise FilesUnreadable(f"{directory} has no {' or '.join(INDEX_NAMES)}")
    data = _load_json(index)
    if not isinstance(data, dict):
        raise FilesUnreadable(f"{index.name} must hold a JSON object")
    listed = []
    for key, minimum in INDEX_LISTS.items():
        urls = data.get(key) or []
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            raise FilesUnreadable(f"{index.name}: {key} must be a list of URLs")
        if len(urls) < minimum:
            raise FilesUnreadable(f"{index.name}: {key} lists no file")
        paths = []
        for url in urls:
            name = PurePosixPath(urlparse(url).path).name
            path = directory / name
            if not name or not path.is_file():
                raise FilesUnreadable(
                    f"{name or url} (listed in {index.name}) is not in {directory}"
                )
            paths.append(path)
        listed.append((key, paths))
    return listed


def _load_json(path: Path):
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except json.JSONDecodeError as exc:
        raise FilesUnreadable(f"{path.name} is not valid JSON (line {exc.lineno})") from None
    except UnicodeDecodeError:
        raise FilesUnreadable(f"{path.name} is not UTF-8 text") from None


def _read_array(path: Path, files: dict[str, str]) -> list:
    files[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    data = _load_json(path)
    if not isinstance(data, list):
        raise FilesUnreadable(f"{path.name} must hold a JSON array of records")
    return data


def _issuer(bundle: Bundle, issuer_id: str) -> IssuerData:
    return bundle.issuers.setdefault(issuer_id, IssuerData(issuer_id))


def _numbered(arrays) -> Iterable[tuple[str, int, object]]:
    for file_name, items in arrays:
        for number, item in enumerate(items, start=1):
            yield file_name, number, item


def _reject(bundle: Bundle, file_name, number, item, identifier_field, reason) -> None:
    """File the rejection under every issuer whose plans the raw record names, or as
    unattributed when it names none we know."""
    identifier = ""
    if isinstance(item, dict) and isinstance(item.get(identifier_field), str | int):
        identifier = str(item[identifier_field])[:100]
    rejected = Rejected(file_name, number, identifier, reason)
    issuers = {m for m in PLAN_ID_IN_TEXT.findall(json.dumps(item)) if m in bundle.issuers}
    for issuer_id in sorted(issuers):
        bundle.issuers[issuer_id].rejected.append(rejected)
    if not issuers:
        bundle.unattributed.append(rejected)


def _read_plans(bundle: Bundle, arrays, default_years) -> None:
    seen: set[str] = set()
    for file_name, number, item in _numbered(arrays):
        try:
            if not isinstance(item, dict):
                raise RecordInvalid("the record is not a JSON object")
            plan = records.plan_record(item, default_years)
            if plan.plan_id in seen:
                raise RecordInvalid(f"plan {plan.plan_id} appears more than once; the first loaded")
        except RecordInvalid as exc:
            bundle.unattributed.append(
                Rejected(file_name, number, str(_field(item, "plan_id"))[:100], str(exc))
            )
            continue
        seen.add(plan.plan_id)
        _issuer(bundle, plan.issuer_id).plans[plan.plan_id] = plan


def _field(item, name):
    return item.get(name, "") if isinstance(item, dict) else ""


def _all_plans(bundle: Bundle) -> dict[str, PlanRecord]:
    return {pid: plan for data in bundle.issuers.values() for pid, plan in data.plans.items()}


def _read_providers(bundle: Bundle, arrays) -> None:
    plans = _all_plans(bundle)
    seen: set[str] = set()
    for file_name, number, item in _numbered(arrays):
        try:
            if not isinstance(item, dict):
                raise RecordInvalid("the record is not a JSON object")
            provider = records.provider_record(item)
            if provider.npi in seen:
                raise RecordInvalid(f"npi {provider.npi} appears more than once; the first loaded")
            links, problems = _links(item, records.network_link, plans, _network_tier_problem)
        except RecordInvalid as exc:
            _reject(bundle, file_name, number, item, "npi", str(exc))
            continue
        seen.add(provider.npi)
        _file_links(bundle, replace(provider, links=links), links, "providers")
        if problems:
            _reject(bundle, file_name, number, item, "npi", _partial(problems))


def _read_drugs(bundle: Bundle, arrays) -> None:
    plans = _all_plans(bundle)
    seen: set[str] = set()
    for file_name, number, item in _numbered(arrays):
        try:
            if not isinstance(item, dict):
                raise RecordInvalid("the record is not a JSON object")
            drug = records.drug_record(item)
            if drug.rxcui in seen:
                raise RecordInvalid(
                    f"rxnorm_id {drug.rxcui} appears more than once; the first loaded"
                )
            links, problems = _links(item, records.drug_link, plans, None)
        except RecordInvalid as exc:
            _reject(bundle, file_name, number, item, "rxnorm_id", str(exc))
            continue
        seen.add(drug.rxcui)
        _file_links(bundle, replace(drug, links=links), links, "drugs")
        if problems:
            _reject(bundle, file_name, number, item, "rxnorm_id", _partial(problems))


def _network_tier_problem(link, plan: PlanRecord) -> str | None:
    if link.network_tier not in plan.network_tiers:
        return (
            f"network_tier {link.network_tier} is not one plans.json lists for {plan.plan_id} "
            f"({', '.join(plan.network_tiers)})"
        )
    return None


def _links(item: dict, parse: Callable, plans: dict, tier_problem) -> tuple[tuple, list[str]]:
    """The record's valid plan links (years filled in from the plan), and the problems of
    the others. No valid link at all makes the record invalid."""
    entries = values.objects(item.get("plans") or [], "plans")
    if not entries:
        raise RecordInvalid("plans lists no plan")
    links, problems = [], []
    for entry in entries:
        try:
            link = parse(entry)
        except RecordInvalid as exc:
            problems.append(str(exc))
            continue
        plan = plans.get(link.plan_id)
        problem = None
        if plan is None:
            problem = f"plan {link.plan_id} is not in plans.json"
        elif tier_problem is not None:
            problem = tier_problem(link, plan)
        years = tuple(y for y in (link.years or plan.years) if y in plan.years) if plan else ()
        if problem is None and not years:
            problem = f"plan {link.plan_id} is not offered in {', '.join(map(str, link.years))}"
        if problem:
            problems.append(problem)
        else:
            links.append(link if link.years == years else replace(link, years=years))
    if not links:
        raise RecordInvalid("; ".join(problems[:MAX_LINK_PROBLEMS_SHOWN]))
    return tuple(links), problems


def _partial(problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_LINK_PROBLEMS_SHOWN])
    more = len(problems) - MAX_LINK_PROBLEMS_SHOWN
    suffix = f" (and {more} more)" if more > 0 else ""
    return f"loaded without {len(problems)} of its plan links: {shown}{suffix}"


def _file_links(bundle: Bundle, record, links, attribute: str) -> None:
    """Give each issuer the record with only the links to its own plans."""
    by_issuer: dict[str, list] = {}
    for link in links:
        by_issuer.setdefault(link.plan_id[:5], []).append(link)
    for issuer_id, own in by_issuer.items():
        getattr(_issuer(bundle, issuer_id), attribute).append(replace(record, links=tuple(own)))
