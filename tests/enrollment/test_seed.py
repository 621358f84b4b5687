"""`seed-households N --enroll` enrolls through the real actions; the 834s it queues are valid."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.edi import export
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment.models import Enrollment
from marketplace.enrollment.seeding import enroll_household
from x12.validate import validate_834

pytestmark = pytest.mark.django_db


def test_enroll_household_checks_out_the_garcias(garcia):
    _, determination = garcia
    enrollment = enroll_household(determination.application, determination, random.Random(1))
    assert enrollment is not None and enrollment.members.count() == 2


def test_seed_households_enroll_queues_valid_834s(tmp_path):
    out = StringIO()
    call_command("seed-households", "5", "--enroll", "--seed", "21", stdout=out, stderr=StringIO())
    enrolled = Enrollment.objects.count()
    assert f"{enrolled} enrolled in a plan" in out.getvalue() and enrolled >= 3
    assert OutboundTransaction.objects.filter(kind="addition").count() == enrolled
    result = export.export_pending(tmp_path)  # pyx12 validation on every file
    assert result.transactions == enrolled and not result.rejected
    for path in result.paths:
        assert validate_834(path).ok
