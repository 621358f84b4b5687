"""A work queue as a calling list (ADR 1009): its open items, oldest first, as a CSV file
for a call centre's outbound dialer or a supervisor's spreadsheet.

A queue that says how its people are reached (`queues.CallingList`: the renewals queue's
name, telephone, e-mail, language, county, year and last day to choose) offers it on its
page, narrowed as the page is (all, mine, nobody's yet, one county). The queue's own columns
come first, then casework's: when the item came in (the state's date), who has it, and the
address of the page where it is worked. Nothing is copied: the file is the queue at the
moment it is downloaded.

Who may: holders of `accounts.assign_work` (supervisors), who plan outreach and share out the
calls; caseworkers work the queue's pages one household at a time. Every download is an
audit row (who, which queue, which filters, how many rows; no personal data), the response is
never cached (the staff gate), and the filters are in the query string, never a person's data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice

from django.utils import timezone

from marketplace.casework import queues
from marketplace.core import clock
from marketplace.core.csv_cells import text_cell

COMMON_COLUMNS = ("came_in", "assigned_to", "casework_page")
CHUNK = 500  # items read, and their assignments looked up, at a time


def header(each: queues.Queue) -> list[str]:
    return [*each.calling_list.columns, *COMMON_COLUMNS]


def _chunks(items) -> Iterator[list]:
    rows = items.iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


def rows(each: queues.Queue, items, absolute: Callable[[str], str]) -> Iterator[list[str]]:
    """One row per open item of `items` (the queue's, oldest first): its own columns as
    text no spreadsheet evaluates, then when it came in, who has it and its page's address
    (`absolute` makes the page's path a full address)."""
    for chunk in _chunks(items):
        owners = queues.assigned(each, chunk)
        for item, own in zip(chunk, each.calling_list.rows(chunk), strict=True):
            came_in = timezone.localtime(getattr(item, each.opened), clock.zone())
            worker = owners.get(item.pk)
            yield [
                *(text_cell(value) for value in own),
                came_in.date().isoformat(),
                worker.email if worker else "",
                absolute(each.link(item)),
            ]


def file_name(each: queues.Queue, county: str) -> str:
    """calling-list-<queue>[-<county FIPS>]-<the exchange's date>.csv"""
    where = f"-{county}" if county else ""
    return f"calling-list-{each.key}{where}-{clock.today().isoformat()}.csv"
