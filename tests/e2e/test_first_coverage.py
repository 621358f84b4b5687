"""Ana Souza, 40, a new person in Boston (02108) with $25,000 a year, goes from the home page
to 2027 coverage on a fresh exchange (the demo catalog, the clock at December 2, 2026, in
2027 open enrollment), in English and in Spanish, following only links and buttons (and the
link in the e-mail that confirms her address), with axe-core finding no WCAG 2.1 AA violation
on any page:

home -> window shopping (zip, household, savings, plan list, plan page) -> "Choose this plan"
-> create an account -> the e-mail's link -> sign in -> the application, with what she typed
while shopping carried in -> identity -> sign -> the result -> the plan -> checkout ->
confirmation -> messages -> the notice PDF; and the 834 that `edi-export` writes.

At 156.64% of the 2026 guideline she qualifies for ConnectorCare Plan Type 2B
(956 CMR 12.04(3)): the state's subsidy (measured against the lowest-cost ConnectorCare plan
at her address) must be in the price at every step: the savings page, the plan list, the plan
page, the result, the enrollment plan page, checkout, confirmation, the notice and the 834.
The figures are `marketplace estimate`'s for the same household.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command

from marketplace.edi.models import OutboundTransaction
from marketplace.jobs.models import Job
from marketplace.jobs.queue import run_pending
from marketplace.jobs.registry import load_handlers
from tests.browser_support import assert_accessible
from tests.pdfs import pdf_text
from tests.shopping.support import clear_caches, run_estimate
from x12 import read_834

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Today in this journey: in the open enrollment period for 2027 (November 1 to December 31,
#: 2026, 45 CFR 155.410(e)(5)).
TODAY = date(2026, 12, 2)
YEAR = 2027
PASSWORD = "Blue-heron-river-42!"
ANA = {
    "year": YEAR,
    "state": "MA",
    "countyfips": "25025",
    "zipcode": "02108",
    "income": 25000,
    "people": [{"age": 40, "relationship": "self"}],
}
#: Words of an English sentence that a Spanish page must not show.
ENGLISH = re.compile(r"\b(the|your|you|and|of|to|with|for|these)\b")
WORDS = {
    "en": {
        "income": "25,000",
        "see_plans": "See plans and prices",
        "continue": "Continue",
        "savings": "See my savings",
        "plans": r"^See \d+ plans",
        "choose": "Choose this plan",
        "register": "Create an account",
        "create": "Create account",
        "sign_in": "Sign in",
        "carried": "What you told us while looking at plans",
        "start": "Start an application",
        "add_yourself": "Add yourself",
        "save": "Save",
        "save_continue": "Save and continue",
        "identity": "Confirm your identity",
        "answers": "Submit answers",
        "back_to_application": "Continue to your application",
        "sign": "Sign and submit the application",
        "result": "Your eligibility results for 2027",
        "continue_with": "Continue with",
        "enroll": "Enroll in this plan",
        "enrolled": "You are enrolled",
        "messages": "Read your confirmation notice in your messages",
        "confirmation": "Enrollment confirmation",
        "download": "Download the PDF",
        "notice_state": "State help from ConnectorCare each month",
    },
    "es": {
        "income": "25000",
        "see_plans": "Ver planes y precios",
        "continue": "Continuar",
        "savings": "Ver mis ahorros",
        "plans": r"^Ver \d+ planes",
        "choose": "Elegir este plan",
        "register": "Crear una cuenta",
        "create": "Crear cuenta",
        "sign_in": "Iniciar sesión",
        "carried": "Lo que nos dijo mientras veía los planes",
        "start": "Comenzar una solicitud",
        "add_yourself": "Agréguese usted",
        "save": "Guardar",
        "save_continue": "Guardar y continuar",
        "identity": "Confirme su identidad",
        "answers": "Enviar respuestas",
        "back_to_application": "Continuar con su solicitud",
        "sign": "Firmar y enviar la solicitud",
        "result": "Sus resultados de elegibilidad para 2027",
        "continue_with": "Continuar con",
        "enroll": "Inscribirme en este plan",
        "enrolled": "Usted está inscrito",
        "messages": "Lea su aviso de confirmación en sus mensajes",
        "confirmation": "Confirmación de inscripción",
        "download": "Descargar el PDF",
        "notice_state": "Ayuda del estado de ConnectorCare cada mes",
    },
}


@pytest.fixture
def exchange(live_server, transactional_db, tmp_path, settings):
    """A fresh exchange as `make run` starts it today: the demo catalog (the 2027 plan year
    and the demo issuers' provider and drug files) and the clock at December 2, 2026."""
    settings.MARKETPLACE_TODAY = TODAY
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAILHOUSE_DIR = tmp_path / "mailhouse"
    settings.EDI_DIR = tmp_path / "edi"
    call_command(
        "load-demo", out=tmp_path / "puf", year=[YEAR], stdout=StringIO(), stderr=StringIO()
    )
    clear_caches()
    yield live_server.url
    clear_caches()


class Journey:
    """One person's browser tab: every step checks the page with axe."""

    def __init__(self, tab, base: str, language: str):
        self.tab, self.base, self.words = tab, base, WORDS[language]
        self.language = language

    def main(self) -> str:
        return self.tab.locator("main").inner_text()

    def checked(self) -> str:
        self.tab.wait_for_load_state()
        assert self.tab.locator("html").get_attribute("lang") == self.language, self.tab.url
        assert_accessible(self.tab)
        if self.language == "es":
            english = [line for line in self.main().splitlines() if ENGLISH.search(line)]
            assert not english, f"{self.tab.url}: not translated: {english}"
        return self.main()

    def link(self, name: str, exact: bool = False):
        self.tab.locator("main").get_by_role("link", name=name, exact=exact).first.click()
        return self.checked()

    def button(self, name: str, exact: bool = True):
        self.tab.locator("main").get_by_role("button", name=name, exact=exact).last.click()
        return self.checked()

    def tick(self, selector: str) -> None:
        """USWDS hides the real radio or checkbox: a person clicks its label."""
        ident = self.tab.locator(selector).first.get_attribute("id")
        self.tab.click(f"label[for='{ident}']")


def shop(j: Journey, state: str) -> None:
    w = j.words
    j.tab.goto(j.base + "/")
    if j.language == "es":
        j.tab.get_by_role("button", name="Español").click()
    assert "2027" in j.checked()
    j.link(w["see_plans"])
    j.tab.locator("input[name=zip]").fill("02108")
    j.button(w["continue"])
    j.tab.locator("#age0").fill("40")
    j.tab.locator("#income").fill(w["income"])
    page = j.button(w["savings"])
    assert "ConnectorCare" in page and state in page, "the savings page shows the state's help"
    page = j.link(re.compile(w["plans"]))
    card = j.tab.locator("li.mp-plan", has_text="ConnectorCare").first
    assert state in card.inner_text(), "the plan list prices ConnectorCare plans with it"
    card.locator("a").first.click()
    page = j.checked()
    assert state in page and "$53.00" in page, "the plan page shows it and what she pays"
    j.button(w["choose"])


def register_and_sign_in(j: Journey, email: str) -> None:
    w = j.words
    j.link(w["register"], exact=True)
    j.tab.fill("input[name=email]", email)
    j.tab.fill("input[name=password]", PASSWORD)
    j.tick(f"input[name=preferred_language][value={j.language}]")
    j.button(w["create"])
    [message] = [m for m in mail.outbox if m.to == [email]]
    link = re.search(r"https?://\S+/account/verify/\S+/", message.body).group(0)
    j.tab.goto(j.base + urlsplit(link).path)  # she opens the link in the e-mail
    j.checked()
    j.tab.fill("input[name=email]", email)
    j.tab.fill("input[name=password]", PASSWORD)
    page = j.button(w["sign_in"])
    assert j.tab.url.endswith("/apply/")
    assert w["carried"] in page and "25,000" in page


def apply(j: Journey) -> None:
    w = j.words
    j.button(w["start"])
    j.link(w["add_yourself"], exact=True)
    assert j.tab.locator("select[name=relationship]").input_value() == "self"
    j.tab.fill("input[name=first_name]", "Ana")
    j.tab.fill("input[name=last_name]", "Souza")
    j.tab.fill("input[name=date_of_birth]", "1986-05-14")
    j.tick("input[name=sex][value=female]")
    j.tab.fill("input[name=ssn]", "123-45-6789")
    j.button(w["save"])
    j.link(w["save_continue"], exact=True)  # on to tax filing
    j.tick("input[name=tax_filer][value=yes]")
    j.tick("input[name=filing_status][value=single]")
    j.button(w["save_continue"])
    # The address: the zip code and county she gave while shopping are filled in.
    assert j.tab.locator("input[name=zipcode]").input_value() == "02108"
    assert j.tab.locator("select[name=countyfips]").input_value() == "25025"
    j.tab.fill("input[name=street]", "1 Beacon St")
    j.tab.fill("input[name=city]", "Boston")
    j.button(w["save_continue"])
    j.link("Ana Souza")
    for name in ("citizen", "incarcerated", "aian", "pregnant", "tobacco", "esi_offered"):
        j.tick(f"input[name={name}][value={'yes' if name == 'citizen' else 'no'}]")
    j.tick("input[name=other_coverage][value=none]")
    j.button(w["save_continue"])
    j.tab.locator("main a[href$='/income/'].usa-button").click()
    j.checked()
    # Her income, carried from shopping as yearly wages; the frequency is chosen, not assumed.
    assert j.tab.locator("input[name$='-wages']").first.input_value() == "25000"
    assert j.tab.locator("select[name$='-wages_frequency']").first.input_value() == "yearly"
    j.button(w["save_continue"])
    j.button(w["save_continue"])  # she asks for coverage
    assert "$25,000.00" in j.main()
    j.tab.locator("main form button[type=submit]").last.click()  # review: go to sign
    j.checked()


def prove_identity_and_sign(j: Journey) -> None:
    w = j.words
    j.link(w["identity"], exact=True)
    # What she typed on the application is not asked again.
    assert j.tab.locator("input[name=first_name]").input_value() == "Ana"
    assert j.tab.locator("input[name=last_name]").input_value() == "Souza"
    assert j.tab.locator("input[name=date_of_birth]").input_value() == "1986-05-14"
    j.tab.fill("input[name=ssn_last4]", "6789")
    j.button(w["continue"])
    for key, value in {
        "street": "Maple Street",
        "lender": "First Simulated Bank",
        "county": "Suffolk",
    }.items():
        j.tick(f"input[name={key}][value='{value}']")
    j.button(w["answers"])
    j.link(w["back_to_application"], exact=True)
    j.tick("input[name=attest_true]")
    j.tick("input[name=attest_changes]")
    j.tab.fill("input[name=signature_name]", "Ana Souza")
    j.tab.locator("main").get_by_role("button", name=w["sign"]).click()
    j.tab.wait_for_url(re.compile(r".*/determinations/.*"))


def enroll(j: Journey, state: str) -> str:
    w = j.words
    page = j.checked()
    assert w["result"] in page
    assert state in page, "the result names the state's help"
    page = j.link(w["continue_with"])
    assert "ConnectorCare" in page and state in page
    page = j.button(w["continue"])
    assert "/checkout/" in j.tab.url
    assert j.tab.get_by_test_id("state").inner_text() == state
    assert j.tab.get_by_test_id("net").inner_text() == "$53.00"
    for name in ("truthful", "reconcile", "terms"):
        j.tab.click(f"label[for={name}]")
    page = j.button(w["enroll"])
    assert w["enrolled"] in page
    assert j.tab.get_by_test_id("state").inner_text() == state
    assert re.search(r"\b\d{5}MA\d{7}-05\b", page), "the plan ID as checkout wrote it"
    return page


def read_the_notice(j: Journey, email: str, state: str) -> str:
    w = j.words
    load_handlers()
    run_pending()  # the worker: the confirmation notice is rendered and the e-mail sent
    assert not Job.objects.exclude(last_error="").exists()
    told = [m for m in mail.outbox if m.to == [email]][1:]
    assert told, "she chose notices online: an e-mail says a notice is waiting"
    assert all("Souza" not in m.body and "ConnectorCare" not in m.body for m in told)
    page = j.link(w["messages"])
    assert w["confirmation"] in page
    row = j.tab.locator("main tr", has_text=w["confirmation"])
    href = row.get_by_role("link", name=w["download"]).get_attribute("href")
    response = j.tab.request.get(j.base + href)  # the browser's own cookies
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert f"{w['notice_state']} {state}" in text
    return text


def the_834(tmp_path) -> str:
    out = tmp_path / "834"
    call_command("edi-export", out=out, stdout=StringIO())
    [path] = [p for p in out.rglob("*") if p.is_file()]
    return path.read_text()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_new_person_goes_from_the_home_page_to_2027_coverage(
    exchange, page_factory, language, tmp_path
):
    expected = run_estimate(ANA)["state_subsidy"]
    assert expected["plan_type"] == "2B" and expected["eligible"]
    state = f"${Decimal(str(expected['monthly'])):,.2f}"
    email = f"ana.{uuid.uuid4().hex[:8]}@example.org"
    tab = page_factory()  # an English browser: Spanish is chosen on the home page
    j = Journey(tab, exchange, language)

    shop(j, state)
    register_and_sign_in(j, email)
    apply(j)
    prove_identity_and_sign(j)
    enroll(j, state)
    assert OutboundTransaction.objects.count() == 1  # queued with the enrollment
    text = the_834(tmp_path)
    assert f"N1*75*MONTHLY STATE SUBSIDY AMT~REF*9V*{expected['monthly']}~" in text
    [txn] = read_834(text).transactions
    assert txn.state_subsidy_amount == Decimal(str(expected["monthly"]))
    assert txn.total_responsible_amount == Decimal("53.00")

    read_the_notice(j, email, state)
