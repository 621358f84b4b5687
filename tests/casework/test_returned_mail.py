"""Returned mail: Maria Garcia takes her notices on paper. Her eligibility notice comes back
undelivered; Carla flags it from the household page: the address is flagged, an item opens
on the returned-mail queue, and her next notice is held. Once Carla confirms the address
the held notice goes to the mail house."""

from __future__ import annotations

import pytest

from marketplace.audit.models import AuditEvent
from marketplace.casework.models import ReturnedMail
from marketplace.jobs.queue import run_pending
from marketplace.notices.actions import issue_notice
from marketplace.notices.models import Notice
from tests.verifications.households import garcia_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed(maria):
    maria.notice_preference = "paper"
    maria.save()
    notice = issue_notice(user=maria, kind="eligibility", context=garcia_context(), language="en")
    run_pending()
    notice.refresh_from_db()
    assert notice.mailed_at is not None
    return notice


def test_returned_mail_flags_the_address_and_holds_the_next_notice(carla_client, maria, mailed):
    household = f"/casework/households/{maria.pk}/"
    page = carla_client.get(household).content.decode()
    assert "The mail came back" in page
    done = carla_client.post(household + "returned-mail/", {"notice": str(mailed.public_id)})
    assert done.status_code == 302
    again = carla_client.post(household + "returned-mail/", {"notice": str(mailed.public_id)})
    assert again.status_code == 302 and ReturnedMail.objects.count() == 1  # idempotent
    assert AuditEvent.objects.filter(action="casework.mail_returned").count() == 1
    page = carla_client.get(household).content.decode()
    assert "Mail came back: paper notices are held" in page
    queue = carla_client.get("/casework/queues/returned-mail/").content.decode()
    assert household in queue

    later = issue_notice(user=maria, kind="eligibility", context=garcia_context(), language="en")
    run_pending()
    later.refresh_from_db()
    assert later.mailed_at is None
    assert AuditEvent.objects.filter(action="notice.mail_held", object_id=str(later.pk)).exists()

    confirmed = carla_client.post(household + "address-confirmed/")
    assert confirmed.status_code == 302
    run_pending()
    later.refresh_from_db()
    assert later.mailed_at is not None
    assert ReturnedMail.objects.get().confirmed_at is not None
    assert "Mail came back" not in carla_client.get(household).content.decode()


def test_only_a_mailed_notice_can_come_back(carla_client, maria, mailed):
    electronic = Notice.objects.create(user=maria, kind="eligibility", context={})
    response = carla_client.post(
        f"/casework/households/{maria.pk}/returned-mail/", {"notice": str(electronic.public_id)}
    )
    assert response.status_code == 302 and not ReturnedMail.objects.exists()
