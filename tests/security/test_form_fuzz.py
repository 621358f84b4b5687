"""Hypothesis over every page form, consumer and staff (issue 12; ADR 0402): whatever a
person types, the page answers without a 5xx, a refused form stores nothing (no row, no
audit event), and whatever is stored fits its columns (lengths, digits) on SQLite too,
where the database would not refuse it.

Each target is a page with a form: its fields are read from the form the page renders (so
the dynamic ones, like the tax step's "claim" questions and the income step's per-person
prefixes, are there), or listed here for the plain HTML forms of the enrollment pages.
Every example runs in a savepoint rolled back after it: all start from the same records
(tests/security/conftest.py, with Maria's application reopened so its steps take changes).
`make test` tries MARKETPLACE_FORM_FUZZ_EXAMPLES (default 12) examples a form;
`make bench ONLY=fuzz` many more.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.core.validators import DecimalValidator
from django.db import models, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.accounts.models import User
from marketplace.applications import actions as application_actions
from marketplace.applications.models import Application, Deduction, IncomeItem, Member
from marketplace.audit.models import AuditEvent
from marketplace.casework.views.enrollments import REASONS
from marketplace.core.amount_field import AmountField
from marketplace.enrollment.models import Enrollment
from marketplace.verifications.models import VerificationItem

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("MARKETPLACE_FORM_FUZZ_EXAMPLES", "12"))
#: Models whose rows a page form writes: their rows are compared before and after a
#: refused form, and each stored row must pass its model's own field checks.
STORED = (Application, Member, IncomeItem, Deduction, Enrollment, VerificationItem, User)

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e28",
        "-1E+30",
        "NaN",
        "Infinity",
        "9" * 40,
        "0.001",
        "$1,000,000.00",
        "<script>alert(1)</script>",
        "Robert'); DROP TABLE members;--",
        "\u202eevil",
        "Иван Петров",
        "\u0660\u0661\u0662",
        "\U0001d7d8\U0001d7d9",
        "a" * 300,
        "x@" + "y" * 300 + ".org",
        "2026-02-30",
        "9999-12-31",
        "0001-01-01",
        "12/31/1899",
        "on",
        "yes",
        "None",
    ]
)
TEXT = st.one_of(HOSTILE, st.text(max_size=120))
MONEY = st.one_of(HOSTILE, st.decimals(min_value=-(10**6), max_value=10**13, places=2).map(str))
DATE = st.one_of(HOSTILE, st.dates(min_value=date(1890, 1, 1)).map(date.isoformat))
CHECK = st.sampled_from(["on", "", "off", "1"])


def _valid(field: forms.Field):
    """Values a person might really type or choose for `field`."""
    if isinstance(field, forms.MultipleChoiceField):
        keys = [str(k) for k, _ in field.choices]
        return st.lists(st.sampled_from(keys), max_size=len(keys)) if keys else st.just([])
    if isinstance(field, forms.ChoiceField):
        keys = [str(k) for k, _ in field.choices] or [""]
        return st.sampled_from(keys)
    if isinstance(field, forms.BooleanField):
        return CHECK
    if isinstance(field, forms.DecimalField | forms.IntegerField):
        return st.decimals(min_value=-(10**15), max_value=10**15, places=2).map(str)
    if isinstance(field, AmountField):  # as people type money: "35,000", "$1,234.56"
        amounts = st.decimals(min_value=-(10**9), max_value=10**12, places=2)
        return st.one_of(amounts.map(str), amounts.map(lambda d: f"${d:,}"))
    if isinstance(field, forms.DateField):
        return st.dates(min_value=date(1890, 1, 1)).map(date.isoformat)
    if isinstance(field, forms.EmailField):
        return st.emails()
    if isinstance(field, forms.FileField):
        return st.nothing()
    limit = field.max_length or 60
    return st.text(min_size=1, max_size=limit + 5)


def field_strategies(page) -> dict:
    """Every field of every form the page rendered, by its posted name."""
    found = {}
    context = page.context
    candidates = []
    for key in ("form", "forms", "review_form", "extend_form", "removal_form"):
        value = context.get(key) if context is not None else None
        if isinstance(value, forms.BaseForm):
            candidates.append(value)
        elif isinstance(value, list | tuple):
            candidates.extend(v for v in value if isinstance(v, forms.BaseForm))
    for form in candidates:
        for name, field in form.fields.items():
            if isinstance(field, forms.FileField):
                continue
            found[form.add_prefix(name)] = st.one_of(_valid(field), TEXT)
    return found


#: Audit rows a refused form writes by design: the security log of failed sign-ins.
LOGGED_REFUSALS = ("accounts.sign_in_failed", "accounts.sign_in_throttled")


def _snapshot() -> dict:
    found = {model.__name__: list(model.objects.order_by("pk").values()) for model in STORED}
    events = AuditEvent.objects.exclude(action__in=LOGGED_REFUSALS).order_by("pk")
    found["AuditEvent"] = list(events.values())
    return found


def _refused(response) -> bool:
    if response.status_code == 400:
        return True
    context = response.context
    if response.status_code != 200 or context is None:
        return False
    for key in ("form", "forms"):
        value = context.get(key)
        items = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(f, forms.BaseForm) and f.errors for f in items):
            return True
    return False


def _stored_rows_fit_their_columns():
    """What PostgreSQL would refuse and SQLite keeps: text longer than its column, a number
    with more digits than its column."""
    for model in STORED:
        columns = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.DecimalField)
        ]
        for row in model.objects.all():
            for column in columns:
                value = getattr(row, column.attname)
                if value in (None, ""):
                    continue
                if isinstance(column, models.CharField):
                    assert len(value) <= column.max_length, (model.__name__, column.name, value)
                else:
                    DecimalValidator(column.max_digits, column.decimal_places)(Decimal(value))


#: (who, page URL, fields: None = read from the page's form)
TARGETS = [
    ("anonymous", "/account/register/", None),
    ("anonymous", "/account/login/", None),
    ("anonymous", "/account/password/reset/", None),
    ("owner", "/account/settings/", None),
    ("owner", "/account/settings/email/", None),
    ("owner", "/account/settings/password/", None),
    ("owner", "/apply/{application}/household/add/", None),
    ("owner", "/apply/{application}/household/{member}/", None),
    ("owner", "/apply/{application}/tax/", None),
    ("owner", "/apply/{application}/address/", None),
    ("owner", "/apply/{application}/people/{member}/", None),
    ("owner", "/apply/{application}/income/", None),
    ("owner", "/apply/{application}/coverage/", None),
    ("owner", "/apply/{application}/sign/", None),
    (
        "owner",
        "/enroll/{determination}/plans/{plan_id}/checkout/",
        {"aptc": MONEY, "truthful": CHECK, "reconcile": CHECK, "terms": CHECK, "token": TEXT},
    ),
    ("owner", "/enroll/coverage/{enrollment}/aptc/", {"aptc": MONEY}),
    ("owner", "/enroll/coverage/{enrollment}/end/", {"wanted": DATE, "confirm": CHECK}),
    ("caseworker", "/casework/verifications/{item}/", None),
    ("caseworker", "/casework/identity/{identity_document}/", None),
    ("caseworker", "/casework/applications/{application}/enrollments/", "casework"),
    ("owner", "/assist/helpers/", None),
    ("owner", "/appeals/new/", None),
    ("caseworker", "/appeals/staff/new/", None),
    (
        "caseworker",
        "/appeals/staff/{appeal}/hearing/",
        {"day": DATE, "time": TEXT, "mode": st.sampled_from(["phone", "video", "x"])},
    ),
    (
        "supervisor",
        "/appeals/staff/{appeal}/decision/",
        {
            "outcome": st.sampled_from(["upheld", "changed", "x"]),
            "income": MONEY,
            "decision_text": TEXT,
        },
    ),
    # Find your doctors and drugs: one page, a POST for each search and each "add".
    (
        "anonymous",
        "/find/",
        {
            "action": st.one_of(
                st.sampled_from(["search_providers", "add_provider", "search_drugs", "add_drug"]),
                TEXT,
            ),
            "zip": st.one_of(st.just("02108"), TEXT),
            "distance": st.one_of(st.sampled_from(["5", "10", "25", "50"]), TEXT),
            "name": TEXT,
            "specialty": TEXT,
            "kind": st.one_of(st.sampled_from(["individual", "facility", ""]), TEXT),
            "drug": st.one_of(st.just("metformin"), TEXT),
            "key": TEXT,
        },
    ),
    # An 834 exception: the note that closes it; respelling fields sent where none is asked.
    (
        "caseworker",
        "/casework/834-exceptions/{edi_exception}/",
        {"note": TEXT, "last-1": TEXT, "first-1": TEXT},
    ),
    ("owner", "/changes/report/?kind=income", None),
    ("owner", "/changes/report/?kind=birth", None),
    ("owner", "/changes/report/?kind=address", None),
    ("owner", "/changes/report/?kind=move_out", None),
    ("caseworker", "/changes/staff/{application}/grant/", None),
    ("caseworker", "/casework/households/", None),
    ("caseworker", "/casework/applications/new/", None),
]
#: Window-shopping pages: plain GET forms whose answers live in the query string.
SHOPPING = {
    "zip": st.one_of(st.just("02108"), TEXT),
    "county": st.one_of(st.just("25025"), TEXT),
    "income": MONEY,
    "age0": st.one_of(st.integers(-5, 200).map(str), TEXT),
    "age1": TEXT,
    "rel1": st.sampled_from(["spouse", "child", "other_dependent", "self", "x"]),
    "tobacco0": CHECK,
    "pregnant1": CHECK,
    "aian0": CHECK,
    "coverage1": CHECK,
    "metal": TEXT,
    "type": TEXT,
    "issuer": TEXT,
    "premium_min": MONEY,
    "premium_max": MONEY,
    "deductible_max": MONEY,
    "sort": st.sampled_from(["premium", "deductible", "total_costs", "quality_rating", "x"]),
    "use": TEXT,
    "page": TEXT,
    "plan": TEXT,
    "year": TEXT,
}


@pytest.fixture
def open_world(world):
    """The records of the authorisation table, with Maria's application open for changes."""
    application = Application.objects.get(public_id=world.ids["application"])
    application_actions.reopen_application(application, actor=application.owner)
    return world


