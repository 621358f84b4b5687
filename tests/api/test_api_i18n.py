"""API error messages in the caller's language (Accept-Language), paths and codes in English."""

import ast
import json
import re
from pathlib import Path

import pytest
from django.utils import translation
from pydantic_core import PydanticKnownError

from marketplace.api import i18n

pytestmark = pytest.mark.django_db
API_DIR = Path(i18n.__file__).parent
PO = API_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"

#: One bad request of each kind the API answers with an error: 422 from validation, 400 from
#: its own checks, 404 for unknown places and plans.
BAD_REQUESTS = [
    (
        "post",
        "/api/v1/plans/search",
        {
            "household": {"income": -5, "people": [{"age": 300, "relationship": "Boss"}]},
            "place": {"state": "MA", "zipcode": "2108"},
            "limit": 1000,
            "offset": -1,
            "sort": "cheapest",
            "filter": {"metal_levels": ["Tin"], "premium_range": {"max": "lots"}},
        },
        422,
    ),
    (
        "post",
        "/api/v1/households/eligibility/estimates",
        {"household": {"income": 50000, "people": []}, "place": {"state": "MA"}, "year": 1999},
        422,
    ),
    ("post", "/api/v1/plans/search", {}, 422),
    ("post", "/api/v1/plans/search", "not json", 400),
    (
        "post",
        "/api/v1/plans/search",
        {
            "household": {"income": 50000, "people": [{"age": 40}]},
            "place": {"state": "VT", "zipcode": "05401"},
        },
        400,
    ),
    (
        "post",
        "/api/v1/plans/search",
        {
            "household": {"income": 50000, "people": [{"age": 40}]},
            "place": {"state": "MA", "zipcode": "90210"},
        },
        400,
    ),
    (
        "post",
        "/api/v1/households/eligibility/estimates",
        {
            "household": {"income": 50000, "people": [{"age": 40}]},
            "place": {"state": "MA", "zipcode": "02108", "countyfips": "25001"},
        },
        400,
    ),
    (
        "post",
        "/api/v1/plans/search",
        {
            "household": {
                "income": 50000,
                "people": [{"age": 40}, {"age": 9, "relationship": "Self"}],
            },
            "place": {"state": "MA", "zipcode": "02108"},
        },
        400,
    ),
    (
        "post",
        "/api/v1/plans/search",
        {
            "household": {"income": 50000, "people": [{"age": 40, "has_mec": True}]},
            "place": {"state": "MA", "zipcode": "02108"},
        },
        400,
    ),
    ("get", "/api/v1/counties/by/zip/12ab", None, 400),
    ("get", "/api/v1/counties/by/zip/90210", None, 404),
    ("get", "/api/v1/plans/not-a-plan", None, 400),
    ("get", "/api/v1/plans/99999MA9999999?year=2026", None, 404),
    ("get", "/api/v1/plans/99999MA9999999?year=banana", None, 422),
]


def call(client, method, path, body=None, **headers):
    if method == "get":
        return client.get(path, **headers)
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data, content_type="application/json", **headers)


def messages(body: dict) -> list[str]:
    return [body["message"], body["error"], *body["errors"].values()]


@pytest.mark.parametrize(("method", "path", "body", "status"), BAD_REQUESTS)
def test_the_same_bad_request_in_spanish(client, method, path, body, status):
    english = call(client, method, path, body)
    spanish = call(client, method, path, body, HTTP_ACCEPT_LANGUAGE="es")
    assert english.status_code == spanish.status_code == status
    assert english["Content-Language"] == "en" and spanish["Content-Language"] == "es"
    assert "Accept-Language" in spanish["Vary"]
    en, es = english.json(), spanish.json()
    assert set(en) == set(es) == {"code", "status", "message", "error", "errors"}
    assert (en["code"], en["status"]) == (es["code"], es["status"])
    assert list(en["errors"]) == list(es["errors"])  # field paths stay English
    for en_text, es_text in zip(messages(en), messages(es), strict=True):
        assert en_text != es_text, en_text


