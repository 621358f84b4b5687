"""An expired verification item in a real browser (Debian's Chromium through Playwright),
in English and in Spanish, with axe checking WCAG 2.1 A and AA on every page visited.

Maria Garcia's SSN ends 0000: the SSA cannot match it, so submitting opens an SSN item and
a citizenship item (docs/adr/0700). Everything goes through the real actions and jobs, with
the clock moved: the Garcias apply on 1 December 2025 (the items fall due on 6 March 2026)
and the scheduled jobs run on 10 March 2026, after the deadline (docs/adr/0701). Maria then
signs in and finds, on her dashboard and her verification page, that the items expired and
that her eligibility was decided again; she opens the new result (its reasons in her
language), and downloads the eligibility-change notice from the message center. Carla, a
caseworker signed in with her second factor, finds the expired items in the review queue.

Each language runs one side with JavaScript on and the other with it off (axe then checks
the same HTML replayed, tests/browser_support.py), so every page is seen both ways.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from aca_rules.messages import CATALOG
from marketplace.accounts import totp
from marketplace.applications import actions as application_actions
from marketplace.applications import seeding
from marketplace.core import clock
from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from marketplace.notices import jobs as notice_jobs  # noqa: F401 - registers handlers
from marketplace.notices.models import Notice, NoticeStatus
from marketplace.verifications import jobs  # noqa: F401 - registers handlers
from marketplace.verifications.models import ItemStatus, VerificationItem
from tests import browser_support
from tests.applications.conftest import make_user
from tests.browser_support import assert_accessible, main_text, sign_in
from tests.pdfs import pdf_text
from tests.shopping.support import DEMO_YEAR, clear_caches
from tests.verifications.households import user as plain_user

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# The shared Chromium fixtures (tests/verifications has no browser conftest).
browser = browser_support.browser
page_factory = browser_support.page_factory

P = seeding.PersonSpec
APPLIED = date(2025, 12, 1)  # open enrollment for 2026
DUE = date(2026, 3, 6)  # 95 days later (45 CFR 155.315(f)(2)(ii) and the mail days)
DEADLINE_RUN = date(2026, 3, 10)

# What each language must show; the reasons come from aca_rules.messages.
WORDS = {
    "en": {
        "dashboard": "decided again after a document deadline passed",
        "status": "Deadline passed",
        "expired": "We did not receive what we needed by March 6, 2026",
        "new_result": "See your new eligibility results",
        "send_documents": "Send documents",
        "all_notices": "All your notices",
        "ssn_heading": "Social Security number: Maria Garcia",
        "maria": "Cannot buy a plan through the Marketplace",
        "download": "Download the PDF",
        "notice": [
            "Your eligibility has changed",
            "What we could not confirm",
            "Social Security number",
            "March 6, 2026",
            "The Social Security number could not be verified by the deadline",
            "takes effect on April 1, 2026",
            "Your right to appeal",
            "June 8, 2026",
        ],
        "queue": "Expired: deadline passed",
        "review": "Review a verification",
        "left_to_do": "Left to do",
    },
    "es": {
        "dashboard": "decidido de nuevo después de que pasó una fecha límite para documentos",
        "status": "La fecha límite ya pasó",
        "expired": "No recibimos lo que necesitábamos antes del 6 de marzo de 2026",
        "new_result": "Vea sus nuevos resultados de elegibilidad",
        "send_documents": "Enviar documentos",
        "all_notices": "Todos sus avisos",
        "ssn_heading": "Número de Seguro Social: Maria Garcia",
        "maria": "No puede comprar un plan a través del Mercado",
        "download": "Descargar el PDF",
        "notice": [
            "Su elegibilidad cambió",
            "Lo que no pudimos confirmar",
            "Número de Seguro Social",
            "6 de marzo de 2026",
            "No se pudo verificar el número de Seguro Social antes de la fecha límite",
            "entra en vigor el 1 de abril de 2026",
            "Su derecho a apelar",
            "8 de junio de 2026",
        ],
        "queue": "Vencidos: la fecha límite pasó",
        "review": "Revisar una verificación",
        "left_to_do": "Pendiente",
    },
}
LANGUAGE = {"en": 0, "es": 1}  # the index into aca_rules.messages.CATALOG's pairs


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
    settings.EDI_DIR = tmp_path / "edi"


@pytest.fixture
def live(live_server, transactional_db, tmp_path):
    """The live server's (transactional) database gets its own demo catalog, as in
    tests/applications/browser/conftest.py."""
    call_command("load-demo", out=tmp_path, year=[DEMO_YEAR], stdout=StringIO(), stderr=StringIO())
    clear_caches()
    yield live_server.url
    clear_caches()


@contextmanager
def clock_on(monkeypatch, day: date):
    """The exchange's clock (core/clock.py) runs from 09:00 on `day`: MARKETPLACE_TODAY is
    `day` and the time of day runs from 09:00. Only while the browser is idle: the live
    server's thread shares the patched clock."""
    real_now = timezone.now
    started = django_settings.MARKETPLACE_CLOCK_STARTED
    offset = clock.at(started, 9) - real_now()
    with monkeypatch.context() as patched:
        patched.setattr(django_settings, "MARKETPLACE_TODAY", day)
        patched.setattr(timezone, "now", lambda: real_now() + offset)
        yield