def _client(world, who: str) -> Client:
    client = Client()
    if world.users[who] is not None:
        client.force_login(world.users[who])
    return client


def _casework_fields(world) -> dict:
    """The casework page's plain form: which policy, which member, why."""
    enrollment = Enrollment.objects.get(public_id=world.ids["enrollment"])
    members = [m.member_id for m in enrollment.members.all()]
    return {
        "enrollment": st.one_of(st.just(world.ids["enrollment"]), TEXT),
        "member": st.one_of(st.sampled_from(members), TEXT),
        "reason": st.one_of(st.sampled_from(sorted(REASONS)), TEXT),
    }


def _fields(client, address, fields, world) -> dict:
    if fields == "casework":
        return _casework_fields(world)
    if fields is not None:
        return fields
    page = client.get(address)
    assert page.status_code == 200, f"{address}: {page.status_code}"
    found = field_strategies(page)
    assert found, f"{address} shows no form fields"
    return found


def _fuzz(client, address: str, fields: dict) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({}, optional=fields))
    def post(data):
        with transaction.atomic():
            before = _snapshot()
            response = client.post(address, data)
            assert response.status_code < 500, (address, data)
            if _refused(response):
                assert _snapshot() == before, f"{address} refused {data} but stored something"
            _stored_rows_fit_their_columns()
            transaction.set_rollback(True)

    post()


