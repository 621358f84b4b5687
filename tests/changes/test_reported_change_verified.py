"""A reported change is verified as an application is before its determination is relied
on (45 CFR 155.330(c)(1), by the processes of 155.315 and 155.320), for what the change
touched: the income of a household that now gets (or no longer gets) help or whose attested
income changed (155.320(c)(1), (c)(3)); the other coverage of a person who lost coverage or
newly gets APTC (155.320(b)); the SSN, citizenship or immigration status of a person who
joins or whose status changed (155.315(b), (c)). The attestation stands meanwhile
(155.315(f)(4)); an item still pending for what was checked is carried over with its due
date, or closed when the change no longer needs it.

Sam Okafor applies alone in Boston for 2026. The data services are the simulators
(dataservices/simulated.py): the IRS reports $90,000 for an SSN ending 2222 and the
attested income for any other; Medicare for one ending 5555; SSA does not match one ending
0000; SAVE does not verify a document number starting with 9. $90,000 is above 400% of the
poverty line for one (no premium tax credit in 2026); $30,000 is about 200%.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from marketplace.applications import seeding
from marketplace.changes.forms import change_form
from marketplace.notices.models import Notice
from marketplace.verifications.models import CloseReason, ItemStatus, VerificationItem
from tests.changes.conftest import SPRING, determined, member, report, report_birth

pytestmark = pytest.mark.django_db

IRS_SAYS_90000 = "123452222"
AGREES = "123456789"


def _sam(settings, *, wages: int, ssn: str, **person) -> tuple:
    spec = seeding.HouseholdSpec(
        last_name="Okafor",
        zipcode="02108",
        countyfips="25025",
        people=[
            seeding.PersonSpec("Sam", 30, "self", "male", wages_yearly=wages, ssn=ssn, **person)
        ],
    )
    user, application, first = determined("sam@example.org", spec)
    settings.MARKETPLACE_TODAY = SPRING
    return user, application, first


def _items(application, **filters) -> list[VerificationItem]:
    return list(VerificationItem.objects.filter(application=application, **filters).order_by("id"))


def _requests(user) -> int:
    return Notice.objects.filter(user=user, kind="verification_request").count()


def _aptc(determination) -> Decimal:
    return Decimal(str(determination.result["aptc"]))


def test_an_income_change_that_newly_gives_a_credit_is_checked_against_tax_data(settings):
    user, application, first = _sam(settings, wages=90000, ssn=IRS_SAYS_90000)
    assert _aptc(first) == 0 and not _items(application)  # no help: income not checked

    change = report(
        application,
        "income",
        member=str(member(application, "Sam").public_id),
        annual_income="30000",
    )

    assert _aptc(change.after) > 0  # the attestation stands meanwhile (155.315(f)(4))
    (item,) = _items(application)
    assert (item.type, item.status, item.determination_id) == ("income", "open", change.after.pk)
    assert item.data_income == Decimal("90000.00") and item.needs_action
    assert _requests(user) == 1


def test_the_same_change_opens_nothing_when_the_tax_data_agree(settings):
    user, application, _ = _sam(settings, wages=90000, ssn=AGREES)

    change = report(
        application,
        "income",
        member=str(member(application, "Sam").public_id),
        annual_income="30000",
    )

    assert _aptc(change.after) > 0
    assert not _items(application) and _requests(user) == 0


def test_a_pending_income_item_the_change_no_longer_needs_is_closed_and_the_page_says_why(
    settings, client
):
    user, application, _ = _sam(settings, wages=30000, ssn=IRS_SAYS_90000)
    (item,) = _items(application)  # $30,000 attested, the IRS says $90,000
    assert item.status == ItemStatus.OPEN

    change = report(
        application,
        "income",
        member=str(member(application, "Sam").public_id),
        annual_income="88000",
    )  # no help any more: nothing to verify

    item.refresh_from_db()
    assert item.status == ItemStatus.SUPERSEDED
    assert (item.close_reason, item.superseded_by_id) == (
        CloseReason.CHANGE_REPORTED,
        change.after.pk,
    )
    client.force_login(user)
    page = client.get("/verifications/").content.decode()
    assert "You reported a change on" in page


def test_an_inconsistency_found_again_keeps_its_item_and_its_due_date(settings):
    user, application, _ = _sam(settings, wages=30000, ssn=IRS_SAYS_90000)
    (item,) = _items(application)
    due, requests = item.due_date, _requests(user)

    change = report(
        application,
        "income",
        member=str(member(application, "Sam").public_id),
        annual_income="32000",
    )  # still help, still far from $90,000

    (again,) = _items(application)
    assert again.pk == item.pk and again.due_date == due  # 155.315(f)(2)(ii)
    assert again.determination_id == change.after.pk and again.status == ItemStatus.OPEN
    assert _requests(user) == requests  # nothing new to ask


def test_a_change_that_touches_no_checked_fact_asks_the_data_services_nothing(settings):
    user, application, first = _sam(settings, wages=30000, ssn=IRS_SAYS_90000)
    (item,) = _items(application)
    requests = _requests(user)

    report(application, "tobacco", member=str(member(application, "Sam").public_id), tobacco=True)

    (same,) = _items(application)
    assert same.pk == item.pk and same.determination_id == first.pk
    assert _requests(user) == requests


def test_a_baby_with_an_ssn_social_security_does_not_match_gets_an_item(settings):
    user, application, _ = _sam(settings, wages=30000, ssn=AGREES)

    change = report_birth(application, SPRING, ssn="123450000")

    ada = member(application, "Ada")
    assert ada.ssn == "123450000" and "ssn" not in change.details  # on the person only
    assert {i.type for i in _items(application, member=ada)} == {"ssn", "citizenship"}
    assert _requests(user) == 1


def test_a_baby_whose_ssn_matches_needs_nothing(settings):
    _user, application, _ = _sam(settings, wages=30000, ssn=AGREES)

    report_birth(application, SPRING, ssn="123-45-6780")

    assert not _items(application)


def test_lost_coverage_is_checked_against_the_coverage_data(settings):
    _user, application, first = _sam(
        settings, wages=30000, ssn="123455555", other_coverage="medicare"
    )
    assert _aptc(first) == 0 and not _items(application)

    change = report(application, "coverage_lost", member=str(member(application, "Sam").public_id))

    assert _aptc(change.after) > 0
    (item,) = _items(application)
    assert (item.type, item.member.first_name) == ("mec", "Sam")


def test_a_new_immigration_status_is_checked_with_its_document(settings):
    _user, application, first = _sam(
        settings, wages=30000, ssn=AGREES, citizen=False, immigration_status="none"
    )
    assert _aptc(first) == 0

    report(
        application,
        "immigration",
        member=str(member(application, "Sam").public_id),
        citizen=False,
        immigration_status="lpr_5",
        document_type="i551",
        document_number="912345678",
    )

    sam = member(application, "Sam")
    assert (sam.document_type, sam.document_number) == ("i551", "912345678")
    assert [i.type for i in _items(application)] == ["immigration"]


def test_the_forms_name_the_field_of_a_bad_ssn_and_of_a_missing_document():
    birth = change_form("birth")(
        {
            "event_date": "2026-04-01",
            "first_name": "Ada",
            "last_name": "Okafor",
            "date_of_birth": "2026-04-01",
            "sex": "female",
            "ssn": "000-12-3456",
        }
    )
    assert not birth.is_valid() and "ssn" in birth.errors

    status = change_form("immigration", [])(
        {"event_date": "2026-04-01", "citizen": "no", "immigration_status": "lpr_5"}
    )
    assert not status.is_valid() and "document_type" in status.errors