def garcias() -> seeding.HouseholdSpec:
    return seeding.HouseholdSpec(
        last_name="Garcia",
        zipcode="02108",
        countyfips="25025",
        people=[
            P("Maria", 40, "self", "female", wages_yearly=30000, ssn="123450000"),
            P("Jose", 38, "spouse", "male", wages_yearly=22000, ssn="123450022"),
            P("Sofia", 10, "child", "female", ssn="123450033"),
            P("Mateo", 7, "child", "male", ssn="123450044"),
        ],
    )


def expired_household(monkeypatch, language: str):
    """Maria applies on APPLIED through the application's actions; the jobs run on
    DEADLINE_RUN. Returns Maria, the application and her two (now expired) items."""
    maria = make_user("maria@example.org", preferred_language=language)
    with clock_on(monkeypatch, APPLIED):
        application = application_actions.start_application(maria)
        seeding.fill_application(application, garcias(), actor=maria)
        application.refresh_from_db()
        application_actions.submit_application(application, maria, None)
    items = list(VerificationItem.objects.filter(application=application).order_by("id"))
    assert [(i.type, i.status, i.due_date) for i in items] == [
        ("ssn", ItemStatus.OPEN, DUE),
        ("citizenship", ItemStatus.OPEN, DUE),
    ]
    with clock_on(monkeypatch, DEADLINE_RUN):
        run_pending()  # the reminders (nothing to remind after the deadline), the expiry, notices
    errors = list(Job.objects.exclude(last_error="").values_list("kind", "last_error"))
    assert not errors, errors
    for item in items:
        item.refresh_from_db()
        assert item.status == ItemStatus.EXPIRED and item.redetermination is not None
    assert items[0].redetermination == items[1].redetermination  # one new determination
    return maria, application, items


