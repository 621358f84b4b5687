"""A renewal that keeps a household covered but leaves one of its people out of the new
year's plan (a child assessed for CHIP): the notice and the offer page name them and say
their coverage ends, the child is referred to the state Medicaid agency, and casework calls
the household (renewals/explain.py `dropped`, casework/coverage_ends.py, ADR 1012)."""

from __future__ import annotations

import pytest
from django.test import Client

from marketplace.notices.jobs import render_notice
from marketplace.notices.models import Notice, NoticeStatus
from marketplace.notices.render import document_text, render_document
from marketplace.renewals.models import Outcome, Renewal
from marketplace.verifications.models import MedicaidReferral
from tests.html_forms import links
from tests.renewals.conftest import (
    RENEWED_ON,
    by_name,
    dropping_a_child,
    enrolled,
    queue_items,
    renew,
    single,
    staff_client,
)
from tests.reports.conftest import official

pytestmark = pytest.mark.django_db

TOLD = {
    "en": "Tito Rosason may qualify for CHIP. We sent their information to the state Medicaid "
    "agency, which will contact you. Their Marketplace coverage ends on December 31.",
    "es": "Tito Rosason podría calificar para CHIP. Enviamos su información a la agencia "
    "estatal de Medicaid, que se comunicará con usted. Su cobertura del Mercado termina el 31 "
    "de diciembre.",
}
QUEUE = "/casework/queues/renewal-coverage-ends/"


def _renewed(settings) -> tuple:
    user, before = dropping_a_child()
    _, kept = enrolled(single("Sam", 30, 30000), by_name("Standard Silver"))
    settings.MARKETPLACE_TODAY = RENEWED_ON
    report = renew()
    assert "someone left out of the new year's plan (their coverage ends): 1" in report
    return user, Renewal.objects.get(previous=before), Renewal.objects.get(previous=kept)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_child_left_out_of_the_renewed_plan_is_named_in_the_notice(settings, language):
    user, renewal, kept = _renewed(settings)
    assert renewal.outcome == Outcome.SAME_PLAN
    assert [m.first_name for m in renewal.enrollment.covered_members()] == ["Rosa"]
    assert renewal.detail["dropped"] == [{"name": "Tito Rosason", "why": "chip"}]
    assert (renewal.dropped, kept.dropped) == (1, 0)
    referral = MedicaidReferral.objects.get(determination=renewal.determination)
    assert referral.program == "chip" and referral.member.first_name == "Tito"
    notice = Notice.objects.get(user=user, kind="renewal")
    text = " ".join(
        document_text(
            render_document("renewal", language, notice.context, str(notice.public_id))
        ).split()
    )
    assert TOLD[language] in text
    notice.language = language
    rendered = render_notice(notice)  # the PDF for the mail house, parsed as XML (ADR 0826)
    assert rendered.status == NoticeStatus.RENDERED and rendered.pdf[:4] == b"%PDF"


@pytest.mark.parametrize(
    "language, heading", [("en", "Not in your plan for 2027"), ("es", "Fuera de su plan para 2027")]
)
def test_the_offer_page_names_who_is_left_out(settings, language, heading):
    user, _renewal, _kept = _renewed(settings)
    client = Client()
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": language, "next": "/renewal/"})
    page = client.get("/renewal/").content.decode()
    assert f'lang="{language}"' in page
    assert heading in page and TOLD[language] in page


def test_casework_calls_the_household_of_a_child_left_out(settings):
    _user, renewal, _kept = _renewed(settings)
    carla = staff_client("caseworker")
    items = queue_items(carla, QUEUE)
    text = (
        "2027: renewed, 1 left out of the plan (1 referred to Medicaid or CHIP); "
        "coverage ends 12/31/2026"
    )
    assert list(items) == [text]  # Sam, renewed with everyone, is not called
    sheet = carla.get(items[text]).content.decode()
    assert "assessed eligible for CHIP: referred to the state Medicaid agency" in sheet
    assert 'data-can-do="dropped"' in sheet and 'data-on-queue="yes"' in sheet
    assert links(sheet, rf"^{QUEUE}$") == [QUEUE]
    assert f"/casework/renewals/{renewal.public_id}/call/" == items[text]


def test_officials_count_the_households_with_someone_left_out(settings, client):
    _renewed(settings)
    official(client)
    response = client.get("/reports/", {"start": "2026-12-01", "end": "2026-12-02"})
    rows = {table.key: dict(table.rows) for table, _chart in response.context["tables"]}
    assert rows["renewals"]["Renewed in the same plan"] == 2
    assert rows["renewals"]["Someone left out of the new year's plan"] == 1
