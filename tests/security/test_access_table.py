"""Walks every cell of the authorisation table (table.yaml): each role requests each URL and
must get the answer the table gives, and every URL pattern Django resolves has a row."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from tests.security.table import LOGIN, ROLES, TABLE, answer_of, request_row, rows, url_patterns

pytestmark = pytest.mark.django_db


def test_every_url_pattern_has_a_row_and_every_row_a_pattern():
    patterns = url_patterns()
    known = [row.pattern for row in rows()]
    missing = [p for p in patterns if p not in known]
    assert not missing, (
        f"URL patterns without a row in {TABLE}: add one for each (its method, URL and the "
        f"answer of every role; `python -m tests.security.table` prints a start): {missing}"
    )
    stale = [p for p in known if p not in patterns]
    assert not stale, f"rows in {TABLE} for URL patterns that no longer exist: {stale}"
    assert len(known) == len(set(known)), f"a URL pattern has two rows in {TABLE}"


def test_every_role_gets_the_answer_the_table_gives(world):
    """Each cell runs in a savepoint that is rolled back, so a POST by one role changes
    nothing another role sees."""
    wrong = []
    for row in rows():
        url = row.url_for(world.ids)
        for role in ROLES:
            client = Client()
            user = world.users[role]
            if user is not None:
                client.force_login(user)
            with transaction.atomic():
                got = answer_of(request_row(client, row, url))
                transaction.set_rollback(True)
            if got != row.answers[role]:
                wrong.append(f"{row.method} {url} as {role}: {got}, table says {row.answers[role]}")
    assert not wrong, "\n".join(wrong)


def test_the_table_reads_as_documented():
    from tests.security.table import parse_answers

    cells = parse_answers("casework 200, anonymous login")
    assert cells == {
        "anonymous": LOGIN,
        "owner": 404,
        "other_consumer": 404,
        "assister": 404,
        "caseworker": 200,
        "supervisor": 200,
        "administrator": 200,
        "official": 404,
    }
    reports = parse_answers("reports 200")
    assert [role for role, answer in reports.items() if answer == 200] == [
        "supervisor",
        "administrator",
        "official",
    ]
    assert reports["anonymous"] == LOGIN and reports["caseworker"] == 404
    with pytest.raises(ValueError, match="no answer for"):
        parse_answers("owner 200")
