"""A stored determination keeps the law values it used that are not confirmed from primary
text (ADR 0103), so a notice, an appeal or a caseworker can see what the decision rested on
without re-running today's rules. Each distinct list is kept once (`LawValuesUsed`,
ADR 0818) and the determination names it: the record read back is the same."""

from __future__ import annotations

import dataclasses
import importlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from aca_rules import determination_to_dict, determine, parse_household
from marketplace.applications import actions, batch, rules_input, seeding
from marketplace.applications import determine as determining
from marketplace.catalog.pricing import catalog
from marketplace.determinations import law_values
from marketplace.determinations.law_values import LawValuesUsed
from marketplace.determinations.models import Determination
from tests.applications.conftest import garcias

KEY = "unconfirmed_values"


def _engine(data: dict) -> dict:
    """The engine's whole output for rules input `data` (`marketplace estimate`'s shape)."""
    return determination_to_dict(determine(parse_household(data), catalog))


def test_the_garcias_determination_stores_its_unconfirmed_values(filled, maria):
    submitted = actions.submit_application(filled, maria, None)
    determination = Determination.objects.get(pk=submitted.pk)
    stored = determination.unconfirmed_values
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
    # Kept once, apart from the result; the whole record is the engine's output.
    assert KEY not in determination.result
    assert determination.full_result == {**determination.result, KEY: stored}
    assert determination.full_result == _engine(determination.input_snapshot)


def test_equal_lists_share_one_row_and_different_lists_have_their_own(filled, maria):
    first = actions.submit_application(filled, maria, None)
    again = determining.determine_and_store(first.application)
    assert again.law_values_id == first.law_values_id
    assert LawValuesUsed.objects.count() == 1
    row = LawValuesUsed.objects.get()
    assert row.digest == law_values.digest(row.values)
    assert row.values == first.unconfirmed_values
    other = Determination.objects.create(
        application=first.application,
        rules_version=first.rules_version,
        input_snapshot=first.input_snapshot,
        result={**first.result, KEY: first.unconfirmed_values[1:]},
    )
    assert other.law_values_id != first.law_values_id
    assert LawValuesUsed.objects.count() == 2
    assert Determination.objects.get(pk=other.pk).unconfirmed_values == first.unconfirmed_values[1:]


def test_a_result_without_the_list_names_no_row(filled):
    made = Determination.objects.create(
        application=filled, rules_version="v", input_snapshot={}, result={"year": 2026}
    )
    stored = Determination.objects.get(pk=made.pk)
    assert stored.law_values_id is None and stored.unconfirmed_values is None
    assert stored.full_result == {"year": 2026}


def _immigrant() -> seeding.HouseholdSpec:
    spec = garcias()
    jose = dataclasses.replace(spec.people[1], citizen=False, immigration_status="lpr_5")
    return dataclasses.replace(spec, people=[spec.people[0], jose, *spec.people[2:]])


def test_a_batch_stores_each_distinct_list_once(filled, maria):
    single = actions.submit_application(filled, maria, None)
    households = [("a@example.org", garcias()), ("b@example.org", garcias())]
    households.append(("c@example.org", _immigrant()))
    submitted, refused = batch.submit_households(households)
    assert not refused
    a, b, c = (Determination.objects.get(pk=s.determination.pk) for s in submitted)
    assert a.law_values_id == b.law_values_id == single.law_values_id
    assert c.law_values_id not in (None, a.law_values_id)
    assert LawValuesUsed.objects.count() == 2
    assert a.full_result == Determination.objects.get(pk=single.pk).full_result
    assert c.full_result == _engine(c.input_snapshot)


def test_rows_seen_committed_cost_no_statement(
    filled, django_capture_on_commit_callbacks, django_assert_num_queries
):
    now = timezone.now()
    data = determining.decision(filled, rules_input.build(filled, now.date()), now)
    row = data["law_values"]
    # The engine's values for an equal list: the same row, not encoded again.
    assert determining.decision(filled, data["input_snapshot"], now)["law_values"] is row
    with django_capture_on_commit_callbacks(execute=True):
        law_values.ensure([row])
    with django_assert_num_queries(0):
        law_values.ensure([row])
    law_values.forget()
    with django_assert_num_queries(1):
        law_values.ensure([row])


def _migration():
    return importlib.import_module("marketplace.determinations.migrations.0010_move_law_values")


class _Editor:
    """What the data migration's functions use of a schema editor."""

    connection = connection

    def execute(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_the_migration_moves_the_lists_out_and_back(filled, maria):
    single = actions.submit_application(filled, maria, None)
    batch.submit_households([("a@example.org", garcias()), ("c@example.org", _immigrant())])
    before = {d.pk: (d.law_values_id, d.full_result) for d in Determination.objects.all()}
    state = MigrationExecutor(connection).loader.project_state(
        ("determinations", "0010_move_law_values")
    )
    historical = state.apps.get_model("determinations", "Determination")
    _migration().backward(state.apps, _Editor())
    rows = dict(historical.objects.values_list("pk", "result"))
    assert set(rows) == set(before)
    assert not historical.objects.filter(law_values__isnull=False).exists()
    assert {pk: result for pk, result in rows.items()} == {pk: b[1] for pk, b in before.items()}
    LawValuesUsed.objects.all().delete()  # a state before the table: the lists in the rows
    _migration().forward(state.apps, _Editor())
    after = {d.pk: (d.law_values_id, d.full_result) for d in Determination.objects.all()}
    assert after == before
    assert LawValuesUsed.objects.count() == 2
    assert KEY not in Determination.objects.get(pk=single.pk).result
