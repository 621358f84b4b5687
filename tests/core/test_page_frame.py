"""The page frame's parts rendered once and reused (issue 17, `{% reuse %}` in base.html and
accounts/_header.html): every page reads byte for byte as when each part is rendered afresh,
for a visitor and a signed-in person, in English and Spanish, apart from the CSRF token,
which stays one per request; the language switch and the sign-out still work."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.test import Client
from django.utils import timezone

from marketplace.accounts.models import User
from marketplace.core.templatetags import frame

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
SESSION_END = re.compile(r'(<p class="mp-account__expiry")[^>]*>[^<]*')  # the time it ends
PAGES = ["/", "/shop/", "/shop/?zip=abcde", "/apply/", "/account/", "/no-such-page"]


def _person(language: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.cookies["marketplace_language"] = language
    return client


def _signed_in(language: str) -> Client:
    user = User.objects.create_user(
        f"frame-{language}@example.org", "a long passphrase here", email_verified_at=timezone.now()
    )
    client = _person(language)
    client.force_login(user)
    return client


def _page(client: Client, url: str) -> tuple[str, list[str]]:
    html = client.get(url, follow=True).content.decode()
    tokens = [match[1] for match in TOKEN.findall(html)]
    html = TOKEN.sub(r"\1-\3", html)
    return SESSION_END.sub(r"\1>-", html), tokens


def _every_page(clients: dict[str, Client]) -> dict[tuple[str, str], tuple[str, list[str]]]:
    return {(who, url): _page(client, url) for who, client in clients.items() for url in PAGES}


def test_pages_read_as_when_each_part_is_rendered_afresh(settings):
    clients = {
        "visitor en": _person("en"),
        "visitor es": _person("es"),
        "signed in en": _signed_in("en"),
        "signed in es": _signed_in("es"),
    }
    fresh = {}
    for who, client in clients.items():
        for url in PAGES:
            frame.forget()  # this page's parts rendered afresh, as before they were kept
            fresh[who, url] = _page(client, url)
    kept = _every_page(clients)  # each part rendered once, for the first page showing it
    again = _every_page(clients)  # every part kept
    assert {key: html for key, (html, _) in again.items()} == {k: v[0] for k, v in kept.items()}
    for key, (html, tokens) in fresh.items():
        assert kept[key][0] == html, key
        assert tokens and len(kept[key][1]) == len(tokens), key
        assert kept[key][1][0] != tokens[0], key  # a token per request
    assert "Sign out" in kept["signed in en", "/"][0]
    assert "Cerrar sesión" in kept["signed in es", "/"][0]
    assert "Sign in" in kept["visitor en", "/"][0] and "Sign out" not in kept["visitor en", "/"][0]
    assert 'lang="es"' in kept["visitor es", "/shop/"][0]


def test_the_state_shown_follows_the_setting(client, settings):
    assert "Massachusetts Health Marketplace" in client.get("/").content.decode()
    settings.MARKETPLACE_STATE = "VT"
    html = client.get("/").content.decode()
    assert "Vermont Health Marketplace" in html and "Massachusetts" not in html


def test_the_language_switch_still_works():
    person = _person("en")
    _html, tokens = _page(person, "/shop/?zip=02108")
    assert "Where do you live" in person.get("/shop/").content.decode()
    answer = person.post(
        "/i18n/setlang/",
        {"csrfmiddlewaretoken": tokens[0], "language": "es", "next": "/shop/"},
    )
    assert answer.status_code == 302 and answer["Location"] == "/shop/"
    assert "¿Dónde vive?" in person.get("/shop/").content.decode()
    refused = _person("en").post("/i18n/setlang/", {"language": "es", "next": "/shop/"})
    assert refused.status_code == 403  # still no switch without the page's token


def test_the_sign_out_still_works():
    person = _signed_in("en")
    _html, tokens = _page(person, "/apply/")
    assert len(tokens) >= 3  # language, sign out, stay signed in (and the page's forms)
    answer = person.post("/account/logout/", {"csrfmiddlewaretoken": tokens[1]})
    assert answer.status_code == 302
    assert "Sign out" not in person.get("/", follow=True).content.decode()


@pytest.mark.parametrize(
    "source",
    [
        "{% load frame %}{% reuse %}<form>{% csrf_token %}</form>{% endreuse %}",
        "{% load frame %}{% reuse %}{{ request.get_full_path }}{% endreuse %}",
        "{% load frame %}{% reuse %}{{ user.email }}{% endreuse %}",
    ],
)
def test_a_kept_part_cannot_hold_what_is_per_request(source):
    with pytest.raises(TemplateSyntaxError):
        Engine(libraries={"frame": "marketplace.core.templatetags.frame"}).from_string(source)


def test_a_part_is_kept_by_the_values_it_names():
    engine = Engine(libraries={"frame": "marketplace.core.templatetags.frame"})
    template = engine.from_string("{% load frame %}{% reuse name %}{{ name }}{{ n }}{% endreuse %}")
    assert template.render(Context({"name": "MA", "n": 1})) == "MA1"
    assert template.render(Context({"name": "MA", "n": 2})) == "MA1"  # kept
    assert template.render(Context({"name": "VT", "n": 3})) == "VT3"
