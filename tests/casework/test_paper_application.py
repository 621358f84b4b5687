"""A caseworker enters the Garcias' paper application (the facts of tests/applications'
Garcias: Maria 40, Jose 38, Sofia 10, Mateo 7 in Boston, $52,000 in wages): it gets the same
determination as the same facts entered on line, and records who entered it, how it came in
and was signed, and the scanned paper."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.applications.actions import default_coverage_year
from marketplace.applications.seeding import birth_date
from marketplace.audit.models import AuditEvent
from marketplace.casework.models import PaperApplication
from marketplace.core.channel import Channel

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 the Garcias' paper application"
PEOPLE = [
    ("Maria", 40, "self", "female", "123-45-6789", "30000"),
    ("Jose", 38, "spouse", "male", "", "22000"),
    ("Sofia", 10, "child", "female", "", ""),
    ("Mateo", 7, "child", "male", "", ""),
]


def paper_post(email="maria@example.org", channel="paper", signature="ink", scan=True):
    year = default_coverage_year()
    data = {
        "channel": channel,
        "signature_method": signature,
        "signature_name": "Maria Garcia",
        "signed_on": "2025-11-28",
        "renewal_years": "3",
        "filing_status": "married_joint",
        "language": "en",
        "identity_how": "Driver's license seen at the walk-in centre",
        "address-street": "1 Main Street",
        "address-city": "Springfield",
        "address-zipcode": "02108",
        "address-phone": "(617) 555-0100",
        "address-contact_email": email,
    }
    for index, (first, age, relationship, sex, ssn, wages) in enumerate(PEOPLE):
        data.update(
            {
                f"p{index}-first_name": first,
                f"p{index}-last_name": "Garcia",
                f"p{index}-date_of_birth": birth_date(age, year).isoformat(),
                f"p{index}-relationship": relationship,
                f"p{index}-sex": sex,
                f"p{index}-ssn": ssn,
                f"p{index}-citizen": "yes",
                f"p{index}-wages_yearly": wages,
                f"p{index}-seeking": "yes",
            }
        )
    if scan:
        data["scan"] = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    return data


def _comparable(result: dict) -> dict:
    """A determination's result without what names the records it was made for."""
    drop = {"application", "application_id", "member_id", "public_id", "id", "name"}
    if isinstance(result, dict):
        return {k: _comparable(v) for k, v in result.items() if k not in drop}
    if isinstance(result, list):
        return [_comparable(v) for v in result]
    return result


def test_paper_gives_the_determination_the_same_facts_get_on_line(carla_client, garcias_determined):
    _application, online = garcias_determined  # Maria's own, on line (maria@example.org)
    response = carla_client.post("/casework/applications/new/", paper_post("rosa@example.org"))
    assert response.status_code == 302, response.content.decode()[:3000]
    record = PaperApplication.objects.get()
    paper = record.application.determinations.get()
    assert _comparable(paper.full_result) == _comparable(online.full_result)
    assert paper.rules_version == online.rules_version


def test_the_paper_application_records_who_how_and_the_scan(carla_client, carla):
    response = carla_client.post("/casework/applications/new/", paper_post())
    assert response.status_code == 302
    record = PaperApplication.objects.get()
    application = record.application
    assert response["Location"] == f"/casework/households/{application.owner_id}/"
    assert (record.channel, record.signature_method, record.entered_by) == ("paper", "ink", carla)
    assert application.channel == Channel.PAPER and application.status == "determined"
    assert (
        application.signature_name == "Maria Garcia" and str(application.signed_on) == "2025-11-28"
    )
    # The paper's answer on the tax data, not a default (45 CFR 155.335(k)(1), ADR 0840).
    assert application.renewal_years == 3
    assert application.renewal_authorized_through == application.coverage_year + 3
    assert record.scan.read() == PDF and record.content_type == "application/pdf"
    entered = AuditEvent.objects.get(action="casework.application_entered")
    assert entered.actor == carla and entered.detail["channel"] == "paper"
    started = AuditEvent.objects.get(action="application.started")
    assert started.actor == carla
    household = carla_client.get(response["Location"]).content.decode()
    assert "Mateo Garcia" in household and "casework.application_entered" in household
    assert f"Allowed through plan year {application.coverage_year + 3}" in household


