"""The alerting rules (docs/runbooks/prometheus-alerts.yml): every marketplace metric they
name is one /metrics exports, and every alert points at a section of the runbook."""

import re
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.operations.metrics_support import TOKEN

pytestmark = pytest.mark.django_db
RUNBOOKS = Path(__file__).resolve().parents[2] / "docs" / "runbooks"
SUFFIXES = ("_total", "_bucket", "_count", "_sum", "_created")


@pytest.fixture(autouse=True)
def _token(settings):
    settings.MARKETPLACE_METRICS_TOKEN = TOKEN


def rules() -> list[dict]:
    document = yaml.safe_load((RUNBOOKS / "prometheus-alerts.yml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def exported(client) -> set[str]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    return {family.name for family in text_string_to_metric_families(response.content.decode())}


def family_of(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def test_every_metric_an_alert_names_is_exported(client):
    families = exported(client)
    named = set()
    for rule in rules():
        named |= {family_of(n) for n in re.findall(r"\bmarketplace_[a-z0-9_]+", rule["expr"])}
    assert named, "no marketplace metric in the rules"
    assert named <= families, sorted(named - families)


def test_every_alert_has_a_runbook_section_and_a_severity():
    headings = {
        line[3:].strip()
        for line in (RUNBOOKS / "operations-alerts.md").read_text().splitlines()
        if line.startswith("## ")
    }
    names = [rule["alert"] for rule in rules()]
    assert len(names) == len(set(names))
    for rule in rules():
        assert rule["annotations"]["runbook"] in headings, rule["alert"]
        assert rule["labels"]["severity"] in ("page", "ticket"), rule["alert"]