def test_spanish_messages_read_as_spanish(client):
    body = BAD_REQUESTS[0][2]
    es = call(client, "post", "/api/v1/plans/search", body, HTTP_ACCEPT_LANGUAGE="es-MX,en;q=0.5")
    assert es["Content-Language"] == "es"
    errors = es.json()["errors"]
    assert es.json()["message"] == "Datos no válidos: vea los errores de cada campo."
    assert errors["household.income"] == "El valor debe ser mayor o igual a 0"
    assert errors["household.people.0.age"] == "El valor debe ser menor o igual a 120"
    assert errors["limit"] == "El valor debe ser menor o igual a 100"
    assert errors["sort"].endswith("'total_costs' o 'quality_rating'")
    assert errors["place.zipcode"].startswith("El texto debe coincidir con el patrón")
    zip_error = call(client, "get", "/api/v1/counties/by/zip/12ab", HTTP_ACCEPT_LANGUAGE="es")
    assert zip_error.json()["errors"] == {"zip": "Un código postal tiene 5 dígitos, como 02108."}


def test_english_messages_are_unchanged(client):
    body = BAD_REQUESTS[0][2]
    errors = call(client, "post", "/api/v1/plans/search", body).json()["errors"]
    assert errors["household.income"] == "Input should be greater than or equal to 0"
    assert errors["sort"].endswith("'total_costs' or 'quality_rating'")
    zip_error = call(client, "get", "/api/v1/counties/by/zip/12ab")
    assert zip_error.json()["errors"] == {"zip": "A zip code has 5 digits, like 02108."}


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("", "en"),
        ("*", "en"),
        ("xx", "en"),
        ("es;q=0", "en"),
        ("fr-CA, es;q=0.5", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("ES", "es"),
        ("es_ES", "en"),
        (";;;,,,=q", "en"),
        ("es;q=banana", "en"),
        ("ñ-ü, es", "en"),  # a malformed header counts as none
        ("es-" + "x" * 5000, "en"),
        ("fr;q=0.9, " * 400 + "es", "en"),
        ("es, " + "fr;q=0.1, " * 400, "es"),
    ],
)
def test_odd_headers_are_never_a_500(client, header, language):
    for method, path, body, status in BAD_REQUESTS[:1] + BAD_REQUESTS[-4:]:
        response = call(client, method, path, body, HTTP_ACCEPT_LANGUAGE=header)
        assert response.status_code == status, header
        assert response["Content-Language"] == language, header


def test_the_api_reads_no_language_cookie(spanish):
    response = call(spanish, "get", "/api/v1/counties/by/zip/12ab")
    assert response["Content-Language"] == "en"
    assert response.json()["message"] == "A zip code has 5 digits."


def test_answers_name_their_language_and_stay_the_same(client):
    english = call(client, "get", "/api/v1/counties/by/zip/02108")
    spanish = call(client, "get", "/api/v1/counties/by/zip/02108", HTTP_ACCEPT_LANGUAGE="es")
    assert english["Content-Language"] == "en" and spanish["Content-Language"] == "es"
    assert english.json() == spanish.json()


def test_the_openapi_document_stays_english(client):
    english = client.get("/api/v1/openapi.json").json()
    spanish = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="es").json()
    assert english == spanish


BOSTON = {"state": "MA", "zipcode": "02108"}


def test_rules_engine_input_errors_keep_their_english_text(client):
    """aca_rules' messages are formatted with values (years, limits): passed on as they are,
    under a translated summary (docs/adr/0400-shopping-and-api.md)."""
    spouse = {"age": 39, "relationship": "Spouse"}
    people = [{"age": 40}, spouse, {**spouse, "age": 38}]
    body = {"household": {"income": 50000, "people": people}, "place": BOSTON}
    es = call(client, "post", "/api/v1/plans/search", body, HTTP_ACCEPT_LANGUAGE="es")
    assert es.status_code == 400
    assert es.json()["message"] == "No se puede calcular el estimado para este hogar."
    assert "at most one member" in es.json()["errors"]["people"]


