"""Identity proofing: the simulated provider's pass, fail and outage identities, and the
manual document path with a caseworker's review."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from marketplace.accounts import identity
from marketplace.accounts.identity import SimulatedIdentityProofing, is_identity_verified
from marketplace.accounts.models import IdentityStatus
from marketplace.audit.models import AuditEvent
from tests.accounts.conftest import STAFF_PASSWORD, sign_in

FACTS = {
    "first_name": "Ana",
    "last_name": "Garcia",
    "date_of_birth": "1985-04-28",
    "ssn_last4": "1234",
}


def _start(client, **changes):
    return client.post("/account/identity/", {**FACTS, **changes})


def test_the_simulator_is_the_configured_provider_and_fits_the_interface(settings):
    assert isinstance(identity.service(), SimulatedIdentityProofing)
    assert isinstance(identity.service(), identity.IdentityProofingService)


def test_ana_answers_the_questions_right_and_is_verified(ana_client, ana):
    assert not is_identity_verified(ana)
    response = _start(ana_client)
    assert response["Location"] == "/account/identity/questions/"
    page = ana_client.get("/account/identity/questions/")
    assert b"On which of these streets have you lived?" in page.content
    ana_client.post("/account/identity/questions/", SimulatedIdentityProofing.ANSWERS)
    assert is_identity_verified(ana)
    assert AuditEvent.objects.filter(action="identity.verified").exists()


def test_a_wrong_answer_fails(ana_client, ana):
    _start(ana_client)
    ana_client.post(
        "/account/identity/questions/",
        {**SimulatedIdentityProofing.ANSWERS, "street": "None of these"},
    )
    assert ana.identity.status == IdentityStatus.FAILED
    assert not is_identity_verified(ana)
    page = ana_client.get("/account/identity/")
    assert b"We could not verify your identity online" in page.content
    assert b"Upload a document" in page.content


def test_the_fail_identity_fails_at_once(ana_client, ana):
    _start(ana_client, last_name="Fail")
    assert ana.identity.status == IdentityStatus.FAILED


def test_when_the_service_is_down_ana_is_told_plainly_and_loses_nothing(ana_client, ana):
    response = _start(ana_client, last_name="Unavailable")
    assert response["Location"] == "/account/identity/"
    page = ana_client.get("/account/identity/")
    assert b"The identity service is not answering right now" in page.content
    assert b"Nothing you entered is lost" in page.content
    assert b'value="Ana"' in page.content and b'value="1985-04-28"' in page.content
    assert b"Upload a document" in page.content
    assert ana.identity.status == IdentityStatus.UNAVAILABLE
    assert ana.identity.attempts == 0  # an outage does not use up a try
    kept = [value for value in vars(ana.identity).values() if isinstance(value, str)]
    assert not any("1234" in value for value in kept)  # the SSN digits are never kept
    assert AuditEvent.objects.filter(action="identity.unavailable").exists()
    # The rest of the account keeps working.
    assert ana_client.get("/account/").status_code == 200


def test_the_outage_page_is_in_spanish_too(client, ben):
    sign_in(client, ben)
    _start(client, last_name="Unavailable")
    page = client.get("/account/identity/")
    assert b"El servicio de identidad no responde en este momento" in page.content


def test_after_three_tries_only_the_manual_path_is_left(ana_client, ana):
    for _ in range(identity.MAX_REMOTE_ATTEMPTS):
        ana_client.post("/account/identity/", FACTS)
        ana_client.post(
            "/account/identity/questions/",
            {**SimulatedIdentityProofing.ANSWERS, "lender": "None of these"},
        )
        ana.identity.refresh_from_db()
        ana.identity.status = IdentityStatus.NOT_STARTED
        ana.identity.save()
    page = ana_client.get("/account/identity/")
    assert b"Verify online" not in page.content
    assert b"Upload a document" in page.content


def _pdf():
    return SimpleUploadedFile("licence.pdf", b"%PDF-1.4 licence", content_type="application/pdf")


def test_a_file_that_is_not_a_document_is_refused(ana_client, ana):
    bad = SimpleUploadedFile("x.pdf", b"MZ\x90 not a pdf", content_type="application/pdf")
    response = ana_client.post("/account/identity/document/", {"kind": "passport", "file": bad})
    assert b"Upload a PDF, JPEG or PNG file." in response.content
    assert not ana.identity_documents.exists()


def test_the_manual_path_a_caseworker_approves_the_document(client, ana, carla, settings):
    sign_in(client, ana)
    _start(client, last_name="Unavailable")
    client.post("/account/identity/document/", {"kind": "drivers_license", "file": _pdf()})
    document = ana.identity_documents.get()
    assert document.file.path.startswith(str(settings.MEDIA_ROOT))
    assert "licence" not in document.file.name  # never the person's own file name
    assert ana.identity.status == IdentityStatus.IN_REVIEW

    staff = Client()
    sign_in(staff, carla, STAFF_PASSWORD)
    queue = staff.get("/casework/identity/")
    assert ana.email.encode() in queue.content
    page = staff.get(f"/casework/identity/{document.public_id}/")
    assert b"Ana Unavailable" in page.content  # the facts she typed, for the reviewer
    assert staff.get(f"/casework/identity/{document.public_id}/file/").status_code == 200
    staff.post(
        f"/casework/identity/{document.public_id}/",
        {"decision": "approve", "reason": "Licence matches the account."},
    )
    assert is_identity_verified(ana)
    event = AuditEvent.objects.get(action="identity.document_approved")
    assert event.actor == carla and event.detail["subject_user_id"] == ana.pk


def test_a_denied_document_shows_the_reason(client, ana, carla):
    sign_in(client, ana)
    client.post("/account/identity/document/", {"kind": "passport", "file": _pdf()})
    document = ana.identity_documents.get()
    staff = Client()
    sign_in(staff, carla, STAFF_PASSWORD)
    staff.post(
        f"/casework/identity/{document.public_id}/",
        {"decision": "deny", "reason": "The photo is unreadable."},
    )
    assert not is_identity_verified(ana)
    page = client.get("/account/identity/")
    assert b"The photo is unreadable." in page.content
    assert b"We could not accept your document" in page.content


def test_a_reason_is_required(client, ana, carla):
    sign_in(client, ana)
    client.post("/account/identity/document/", {"kind": "passport", "file": _pdf()})
    document = ana.identity_documents.get()
    staff = Client()
    sign_in(staff, carla, STAFF_PASSWORD)
    staff.post(f"/casework/identity/{document.public_id}/", {"decision": "approve"})
    assert not is_identity_verified(ana)


@pytest.mark.django_db
def test_anonymous_people_are_not_verified():
    from django.contrib.auth.models import AnonymousUser

    assert is_identity_verified(AnonymousUser()) is False


class AlwaysDownProvider:
    """A provider that never answers, chosen through the setting (the adapter seam)."""

    name = "always-down"

    def start(self, subject):
        raise identity.IdentityServiceUnavailable("down")

    def questions(self, reference):
        raise identity.IdentityServiceUnavailable("down")

    def answer(self, reference, answers):
        raise identity.IdentityServiceUnavailable("down")


def test_the_provider_is_chosen_by_the_setting(ana_client, ana, settings):
    settings.IDENTITY_PROOFING_SERVICE = "tests.accounts.test_identity.AlwaysDownProvider"
    _start(ana_client)  # "Garcia" would pass with the simulator
    ana.identity.refresh_from_db()
    assert ana.identity.status == IdentityStatus.UNAVAILABLE
    assert ana.identity.provider == "always-down"


def test_nobody_reviews_their_own_document(carla):
    client = Client()
    sign_in(client, carla, STAFF_PASSWORD)
    client.post("/account/identity/document/", {"kind": "passport", "file": _pdf()})
    document = carla.identity_documents.get()
    assert client.get(f"/casework/identity/{document.public_id}/").status_code == 404
    assert client.get(f"/casework/identity/{document.public_id}/file/").status_code == 404


def test_an_assister_cannot_review_documents(client, ana, db):
    from tests.accounts.conftest import make_user

    sign_in(client, ana)
    client.post("/account/identity/document/", {"kind": "passport", "file": _pdf()})
    document = ana.identity_documents.get()
    helper = make_user("navigator@example.org", role="assister")
    other = Client()
    sign_in(other, helper)
    assert other.get(f"/casework/identity/{document.public_id}/").status_code == 404


def test_a_birth_date_in_the_future_is_refused_naming_the_field(ana_client, ana):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _start(ana_client, date_of_birth=tomorrow)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Date of birth: the date cannot be in the future." in page
    assert 'value="Ana"' in page and f'value="{tomorrow}"' in page  # nothing typed is lost
    assert ana.identity.status == IdentityStatus.NOT_STARTED
    assert ana.identity.attempts == 0  # a typing mistake does not use up a try


def test_a_birth_date_in_the_future_is_refused_in_spanish_too(client, ben):
    sign_in(client, ben)
    response = _start(client, date_of_birth="2999-01-01")
    assert "Fecha de nacimiento: la fecha no puede estar en el futuro." in response.content.decode()
