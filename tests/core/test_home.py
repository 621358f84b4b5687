"""The home page, the health check and the error pages, through the web client."""

import pytest

pytestmark = pytest.mark.django_db


def test_home_page_says_when_the_catalog_is_empty(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Plans are not loaded yet" in response.content.decode()


def test_home_page_is_in_spanish_when_asked(client):
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="es"' in response.content.decode()


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_pages_carry_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
