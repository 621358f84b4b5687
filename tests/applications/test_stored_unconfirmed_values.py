"""A stored determination keeps the law values it used that are not confirmed from primary
text (ADR 0103), so a notice, an appeal or a caseworker can see what the decision rested on
without re-running today's rules."""

from __future__ import annotations

from marketplace.applications import actions


def test_the_garcias_determination_stores_its_unconfirmed_values(filled, maria):
    determination = actions.submit_application(filled, maria, None)
    stored = determination.result["unconfirmed_values"]
    by_parameter = {item["parameter"]: item for item in stored}
    # Massachusetts' Medicaid/CHIP limits come from a secondary copy (PolicyEngine).
    medicaid = by_parameter["medicaid_adult_income_limit"]
    assert medicaid["state"] == "MA" and medicaid["how_read"] == "secondary"
    assert medicaid["sources"][0]["read_on"] == "2026-11-27"
    # ConnectorCare's operational plan types for 2026 were read only in a secondary copy.
    plan_types = by_parameter["ma_connectorcare_plan_types"]
    assert plan_types["how_read"] == "secondary" and plan_types["because"][0] == "secondary"
    assert all(item["how_read"] != "not recorded" for item in stored)
    # Values read in the statute and reviewed for the year are not listed.
    assert "income_lower_limit_fpl_percent" not in by_parameter
    assert determination.result["rules_version"] == determination.rules_version
