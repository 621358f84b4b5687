"""Every shopping page in Spanish, with the figures unchanged."""

import re

import pytest

from tests.shopping.support import GARCIAS, NGUYENS, figure, plan_ids, qs

pytestmark = pytest.mark.django_db

ENGLISH_LEFTOVERS = [
    "Where do you live",
    "Your household",
    "See my savings",
    "Premium tax credit",
    "Monthly premium",
    "Deductible",
    "Compare",
    "Filter",
    "Plans for",
    "Continue",
    "Skip to main content",
    "Health Marketplace",
    "Add another person",
    "Out-of-pocket",
    "Quality rating",
    "Not rated",
    "coinsurance",
    "copay",
    "No charge",
]


def _visible_text(html: str) -> str:
    body = html.split("<main", 1)[1] if "<main" in html else html
    body = re.sub(r'<(details|ul) [^>]*lang="en".*?</\1>', "", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body)


def _pages(client):
    ids = plan_ids(client.get("/shop/plans/?" + qs(NGUYENS)).content.decode())[:2]
    return [
        "/",
        "/shop/",
        "/shop/?zip=abcde",
        "/shop/household/?zip=02108&county=25025&age0=x&income=&go=1",
        "/shop/estimate/?" + qs(GARCIAS),
        "/shop/plans/?" + qs(NGUYENS),
        f"/shop/plans/{ids[0]}/?" + qs(NGUYENS),
        "/shop/compare/?" + qs(NGUYENS + [("plan", i) for i in ids]),
        "/no-such-page",
    ]


def test_every_page_is_in_spanish(spanish):
    for url in _pages(spanish):
        html = spanish.get(url).content.decode()
        assert 'lang="es"' in html, url
        text = _visible_text(html)
        for words in ENGLISH_LEFTOVERS:
            assert words not in text, (url, words)


def test_spanish_pages_say_the_same_figures(client, spanish):
    url = "/shop/plans/?" + qs(NGUYENS)
    english = client.get(url).content.decode()
    spanish_html = spanish.get(url).content.decode()
    assert figure(english, "premium_after_credit") == figure(spanish_html, "premium_after_credit")
    assert "Planes para su hogar" in spanish_html


def test_spanish_errors(spanish):
    html = spanish.get("/shop/household/?zip=02108&county=25025&age0=x&income=&go=1")
    text = html.content.decode()
    assert "La edad debe ser un número entero de años, de 0 a 120." in text
    assert "Ingrese el ingreso que espera su hogar para el año, en dólares." in text


def test_the_language_switch_keeps_the_household(client):
    url = "/shop/plans/?" + qs(NGUYENS)
    response = client.post("/i18n/setlang/", {"language": "es", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert "Planes para su hogar" in client.get(url).content.decode()
