"""Every staff page (each GET row of the authorisation table under /casework/, /appeals/staff/
and /changes/staff/) in Spanish: a supervisor whose language is Spanish reads no English
sentence on any of them (the words the English pages say, looked for in the Spanish page)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from tests.security.conftest import world  # noqa: F401 - the table's fixture
from tests.security.table import rows

pytestmark = pytest.mark.django_db

STAFF = ("/casework/", "/appeals/staff/", "/changes/staff/")


def _visible_text(html: str) -> str:
    body = html.split("<main", 1)[-1].split("</main>", 1)[0]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _english(text: str) -> list[str]:
    """Runs of three or more common English words: a sentence nobody translated."""
    words = r"(?:the|and|of|to|is|for|this|that|with|who|what|has|are|not|an|on|by|was|were|be|it)"
    run = rf"\b{words}\b(?:\W+\w+){{0,2}}\W+\b{words}\b"
    return sorted(set(m.group(0) for m in re.finditer(run, text, flags=re.I)))


def test_every_staff_page_reads_in_spanish(world):  # noqa: F811
    client = Client()
    client.force_login(world.users["supervisor"])
    client.cookies["marketplace_language"] = "es"
    english = {}
    for row in rows():
        url = row.url_for(world.ids)
        if row.method != "GET" or not url.startswith(STAFF) or row.answers["supervisor"] != 200:
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        assert 'lang="es"' in response.content.decode()
        found = _english(_visible_text(response.content.decode()))
        if found:
            english[url] = found

    assert english == {}
