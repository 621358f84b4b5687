"""The load test's after-run ledger check (tests/load/verify.py), without a load run."""

from __future__ import annotations

import json

from tests.load.run import failures, waiting_room_line
from tests.load.verify import ledger_checks


def _ledger(tmp_path, *checkouts):
    path = tmp_path / "checkouts.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in checkouts))
    return str(path)


def test_a_confirmed_checkout_with_one_enrollment_passes(tmp_path):
    path = _ledger(tmp_path, {"email": "a", "token": "t1", "confirmed": True})
    assert not any(ledger_checks(path, {"t1": "a"}).values())


def test_a_lost_answer_may_have_enrolled_or_not(tmp_path):
    path = _ledger(
        tmp_path,
        {"email": "a", "token": "t1", "confirmed": False},
        {"email": "b", "token": "t2", "confirmed": False},
    )
    assert not any(ledger_checks(path, {"t1": "a"}).values())


def test_a_confirmed_checkout_without_its_enrollment_is_lost(tmp_path):
    path = _ledger(tmp_path, {"email": "a", "token": "t1", "confirmed": True})
    checks = ledger_checks(path, {})
    assert checks["confirmed checkouts without their enrollment"] == 1


def test_two_enrollments_for_one_person_are_a_double(tmp_path):
    path = _ledger(
        tmp_path,
        {"email": "a", "token": "t1", "confirmed": False},
        {"email": "a", "token": "t2", "confirmed": True},
    )
    checks = ledger_checks(path, {"t1": "a", "t2": "a"})
    assert checks["people with more than one enrollment"] == 1


def test_an_enrollment_nobody_checked_out_is_reported(tmp_path):
    path = _ledger(tmp_path, {"email": "a", "token": "t1", "confirmed": True})
    checks = ledger_checks(path, {"t1": "a", "t9": "z"})
    assert checks["enrollments no checkout asked for"] == 1


def test_no_ledger_means_no_checkout(tmp_path):
    checks = ledger_checks(str(tmp_path / "none.jsonl"), {"t1": "a"})
    assert checks["enrollments no checkout asked for"] == 1


def test_the_waiting_room_line_counts_waits_admissions_and_people_who_gave_up(monkeypatch):
    monkeypatch.setenv("MARKETPLACE_WAITING_ROOM_AT", "1.5")
    steps = [
        {"Type": "WAIT", "Name": "waiting room", "Request Count": "7"},
        {
            "Type": "WAIT",
            "Name": "admitted from the waiting room",
            "Request Count": "5",
            "50%": "2000",
            "95%": "6000",
        },
        {"Type": "GET", "Name": "home", "Request Count": "90"},
    ]
    failures = {
        "shop: start: JourneyBroken('still in the waiting room')": 2,
        "api: plans/search: 500 on api: plans/search": 1,
    }
    assert waiting_room_line(steps, failures) == (
        "waiting_room: at=1.5 waits=7 admitted=5 wait_p50_ms=2000 wait_p95_ms=6000 gave_up=2"
    )


def test_an_error_in_a_journeys_own_code_is_a_failure(tmp_path):
    prefix = tmp_path / "run"
    (tmp_path / "run_failures.csv").write_text(
        "Method,Name,Error,Occurrences\nGET,home,500 on home,2\n"
    )
    (tmp_path / "run_exceptions.csv").write_text(
        'Count,Message,Traceback,Nodes\n3,"AttributeError(\'no cookies\')","...",local\n'
    )
    found = failures(prefix)
    assert found == {"home: 500 on home": 2, "journey error: AttributeError('no cookies')": 3}