def person_journey(tab, base, maria, application, items, language):
    words = WORDS[language]
    new = items[0].redetermination
    result_path = f"/apply/{application.public_id}/determinations/{new.public_id}/"
    sign_in(tab, base, maria.email)
    assert tab.locator("html").get_attribute("lang") == language

    # The dashboard: the new result and the expired items, nothing left to send.
    tab.goto(base + "/apply/")
    assert_accessible(tab)
    text = main_text(tab)
    assert words["dashboard"] in text
    assert text.count(words["status"]) == 2
    assert "send it by" not in text and "envíelo a más tardar" not in text
    latest = tab.locator(f"main a[href='{result_path}']")
    assert latest.count() == 1
    for name in (words["send_documents"], words["all_notices"]):
        assert tab.get_by_role("link", name=name, exact=True).count() == 1

    # The verification page: what expired, what was done, the link to the new result.
    tab.goto(base + "/verifications/")
    assert_accessible(tab)
    text = main_text(tab)
    assert text.count(words["expired"]) == 2
    assert text.count(words["status"]) == 2
    assert tab.get_by_role("heading", level=2, name=words["ssn_heading"]).count() == 1
    assert tab.locator("main a[href*='/upload/']").count() == 0
    links = tab.get_by_role("link", name=words["new_result"])
    assert links.count() == 2
    links.first.click()
    tab.wait_for_url(base + result_path)

    # The new result: Maria can no longer buy a plan; the reasons in the page's language.
    assert_accessible(tab)
    assert tab.locator("html").get_attribute("lang") == language
    maria_line = tab.locator("[data-member='0']")
    assert words["maria"] in " ".join(maria_line.inner_text().split())
    reasons = tab.locator("#reasons")
    not_lawfully_present = CATALOG["qhp.not_lawfully_present"][LANGUAGE[language]]
    assert reasons.get_by_text(not_lawfully_present, exact=True).count() == 1
    if language == "es":
        assert reasons.locator("[lang='en']").count() == 0  # every line was translated
        assert CATALOG["qhp.not_lawfully_present"][0] not in reasons.inner_text()
        assert CATALOG["qhp.eligible"][1] in reasons.inner_text()  # Jose keeps his plan

    # The message center: the eligibility-change notice, as a PDF in her language.
    notice = Notice.objects.get(user=maria, kind="eligibility_change")
    assert notice.status == NoticeStatus.RENDERED and notice.language == language
    tab.goto(base + "/notices/")
    assert_accessible(tab)
    link = tab.locator(f"main a[href*='{notice.public_id}']")
    assert link.inner_text().strip() == words["download"]
    response = tab.request.get(base + link.get_attribute("href"))  # the context's cookies
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body == bytes(notice.pdf)
    text = pdf_text(body)
    for phrase in words["notice"]:
        assert phrase in text, phrase
    other = "es" if language == "en" else "en"
    assert WORDS[other]["notice"][0] not in text


def caseworker_journey(tab, base, items, language):
    words = WORDS[language]
    carla = plain_user("carla@example.org", role="caseworker")
    carla.totp_secret = totp.new_secret()
    carla.mfa_enabled_at = timezone.now()
    carla.save()
    sign_in(tab, base, carla.email, code_for=carla)
    if language == "es":
        tab.get_by_role("button", name="Español").click()
        tab.wait_for_load_state()
    assert tab.locator("html").get_attribute("lang") == language

    tab.goto(base + "/casework/verifications/")
    assert_accessible(tab)
    assert tab.get_by_role("heading", name=words["queue"]).is_visible()
    for item in items:
        row = tab.locator(f"tr[data-item='{item.public_id}']")
        assert row.count() == 1
        assert "Maria Garcia" in row.inner_text() and "maria@example.org" in row.inner_text()
    tab.locator(f"tr[data-item='{items[0].public_id}'] a").click()
    tab.wait_for_url(f"**/casework/verifications/{items[0].public_id}/")
    assert_accessible(tab)
    assert tab.get_by_role("heading", name=words["review"]).is_visible()
    text = main_text(tab)
    assert words["status"] in text and words["left_to_do"] in text
    # The data service's answer is stored in English: marked so (WCAG 3.1.2).
    assert "SSA" in tab.locator("main dd[lang='en']").first.inner_text()
    assert tab.locator("main form").count() == 0  # nothing to decide on an expired item


@pytest.mark.parametrize(
    ("language", "person_javascript"),
    [("en", True), ("es", False)],
    ids=["english", "spanish"],
)
def test_an_expired_ssn_item_seen_by_the_person_and_a_caseworker(
    live, page_factory, monkeypatch, language, person_javascript
):
    maria, application, items = expired_household(monkeypatch, language)
    locale = {"en": "en-US", "es": "es-ES"}[language]

    person = page_factory(javascript=person_javascript, locale=locale)
    person_journey(person, live, maria, application, items, language)

    caseworker = page_factory(javascript=not person_javascript, locale=locale)
    caseworker_journey(caseworker, live, items, language)