def test_no_page_form_breaks_or_stores_what_it_refused(open_world):
    """One test for every form, so the records are made once."""
    for who, url, fields in TARGETS:
        client = _client(open_world, who)
        address = url.format(**open_world.ids)
        _fuzz(client, address, _fields(client, address, fields, open_world))


def test_no_readiness_year_breaks_the_officials_page(world):
    """The rules-status page's year form (a GET): any year typed answers without a 5xx."""
    client = _client(world, "supervisor")

    @settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(st.integers(-10, 10**6).map(str), TEXT))
    def get(year):
        response = client.get("/readiness/", {"year": year})
        assert response.status_code < 500, year

    get()


@pytest.mark.parametrize(
    "page", ["/shop/household/", "/shop/estimate/", "/shop/plans/", "/shop/compare/"]
)
def test_no_shopping_query_breaks_a_page(client, db, page):
    @settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({}, optional=SHOPPING))
    def get(query):
        response = client.get(page, query)
        assert response.status_code < 500, (page, query)

    get()


#: The officials' reports: GET forms of filters (and the CSV export from the same query).
REPORT_FILTERS = {
    "start": DATE,
    "end": DATE,
    "county": st.one_of(st.just("25025"), TEXT),
    "channel": st.one_of(st.sampled_from(["online", "paper", "phone"]), TEXT),
    "language": st.one_of(st.sampled_from(["en", "es"]), TEXT),
    "metal": st.one_of(st.sampled_from(["silver", "gold"]), TEXT),
    "format": st.sampled_from(["csv", "html", "x"]),
}


@pytest.mark.parametrize("page", ["/reports/", "/reports/open-enrollment/"])
def test_no_report_filter_breaks_a_report(world, page):
    client = _client(world, "official")

    @settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({}, optional=REPORT_FILTERS))
    def get(query):
        response = client.get(page, query)
        assert response.status_code in (200, 400), (page, query, response.status_code)

    get()
