"""A renewal run starts by refreshing the planner's statistics of the tables it reads
(renewals/run.py READ_TABLES, core/bulk.refresh_statistics): right after a state's
households were seeded they describe empty tables, and PostgreSQL then planned a batch's
reads with parallel scans (docs/adr/0814). It refreshes them again each time the count of
households it renewed doubles (core/planner_stats.py, ADR 0828): the statistics taken at the
start know no policy of the new year, and PostgreSQL then found a batch's own new-year
policies by reading every new-year policy written so far."""

from __future__ import annotations

import pytest

from marketplace.enrollment.models import Enrollment
from marketplace.renewals import run
from tests.planner_support import rows_the_planner_knows
from tests.renewals.conftest import by_name, enrolled, single

pytestmark = pytest.mark.django_db


def test_the_run_refreshes_the_statistics_of_the_policies_it_reads():
    for name in ("Ana", "Ben", "Cal"):
        enrolled(single(name, 30, 30000), by_name("Standard Silver"))
    table = Enrollment._meta.db_table
    assert rows_the_planner_knows(table) != 3

    run.run(2026, 2027)

    assert Enrollment.objects.count() == 6  # the next year's three written after the refresh
    assert rows_the_planner_knows(table) == 3


def test_the_run_refreshes_them_again_as_it_grows_the_tables():
    for name in ("Ana", "Ben", "Cal", "Dee", "Eve"):
        enrolled(single(name, 30, 30000), by_name("Standard Silver"))

    run.run(2026, 2027, batch=1)

    # One household a batch: refreshed when 1, 2 and 4 were renewed (the next at 8), so
    # the statistics count the five policies of 2026 and the four of 2027 written by then.
    assert Enrollment.objects.count() == 10
    assert rows_the_planner_knows(Enrollment._meta.db_table) == 9
