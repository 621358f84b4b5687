"""The authorisation table (table.yaml) as rows: one per URL pattern, an answer per role.

`python -m tests.security.table` lists the URL patterns of the running configuration that
have no row yet, ready to paste into table.yaml.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.test import Client

TABLE = Path(__file__).with_name("table.yaml")
ROLES = (
    "anonymous",
    "owner",
    "other_consumer",
    "assister",
    "caseworker",
    "supervisor",
    "administrator",
    "official",
)
STAFF = ("caseworker", "supervisor", "administrator")
REPORTS = ("supervisor", "administrator", "official")  # accounts.view_reports
LOGIN, MOVED = "login", "moved"
SHOPPER = "?zip=02108&county=25025&income=52000&age0=40"


def _group(who: str, answer) -> dict:
    """The cells one "<who> <answer>" clause sets."""
    if who == "everyone":
        return dict.fromkeys(ROLES, answer)
    if who == "signed-in":
        return {**dict.fromkeys(ROLES, answer), "anonymous": LOGIN}
    if who == "owner-only":
        return {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "owner": answer}
    if who == "casework":
        return {**dict.fromkeys(ROLES, 404), **dict.fromkeys(STAFF, answer)}
    if who == "reports":
        return {**dict.fromkeys(ROLES, 404), **dict.fromkeys(REPORTS, answer), "anonymous": LOGIN}
    if who == "owner-and-casework":
        cells = {**dict.fromkeys(ROLES, 404), **dict.fromkeys(STAFF, answer)}
        return {**cells, "anonymous": LOGIN, "owner": answer}
    if who in ROLES:
        return {who: answer}
    raise ValueError(f"unknown role group {who!r} in {TABLE.name}")


def parse_answers(text: str) -> dict:
    """'casework 200, anonymous login' -> {role: answer} for every role."""
    cells: dict = {}
    for clause in str(text).split(","):
        who, _, raw = clause.strip().rpartition(" ")
        answer = int(raw) if raw.isdigit() else raw
        if answer not in (LOGIN, MOVED) and not isinstance(answer, int):
            raise ValueError(f"unknown answer {raw!r} in {TABLE.name}: {text!r}")
        cells.update(_group(who, answer))
    missing = [role for role in ROLES if role not in cells]
    if missing:
        raise ValueError(f"no answer for {', '.join(missing)} in {TABLE.name}: {text!r}")
    return cells


@dataclass(frozen=True)
class Row:
    pattern: str
    method: str
    url: str
    answers: dict
    body: dict | None = None

    def url_for(self, ids: dict) -> str:
        return self.url.format(shopper=SHOPPER, **ids)


def rows() -> list[Row]:
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    found = []
    for entry in data["rows"]:
        method = "POST" if "POST" in entry else "GET"
        body = data["bodies"][entry["body"]] if "body" in entry else None
        found.append(
            Row(entry["pattern"], method, entry[method], parse_answers(entry["answers"]), body)
        )
    return found


def url_patterns() -> list[str]:
    """Every URL pattern Django resolves, as its resolver spells it ("apply/<uuid:...>/")."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    django.setup()
    known = {row.pattern for row in rows()}
    for pattern in url_patterns():
        if pattern not in known:
            print(f'- {{pattern: "{pattern}", GET: "/{pattern}", answers: everyone 404}}')


def answer_of(response):
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        return LOGIN if location.startswith("/account/login/") else MOVED
    return response.status_code


def request_row(client: Client, row, url: str):
    if row.method == "POST":
        if row.body is not None:
            return client.post(url, json.dumps(row.body), content_type="application/json")
        return client.post(url)
    return client.get(url)
