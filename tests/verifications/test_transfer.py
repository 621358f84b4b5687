"""Medicaid/CHIP account transfer: each referral is exported exactly once."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from marketplace.verifications.models import MedicaidReferral
from marketplace.verifications.transfer import refer_to_medicaid
from tests.verifications.households import garcia_application, user

pytestmark = pytest.mark.django_db


def test_referring_twice_refers_each_member_once():
    application, determination = garcia_application(user())
    refer_to_medicaid(application, determination)
    refer_to_medicaid(application, determination)
    assert sorted(MedicaidReferral.objects.values_list("program", "member_index")) == [
        ("chip", 2),
        ("chip", 3),
    ]


def test_export_writes_each_referral_once(tmp_path, capsys):
    application, determination = garcia_application(user())
    refer_to_medicaid(application, determination)
    call_command("medicaid-transfer-export", "--out", str(tmp_path))
    files = list(tmp_path.glob("medicaid-transfer-*.jsonl"))
    assert len(files) == 1
    records = [json.loads(line) for line in files[0].read_text().splitlines()]
    assert [r["person"]["first_name"] for r in records] == ["Lucia", "Mateo"]
    first = records[0]
    assert first["assessment"]["program"] == "chip"
    assert first["household"]["annual_income"] == 52000
    assert first["household"]["fpl_percent"] == 161
    assert first["application"]["id"] == str(application.public_id)
    assert first["person"]["ssn_last4"] == "0033" and "ssn" not in first["person"]
    assert "123450033" not in files[0].read_text()
    assert "2 referrals written" in capsys.readouterr().out

    call_command("medicaid-transfer-export", "--out", str(tmp_path))
    assert len(list(tmp_path.glob("medicaid-transfer-*.jsonl"))) == 1
    assert "0 referrals waiting" in capsys.readouterr().out
    assert not MedicaidReferral.objects.filter(sent_at__isnull=True).exists()


def test_the_full_ssn_goes_only_when_the_setting_allows(tmp_path, settings):
    settings.MARKETPLACE_TRANSFER_FULL_SSN = True
    application, determination = garcia_application(user())
    refer_to_medicaid(application, determination)
    call_command("medicaid-transfer-export", "--out", str(tmp_path))
    (path,) = tmp_path.glob("*.jsonl")
    assert json.loads(path.read_text().splitlines()[0])["person"]["ssn"] == "123450033"


def test_a_referral_that_cannot_be_written_is_left_out_and_the_others_go(tmp_path, settings):
    """The Garcias' two children and the Okafors' child are referred; Lucia's SSN was
    encrypted with a key since dropped from MARKETPLACE_FIELD_KEY: the transfer file carries
    the other two, and her referral waits on the exceptions list, named by its id only."""
    from marketplace.applications.models import Member
    from marketplace.jobs.models import Source, WorkException

    settings.MARKETPLACE_TRANSFER_FULL_SSN = True
    application, determination = garcia_application(user())
    okafors, okafor_result = garcia_application(
        user("sam@example.org"),
        last_name="Okafor",
        ssns=["223450011", "223450022", "223450033", "223450044"],
    )
    refer_to_medicaid(application, determination)
    refer_to_medicaid(okafors, okafor_result)
    lucia = Member.objects.get(application=application, first_name="Lucia")
    Member.objects.filter(pk=lucia.pk).update(ssn_encrypted="gAAAAAB-a-token-from-an-old-key")
    call_command("medicaid-transfer-export", "--out", str(tmp_path))
    (path,) = tmp_path.glob("*.jsonl")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert sorted((r["person"]["first_name"], r["person"]["last_name"]) for r in records) == [
        ("Lucia", "Okafor"),
        ("Mateo", "Garcia"),
        ("Mateo", "Okafor"),
    ]
    waiting = MedicaidReferral.objects.get(sent_at__isnull=True)
    assert waiting.member_id == lucia.pk
    item = WorkException.objects.get(source=Source.MEDICAID_TRANSFER)
    assert item.reason == "ssn_unreadable" and item.object_id == str(waiting.public_id)
    assert "Put the old key back" in item.message
    assert "Lucia" not in item.message and "Garcia" not in item.message
    call_command("medicaid-transfer-export", "--out", str(tmp_path))  # tried again, once
    assert WorkException.objects.filter(source=Source.MEDICAID_TRANSFER).count() == 1