def test_messages_passed_on_from_lower_layers():
    with translation.override("es"):
        assert i18n.passed_on("No plans are loaded for this state yet.").startswith("Todavía")
        assert i18n.passed_on("Cannot parse request body (Expecting value)").endswith(
            " (Expecting value)"
        )
        assert i18n.passed_on("something else") == "something else"


#: A context for each pydantic error type the API translates.
CONTEXTS = {
    "string_pattern_mismatch": {"pattern": r"^\d{5}$"},
    "greater_than_equal": {"ge": 0},
    "less_than_equal": {"le": 120},
    "greater_than": {"gt": 0},
    "less_than": {"lt": 5},
    "literal_error": {"expected": "'asc' or 'desc'"},
    "model_type": {"class_name": "PlaceIn"},
    "too_short": {"field_type": "List", "min_length": 1, "actual_length": 0},
    "too_long": {"field_type": "List", "max_length": 10, "actual_length": 11},
}


@pytest.mark.parametrize("kind", sorted(i18n.FIELD_MESSAGES))
def test_field_messages_in_english_are_pydantics_own(kind):
    ctx = CONTEXTS.get(kind)
    expected = PydanticKnownError(kind, ctx).message()
    item = {"type": kind, "msg": "(pydantic's)", "ctx": ctx}
    with translation.override("en"):
        assert i18n.field_message(item) == expected
    with translation.override("es"):
        assert i18n.field_message(item) not in (expected, "(pydantic's)")


def test_a_field_message_we_cannot_translate_keeps_pydantics_text():
    with translation.override("es"):
        assert i18n.field_message({"type": "uuid_type", "msg": "Input should be a UUID"}) == (
            "Input should be a UUID"
        )
        broken = {"type": "greater_than_equal", "msg": "Input should be >= 0", "ctx": {}}
        assert i18n.field_message(broken) == "Input should be >= 0"


def _po_entries() -> list[dict]:
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                fields.setdefault("flags", []).append(line)
                continue
            match = re.match(r"^(msgid_plural|msgid|msgstr(?:\[\d\])?) (.*)$", line)
            if match:
                current = match.group(1)
                fields[current] = ""
                line = match.group(2)
            fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            entries.append(fields)
    return entries


def _source_message_ids() -> set[str]:
    """Every literal message id the API's Python code marks for translation."""
    found = set()
    for source in API_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"):
                first = node.args[0]
                assert isinstance(first, ast.Constant), f"{source.name}:{node.lineno}"
                found.add(first.value)
    return found


def test_every_api_message_has_a_spanish_translation():
    entries = {e["msgid"]: e for e in _po_entries()}
    ids = _source_message_ids()
    assert len(ids) > 40
    for msgid in ids:
        entry = entries.get(msgid)
        assert entry is not None, f"not in {PO.name}: {msgid!r}"
        assert not any("fuzzy" in flag for flag in entry.get("flags", [])), msgid
        translations = [v for k, v in entry.items() if k.startswith("msgstr")]
        assert translations and all(translations), msgid
        with translation.override("es"):
            if "msgid_plural" in entry:  # as the API asks for it (3.11.7's gettext() finds a
                # plural entry's first form, 3.11.2's does not: ADR 0835)
                found = translation.ngettext(msgid, entry["msgid_plural"], 1)
            else:
                found = translation.gettext(msgid)
            assert found == entry.get("msgstr", entry.get("msgstr[0]"))
    for msgid, entry in entries.items():  # and the docs page's strings
        assert all(v for k, v in entry.items() if k.startswith("msgstr")), msgid
