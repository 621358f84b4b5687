"""One bad 834 transaction stops nobody else's: names in any script reach the insurer
transliterated; a transaction with nothing usable (or one the file checks refuse) is held on
the exceptions list with a reason a caseworker can act on, and everyone else's goes out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from marketplace.edi import export, held
from marketplace.edi.jobs import export as export_job
from marketplace.edi.models import EdiException, ExceptionKind, OutboundTransaction
from marketplace.enrollment import actions
from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from tests.edi.held_support import household
from tests.enrollment.conftest import enroll
from x12 import read_834

pytestmark = pytest.mark.django_db


def _sent(tmp_path) -> dict[str, list]:
    out = {}
    for path in sorted(tmp_path.rglob("*.T")):
        for txn in read_834(path).transactions:
            out.setdefault(txn.policy_id, []).append(txn)
    return out


def test_a_cyrillic_name_reaches_the_insurer_transliterated_and_is_kept_as_entered(
    garcia, tmp_path
):
    petrov = household("ivan@example.org", "Петров", "Иван")
    garcias = enroll(*garcia)
    result = export.export_pending(tmp_path)
    assert (result.transactions, result.held) == (2, 0)
    sent = _sent(tmp_path)
    [txn] = sent[petrov.policy_id]
    assert (txn.members[0].last_name, txn.members[0].first_name) == ("PETROV", "IVAN")
    assert garcias.policy_id in sent
    member = petrov.members.get()
    assert (member.last_name, member.first_name) == ("Петров", "Иван")  # ours, as entered
    [path] = result.paths
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # names, dates of birth: private
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_a_name_with_nothing_usable_is_held_and_everyone_else_goes_out(garcia, okafor, tmp_path):
    bad = household("nobody@example.org", "\ufeff٣", "\ufeff")
    garcias, okafors = enroll(*garcia), enroll(*okafor)
    result = export.export_pending(tmp_path)
    assert (result.transactions, result.held) == (2, 1)
    sent = _sent(tmp_path)
    assert set(sent) == {garcias.policy_id, okafors.policy_id}
    row = OutboundTransaction.objects.get(enrollment=bad)
    assert row.status == OutboundTransaction.HELD
    item = EdiException.objects.get(outbound=row)
    assert item.kind == ExceptionKind.UNWRITABLE and item.policy_id == bad.policy_id
    member_id = bad.members.get().member_id
    assert item.detail["problems"] == [
        {"member_id": member_id, "field": "last name", "problem": "no_letters", "limit": 0},
        {"member_id": member_id, "field": "first name", "problem": "empty", "limit": 0},
    ]
    assert "Give a spelling for the insurer" in item.message
    assert "٣" not in item.message and "\ufeff" not in item.message


def test_later_834s_of_a_held_enrollment_wait_behind_it_until_a_caseworker_respells(
    garcia, tmp_path
):
    bad = household("nobody@example.org", "٣٣", "Ahmed")
    export.export_pending(tmp_path)
    actions.change_aptc(bad, Decimal("50"), on=date(2026, 2, 10))
    assert export.export_pending(tmp_path).transactions == 0  # the change waits for the 021
    item = EdiException.objects.get(kind=ExceptionKind.UNWRITABLE)
    member_id = bad.members.get().member_id
    with pytest.raises(held.ReleaseRefused):
        held.release(item, actor=None, spellings={member_id: {"last name": "٣"}})
    assert OutboundTransaction.objects.filter(enrollment=bad, status="held").count() == 1
    released = held.release(item, actor=None, spellings={member_id: {"last name": "Salem"}})
    assert released == 2
    result = export.export_pending(tmp_path)
    assert result.transactions == 2
    addition, change = _sent(tmp_path)[bad.policy_id]
    assert (addition.maintenance_type, change.maintenance_type) == ("021", "001")
    assert addition.members[0].last_name == "SALEM"
    item.refresh_from_db()
    assert item.resolved_at is not None
    assert bad.members.get().insurer_last_name == "Salem"
    assert bad.members.get().last_name == "٣٣"  # what the person entered is kept


def test_a_transaction_the_file_checks_refuse_is_found_and_held_alone(garcia, okafor, tmp_path):
    garcias, okafors = enroll(*garcia), enroll(*okafor)
    row = OutboundTransaction.objects.get(enrollment=okafors)
    payload = dict(
        row.payload, extra=[["A CATEGORY NAME FAR TOO LONG FOR THE N1 ELEMENT " * 2, "1"]]
    )
    OutboundTransaction.objects.filter(pk=row.pk).update(payload=payload)
    result = export.export_pending(tmp_path, validation="pyx12")
    assert (result.transactions, result.held, result.rejected) == (1, 1, [])
    assert set(_sent(tmp_path)) == {garcias.policy_id}
    item = EdiException.objects.get(outbound=row)
    assert item.kind == ExceptionKind.REFUSED and item.detail["errors"]


def test_a_stored_transaction_that_no_longer_reads_back_is_held(garcia, okafor, tmp_path):
    enroll(*garcia)
    okafors = enroll(*okafor)
    OutboundTransaction.objects.filter(enrollment=okafors).update(payload={"members": "x"})
    result = export.export_pending(tmp_path)
    assert (result.transactions, result.held) == (1, 1)
    item = EdiException.objects.get(outbound__enrollment=okafors)
    assert "cannot be read back" in item.detail["errors"][0]


def test_the_export_job_succeeds_with_a_planted_bad_record(garcia, settings, tmp_path):
    settings.EDI_DIR = tmp_path / "edi"
    household("nobody@example.org", "\ufeff", "Ivan")
    garcias = enroll(*garcia)
    Job.objects.all().delete()
    export_job({})
    assert OutboundTransaction.objects.get(enrollment=garcias).status == "sent"
    run_pending()
    assert not Job.objects.filter(status__in=["pending", "failed"], kind="edi.export").exists()


def test_carla_gives_a_spelling_for_the_insurer_on_the_exception_page(client, tmp_path):
    from tests.staff import caseworker

    bad = household("nobody@example.org", "٣٣", "Ahmed")
    export.export_pending(tmp_path)
    item = EdiException.objects.get(kind=ExceptionKind.UNWRITABLE)
    member_id = bad.members.get().member_id
    client.force_login(bad.owner)
    assert client.get(f"/casework/834-exceptions/{item.pk}/").status_code == 404  # not staff
    caseworker(client)
    listing = client.get("/casework/834-exceptions/").content.decode()
    assert f"/casework/834-exceptions/{item.pk}/" in listing and bad.policy_id in listing
    page = client.get(f"/casework/834-exceptions/{item.pk}/").content.decode()
    assert "Last name of Ahmed ٣٣ has no letter A to Z" in page
    assert f'name="last-{member_id}"' in page and f'name="first-{member_id}"' not in page
    refused = client.post(f"/casework/834-exceptions/{item.pk}/", {f"last-{member_id}": "٣"})
    assert refused.status_code == 400
    assert 'value="٣"' in refused.content.decode()  # what was entered is kept
    done = client.post(f"/casework/834-exceptions/{item.pk}/", {f"last-{member_id}": "Salem"})
    assert done.status_code == 302 and done["Location"] == "/casework/834-exceptions/"
    assert export.export_pending(tmp_path).transactions == 1
    assert _sent(tmp_path)[bad.policy_id][0].members[0].last_name == "SALEM"
