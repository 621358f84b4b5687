"""`marketplace serve` (what `make run` runs) and the demo catalog: an empty catalog gets the
demo; a demo catalog from before a new plan year gets that year; a state's own catalog is
never touched."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.catalog.demo.data import YEARS
from marketplace.catalog.demo.generator import generate
from marketplace.catalog.models import Plan
from marketplace.operations.management.commands.serve import Command
from tests.shopping import support

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    yield tmp_path
    support.remove_catalog()
    support.clear_caches()


def years() -> list[int]:
    return sorted(set(Plan.objects.values_list("year", flat=True)))


def test_a_demo_catalog_without_2027_gets_it_at_the_next_start(var_dir):
    call_command("load-demo", year=[2026], stdout=StringIO(), stderr=StringIO())
    Command(stdout=StringIO(), stderr=StringIO()).load_demo()
    assert years() == list(YEARS) and 2027 in years()


def test_a_states_own_catalog_is_left_alone(var_dir):
    directory = generate(var_dir / "the-states-files", years=(2026,))[2026]
    call_command("import-puf", str(directory), year=2026, stdout=StringIO(), stderr=StringIO())
    Command(stdout=StringIO(), stderr=StringIO()).load_demo()
    assert years() == [2026]
