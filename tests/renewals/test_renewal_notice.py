"""The renewal notice renders to a PDF in English and Spanish with the plan, what the person
pays and the arithmetic behind it (notices registry kind "renewal")."""

from __future__ import annotations

import pytest

from marketplace.notices.jobs import render_notice
from marketplace.notices.models import Notice, NoticeStatus
from marketplace.notices.render import document_text, render_document
from marketplace.renewals.models import Renewal
from tests.renewals.conftest import RENEWED_ON, by_name, enrolled, renew, single

pytestmark = pytest.mark.django_db

WORDS = {
    "en": ("Your health coverage for 2027", "How we figured your savings", "You pay each month"),
    "es": ("Su cobertura de salud para 2027", "Cómo calculamos sus ahorros", "Usted paga cada mes"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_renewal_notice_pdf(settings, language):
    user, before = enrolled(single("Sam", 30, 31800), by_name("Standard Silver"))
    before.language = language
    before.save(update_fields=["language"])
    settings.MARKETPLACE_TODAY = RENEWED_ON
    renew()
    renewal = Renewal.objects.get(previous=before)
    notice = Notice.objects.get(user=user, kind="renewal")
    assert notice.language == language
    rendered = render_notice(notice)
    assert rendered.status == NoticeStatus.RENDERED and rendered.pdf[:4] == b"%PDF"
    text = document_text(
        render_document("renewal", language, notice.context, str(notice.public_id))
    )
    title, how, pays = WORDS[language]
    assert title in text and how in text and pays in text
    nxt = renewal.detail["next"]
    assert nxt["plan_name"] in text
    assert f"${nxt['premium']} - ${nxt['aptc']} = ${nxt['net']}" in text