def test_a_phone_application_has_a_telephonic_signature_and_no_scan(carla_client):
    refused = carla_client.post(
        "/casework/applications/new/", paper_post(channel="phone", signature="ink", scan=False)
    )
    assert refused.status_code == 400
    assert "an application by telephone has a telephonic signature." in refused.content.decode()
    done = carla_client.post(
        "/casework/applications/new/",
        paper_post(channel="phone", signature="telephonic", scan=False),
    )
    assert done.status_code == 302
    assert PaperApplication.objects.get().application.channel == Channel.PHONE


def test_a_paper_application_without_its_scan_is_refused_and_nothing_is_lost(carla_client):
    response = carla_client.post("/casework/applications/new/", paper_post(scan=False))
    page = response.content.decode()
    assert response.status_code == 400
    assert "attach the scanned paper application." in page
    assert 'value="Sofia"' in page and 'value="Springfield"' in page
    assert not PaperApplication.objects.exists()


def test_a_person_with_no_email_gets_their_notices_by_mail(carla_client):
    response = carla_client.post("/casework/applications/new/", paper_post(email=""))
    assert response.status_code == 302
    owner = PaperApplication.objects.get().application.owner
    assert owner.notice_preference == "paper" and owner.email.endswith("@no-email.invalid")
    assert not owner.has_usable_password()


def test_someone_who_already_applied_is_sent_to_report_a_change(carla_client, garcias_determined):
    response = carla_client.post("/casework/applications/new/", paper_post("maria@example.org"))
    assert response.status_code == 400
    assert "already has an application" in response.content.decode()


def _bigger_household(count: int) -> dict:
    """The Garcias' paper with `count` people: Maria, Jose and children after them."""
    data = paper_post(email="rosa@example.org")
    year = default_coverage_year()
    for index in range(len(PEOPLE), count):
        data.update(
            {
                f"p{index}-first_name": f"Child{index}",
                f"p{index}-last_name": "Garcia",
                f"p{index}-date_of_birth": birth_date(2 + index % 15, year).isoformat(),
                f"p{index}-relationship": "child",
                f"p{index}-sex": "female",
                f"p{index}-citizen": "yes",
                f"p{index}-wages_yearly": "",
                f"p{index}-seeking": "yes",
            }
        )
    data["room"] = str(count)
    return data


def test_the_caseworker_makes_room_for_a_household_of_up_to_30(carla_client):
    url = "/casework/applications/new/"
    first = carla_client.get(url).content.decode()
    assert 'name="p5-first_name"' in first and 'name="p6-first_name"' not in first
    assert 'name="room"' in first  # "how many people are on the paper", then "make room"
    roomy = carla_client.get(url, {"room": "12"}).content.decode()
    assert 'name="p11-first_name"' in roomy and 'name="p12-first_name"' not in roomy
    most = carla_client.get(url, {"room": "500"}).content.decode()
    assert 'name="p29-first_name"' in most and 'name="p30-first_name"' not in most
    assert carla_client.get(url, {"room": "x"}).status_code == 200


def test_a_paper_application_of_twelve_people_is_entered_whole(carla_client):
    response = carla_client.post("/casework/applications/new/", _bigger_household(12))
    assert response.status_code == 302, response.content.decode()[:3000]
    application = PaperApplication.objects.get().application
    assert application.members.count() == 12
    assert application.determinations.get().result["household_size"] == 12


def test_a_refused_paper_keeps_the_room_it_was_given(carla_client):
    data = _bigger_household(9)
    del data["scan"]
    page = carla_client.post("/casework/applications/new/", data).content.decode()
    assert 'value="Child8"' in page and 'name="p9-first_name"' not in page
