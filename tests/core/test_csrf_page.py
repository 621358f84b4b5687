"""The expired-form page (CSRF_FAILURE_VIEW): Ana's sign-in form is refused because its
security token no longer matches (she signed in elsewhere, or her browser dropped the
cookie). She gets a plain page in her language, not Django's technical one."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import browser_support
from tests.browser_support import assert_accessible

pytestmark = pytest.mark.django_db
# The shared Chromium fixtures, for the two browser tests below (tests/core has no conftest).
browser = browser_support.browser
page_factory = browser_support.page_factory

FORM = {"email": "ana@example.org", "password": "correct horse battery staple"}


def _refused(language: str | None = None, **extra):
    client = Client(enforce_csrf_checks=True)
    if language:
        client.cookies["marketplace_language"] = language
    return client.post("/account/login/", FORM, **extra)


def test_an_expired_form_gets_a_403_page_that_says_what_to_do():
    response = _refused(HTTP_REFERER="http://testserver/account/login/?next=/apply/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "<h1>This form expired</h1>" in text
    assert "Nothing was sent or saved." in text
    assert "Your answers are still in the form." in text
    assert 'href="http://testserver/account/login/?next=/apply/"' in text  # open it again
    assert 'lang="en"' in text
    assert "no-cache" in response["Cache-Control"]


def test_it_shows_nothing_technical_and_nothing_that_was_typed():
    text = _refused().content.decode()
    for technical in ("CSRF", "Traceback", "Reason given", "csrfmiddlewaretoken value"):
        assert technical not in text
    assert FORM["email"] not in text and FORM["password"] not in text


def test_another_site_as_referer_is_not_linked():
    text = _refused(HTTP_REFERER="https://evil.example/phish").content.decode()
    assert "evil.example" not in text


def test_it_is_in_spanish_for_a_spanish_speaker():
    response = _refused("es")
    assert response.status_code == 403
    text = response.content.decode()
    assert 'lang="es"' in text
    assert "Este formulario caducó" in text
    assert "Sus respuestas siguen en el formulario." in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_ana_goes_back_and_her_answers_are_still_there(page_factory, live_server):
    tab = page_factory()
    tab.goto(live_server.url + "/account/login/")
    tab.get_by_label("E-mail address").fill(FORM["email"])
    tab.context.clear_cookies()  # the token the form carries no longer matches anything
    with tab.expect_response(lambda r: r.request.method == "POST") as posted:
        tab.get_by_role("button", name="Sign in", exact=True).click()
    assert posted.value.status == 403
    assert tab.get_by_role("heading", name="This form expired").is_visible()
    assert_accessible(tab)
    tab.get_by_role("button", name="Go back to the form").click()
    tab.wait_for_url(live_server.url + "/account/login/")
    assert tab.get_by_label("E-mail address").input_value() == FORM["email"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_spanish_page_without_javascript_is_accessible(page_factory, live_server):
    tab = page_factory(javascript=False, locale="es-ES")
    tab.goto(live_server.url + "/account/login/")
    assert tab.locator("html").get_attribute("lang") == "es"
    tab.context.clear_cookies()
    tab.locator("form.usa-form button[type=submit]").click()
    assert tab.get_by_role("heading", name="Este formulario caducó").is_visible()
    # Without JavaScript the "go back" button stays hidden; the text says to use Back.
    assert not tab.get_by_role("button", name="Regresar al formulario").is_visible()
    assert_accessible(tab)
