"""The renewal run's report by county and insurer (`renew --report FILE`): how many
households of each county and each old plan's insurer a run renewed in the same plan, moved
by the crosswalk, left to choose, found no longer eligible, referred to Medicaid/CHIP, found
already chosen or could not renew; how many lost the premium tax credit or the cost-sharing
reductions; and how many had someone left out of the new year's plan (ADR 1012). With
`--dry-run` it is the rehearsal officials plan from before the real run (where to send the
call centre, what each insurer will receive); after the real run, what happened. One CSV row
a county and insurer, then the state's totals.

The run counts each renewal under ("by", county FIPS, issuer HIOS id, counter) in the same
Counter as its outcome (run.py `_counted`), so the workers' counts add up as the outcomes do.
"""

from __future__ import annotations

import csv
from collections import Counter
from typing import TextIO

from marketplace.catalog.geography import county_names
from marketplace.catalog.models import Issuer
from marketplace.core.csv_cells import text_cell
from marketplace.renewals.models import Outcome

#: The counters of a row, in the order of the command's own report.
COUNTERS = (*Outcome.values, "failed", "aptc_lost", "aptc_lost_ftr", "csr_lost", "left_out")
COLUMNS = ("county_fips", "county", "issuer_hios_id", "issuer", *COUNTERS, "households")
HOUSEHOLD_COUNTERS = (*Outcome.values, "failed")


def _by_place(outcomes: Counter) -> dict[tuple[str, str], Counter]:
    places: dict[tuple[str, str], Counter] = {}
    for key, count in outcomes.items():
        if isinstance(key, tuple) and key[0] == "by":
            _, county, issuer, counter = key
            places.setdefault((county, issuer), Counter())[counter] += count
    return places


def rows(outcomes: Counter) -> list[tuple]:
    """One row a county and insurer (by county name, then insurer name), then the totals."""
    places = _by_place(outcomes)
    counties = county_names({county for county, _ in places})
    issuers = dict(
        Issuer.objects.filter(hios_id__in={issuer for _, issuer in places}).values_list(
            "hios_id", "name"
        )
    )
    ordered = sorted(
        places,
        key=lambda place: (counties.get(place[0], place[0]), issuers.get(place[1], place[1])),
    )
    out = [
        (
            county,
            counties.get(county, ""),
            issuer,
            issuers.get(issuer, ""),
            *_counts(places[(county, issuer)]),
        )
        for county, issuer in ordered
    ]
    total: Counter = Counter()
    for counts in places.values():
        total.update(counts)
    return [*out, ("", "All counties", "", "All insurers", *_counts(total))]


def _counts(counts: Counter) -> tuple[int, ...]:
    return (
        *(counts.get(counter, 0) for counter in COUNTERS),
        sum(counts.get(counter, 0) for counter in HOUSEHOLD_COUNTERS),
    )


def write(out: TextIO, outcomes: Counter) -> int:
    """Write the report as CSV to `out`; returns the rows written (the totals included)."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    found = rows(outcomes)
    for row in found:
        writer.writerow([text_cell(cell) for cell in row])
    return len(found)
