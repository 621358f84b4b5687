"""What a plan page and a plan card reuse across households (ADR 1702): a plan's filed
cost sharing (read once per plan, worded in each page's language) and its card's plan-only
parts (rendered once per language and plan). Each household still sees its own link and
figures; a catalog import empties both."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalog import versioning
from marketplace.catalog.models import Benefit, CatalogImport
from tests.shopping.support import NGUYENS, SAM, plan_ids, qs

pytestmark = pytest.mark.django_db


def _benefit_reads(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200
    table = f'FROM "{Benefit._meta.db_table}"'
    reads = [q for q in queries.captured_queries if table in q["sql"]]
    return answer.content.decode(), len(reads)


def test_a_plans_benefits_are_read_once_and_worded_in_each_language(client, spanish):
    versioning.invalidate()  # nothing read by the tests before
    plan = plan_ids(client.get("/shop/plans/?" + qs(SAM)).content.decode())[0]
    url = f"/shop/plans/{plan}/?" + qs(SAM)
    first, reads = _benefit_reads(client, url)
    again, reads_again = _benefit_reads(client, f"/shop/plans/{plan}/?" + qs(SAM, income="31000"))
    rows = re.findall(r'data-benefit="[^"]+"', first)
    assert reads == 1 and reads_again == 0 and rows == re.findall(r'data-benefit="[^"]+"', again)
    spanish_page, reads_es = _benefit_reads(spanish, url)
    assert reads_es == 0 and 'lang="es"' in spanish_page


def test_cards_keep_each_households_link_and_figures(client):
    sam = client.get("/shop/plans/?" + qs(SAM)).content.decode()
    nguyens = client.get("/shop/plans/?" + qs(NGUYENS)).content.decode()
    for html, household in ((sam, SAM), (nguyens, NGUYENS)):
        links = re.findall(r'<h3 class="usa-card__heading mp-plan__name"><a href="([^"]+)"', html)
        assert links and all(link.endswith(qs(household).replace("&", "&amp;")) for link in links)
    assert re.findall(r'data-figure="premium_after_credit">([^<]+)<', sam) != re.findall(
        r'data-figure="premium_after_credit">([^<]+)<', nguyens
    )


def test_a_catalog_import_reads_the_benefits_again(client, monkeypatch):
    plan = plan_ids(client.get("/shop/plans/?" + qs(SAM)).content.decode())[0]
    url = f"/shop/plans/{plan}/?" + qs(SAM)
    _benefit_reads(client, url)
    monkeypatch.setattr(versioning, "CHECK_SECONDS", 0)
    now = datetime.now(UTC)
    CatalogImport.objects.create(
        year=2026, states=["MA"], source="a later import", started_at=now, finished_at=now
    )
    _html, reads = _benefit_reads(client, url)
    assert reads == 1
