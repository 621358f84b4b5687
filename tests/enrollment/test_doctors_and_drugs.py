"""Choosing a plan after the determination: Sam Okafor (tests/enrollment/conftest.py) asks
"Is my doctor covered?", adds a Boston family doctor and metformin on /find/, and comes
back to his plan list, marked and filtered by them (marketplace.providers_and_drugs)."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from marketplace.providers_and_drugs.models import NetworkEntry
from marketplace.providers_and_drugs.search import ProviderQuery, search_providers

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam_client(client, okafor):
    client.force_login(okafor[0])
    return client


def _plans_url(determination) -> str:
    return reverse("enrollment:plans", args=[determination.public_id])


def _rows(text: str) -> dict[str, list[str]]:
    """{plan id: [coverage of each mark]} of the plan table."""
    rows = {}
    for chunk in text.split('<tr data-plan="')[1:]:
        plan_id, body = chunk.split('"', 1)
        rows[plan_id] = re.findall(r'data-coverage="(\w+)"', body.split("</tr>")[0])
    return rows


def _doctor_near_boston() -> str:
    found = search_providers(
        ProviderQuery(year=2026, specialty="Family Medicine", zipcode="02108", limit=1)
    )
    return found.results[0].npi


def test_sam_marks_and_filters_his_plans_by_his_doctor_and_drug(sam_client, okafor):
    _, determination = okafor
    plans = sam_client.get(_plans_url(determination)).content.decode()
    assert "Is my doctor covered?" in plans
    find = next(
        html.unescape(h) for h in re.findall(r'href="([^"]+)"', plans) if h.startswith("/find/?")
    )
    sam_client.get(find)
    npi = _doctor_near_boston()
    sam_client.post("/find/", {"action": "add_provider", "key": npi})
    sam_client.post("/find/", {"action": "add_drug", "key": "861007"})
    back = re.search(
        r'<a class="usa-button" href="([^"]+)">See plans', sam_client.get("/find/").content.decode()
    )
    assert html.unescape(back.group(1)) == _plans_url(determination)

    rows = _rows(sam_client.get(_plans_url(determination)).content.decode())

    assert rows and all(len(marks) == 2 for marks in rows.values())
    for plan_id, marks in rows.items():
        in_network = NetworkEntry.objects.filter(npi=npi, plan_id=plan_id, year=2026).exists()
        assert marks[0] == ("Covered" if in_network else "NotCovered")
    covering = {pid for pid, marks in rows.items() if marks == ["Covered", "Covered"]}
    filtered = _rows(sam_client.get(_plans_url(determination) + "?covered=1").content.decode())
    assert filtered and all(marks == ["Covered", "Covered"] for marks in filtered.values())
    assert covering <= set(filtered)  # the unfiltered table shows the first 60 plans only
