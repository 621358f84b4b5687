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
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import DecimalValidator
from django.db import models, transaction
from django.test import Client
from django.test.utils import ContextList
from django.urls import get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.accounts.models import IdentityStatus, IdentityVerification, User
from marketplace.applications import actions as application_actions
from marketplace.applications.models import Application, Deduction, IncomeItem, Member
from marketplace.audit.models import AuditEvent
from marketplace.casework.views.enrollments import REASONS
from marketplace.core.amount_field import AmountField
from marketplace.enrollment.models import Enrollment
from marketplace.verifications.models import VerificationItem
from tests.security.conftest import PASSWORD

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
#: Uploads as a browser or a hostile client sends them: any name (a 200-character
#: extension, a path, no suffix), real document bytes or anything else.
FILES = st.builds(
    lambda name, data: SimpleUploadedFile(name, data, content_type="application/octet-stream"),
    st.one_of(
        st.sampled_from(["pay.pdf", "id." + "p" * 200, "../../etc/passwd", "scan", "x.png"]),
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120)
        # a name with nothing after its last slash (or "." / "..") is one Django's own test
        # file refuses to build (SuspiciousFileOperation): a browser never sends one
        .filter(lambda name: os.path.basename(name) not in {"", ".", ".."}),
    ),
    st.one_of(
        st.sampled_from([b"%PDF-1.4 a document", b"\x89PNG\r\n\x1a\n....", b"", b"MZ"]),
        st.binary(max_size=64),
    ),
)


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
        return FILES
    if isinstance(field, forms.TimeField):
        return st.times().map(lambda t: t.strftime("%H:%M"))
    limit = getattr(field, "max_length", None) or 60
    return st.text(min_size=1, max_size=limit + 5)


#: The Django form classes a fuzzed page rendered (test_every_form_class_is_fuzzed).
REACHED: set[str] = set()


def _forms_in(value, depth: int = 0) -> list[forms.BaseForm]:
    """The forms in a context value: a form, or forms in lists, tuples and dicts of them (the
    paper application page keeps its people's forms as a list of pairs)."""
    if isinstance(value, forms.BaseForm):
        return [value]
    if depth < 3 and isinstance(value, list | tuple):
        return [f for item in value for f in _forms_in(item, depth + 1)]
    if depth < 3 and isinstance(value, dict):
        return [f for item in value.values() for f in _forms_in(item, depth + 1)]
    return []


def _name(form_class) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}"


def _page_forms(page) -> list[forms.BaseForm]:
    """Every form in the contexts the page was rendered with."""
    found = []
    contexts = page.context if isinstance(page.context, ContextList) else [page.context]
    for context in contexts:
        for value in context.flatten().values() if context is not None else ():
            found.extend(f for f in _forms_in(value) if all(f is not g for g in found))
    return found


def field_strategies(page) -> dict:
    """Every field of every form the page rendered, by its posted name."""
    found = {}
    for form in _page_forms(page):
        REACHED.add(_name(type(form)))
        for name, field in form.fields.items():
            hostile = FILES if isinstance(field, forms.FileField) else TEXT
            found[form.add_prefix(name)] = st.one_of(_valid(field), hostile)
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
    if response.status_code != 200 or response.context is None:
        return False
    # The errors the view found (a form it never checked is not checked now: its uploads
    # are closed once the request is over).
    return any(f._errors for f in _page_forms(response))


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
    ("owner", "/apply/{application}/tax-data/", None),
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
    ("caseworker", "/appeals/staff/{appeal}/hearing/", ("page", "/appeals/staff/{appeal}/")),
    ("supervisor", "/appeals/staff/{appeal}/decision/", ("page", "/appeals/staff/{appeal}/")),
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
    ("owner", "/changes/periods/attest/", None),
    ("owner", "/changes/reconciled/", None),
    ("caseworker", "/changes/staff/{application}/grant/", None),
    ("caseworker", "/casework/households/", None),
    ("administrator", "/casework/helpers/", None),
    ("caseworker", "/casework/applications/new/", None),
    ("caseworker", "/casework/households/{household}/overrides/new/", None),
    ("caseworker", "/casework/renewals/{renewal}/call/", None),
    ("caseworker", "/casework/households/{household}/plan/", None),
    ("owner", "/verifications/{item}/upload/", None),
    # Signing in, proving who one is, two-step sign-in and a new password.
    ("newcomer", "/account/identity/", None),
    ("answering", "/account/identity/questions/", None),
    ("newcomer", "/account/identity/document/", None),
    ("newcomer", "/account/mfa/setup/", None),
    ("caseworker", "/account/mfa/recovery-codes/", ("page", "/account/mfa/")),
    ("caseworker", "/account/mfa/disable/", ("page", "/account/mfa/")),
    ("signing_in", "/account/login/code/", None),
    ("resetting", "/account/password/reset/{reset_uid}/set-password/", None),
    # GET forms: the answer is in the query string.
    ("anonymous", "GET /changes/periods/", None),
    ("supervisor", "GET /readiness/", None),
    ("official", "GET /reports/", None),
    ("supervisor", "GET /casework/queues/renewals/", None),
]
#: Form classes that are only a base of others, or made per request from a base listed.
NOT_PAGES = {"marketplace.applications.forms.PlainForm", "marketplace.changes.forms.ChangeForm"}
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
    if who in SPECIAL_CLIENTS:
        return SPECIAL_CLIENTS[who](world)
    client = Client()
    if world.users[who] is not None:
        client.force_login(world.users[who])
    return client


def _newcomer(world, status=IdentityStatus.NOT_STARTED) -> Client:
    """Someone who has just registered: identity not yet proved, no two-step sign-in."""
    user = User.objects.create_user(
        f"new-{uuid.uuid4().hex[:12]}@example.org", PASSWORD, email_verified_at=timezone.now()
    )
    IdentityVerification.objects.create(user=user, status=status, reference="sim-fuzz")
    client = Client()
    client.force_login(user)
    return client


def _signing_in(world) -> Client:
    """Carla between her password and her code."""
    client = Client()
    response = client.post(
        "/account/login/", {"email": world.users["caseworker"].email, "password": PASSWORD}
    )
    assert response.status_code == 302 and "/code/" in response["Location"], response
    return client


def _resetting(world) -> Client:
    """Maria, who opened her password-reset link (the view keeps the token in her session)."""
    maria = world.users["owner"]
    world.ids["reset_uid"] = urlsafe_base64_encode(force_bytes(maria.pk))
    client = Client()
    token = default_token_generator.make_token(maria)
    response = client.get(f"/account/password/reset/{world.ids['reset_uid']}/{token}/")
    assert response.status_code == 302, response
    return client


SPECIAL_CLIENTS = {
    "newcomer": _newcomer,
    "answering": lambda world: _newcomer(world, IdentityStatus.QUESTIONS),
    "signing_in": _signing_in,
    "resetting": _resetting,
}


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
    if isinstance(fields, tuple):  # the form is shown on another page than the one it posts to
        address = fields[1].format(**world.ids)
    elif fields is not None:
        return fields
    page = client.get(address)
    assert page.status_code == 200, f"{address}: {page.status_code}"
    found = field_strategies(page)
    assert found, f"{address} shows no form fields"
    return found


def _fuzz(client, address: str, fields: dict, method: str = "POST") -> None:
    send = client.get if method == "GET" else client.post

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({}, optional=fields))
    def post(data):
        with transaction.atomic():
            before = _snapshot()
            response = send(address, data)
            assert response.status_code < 500, (address, data)
            if _refused(response):
                assert _snapshot() == before, f"{address} refused {data} but stored something"
            _stored_rows_fit_their_columns()
            transaction.set_rollback(True)

    post()


def _every_form_class() -> set[str]:
    """Every Django form class of the exchange that the URLconf's views can show."""
    assert get_resolver().url_patterns  # imports every view, and with them every form

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return {
        _name(c)
        for c in below(forms.BaseForm)
        if c.__module__.startswith("marketplace.") and "<locals>" not in c.__qualname__
    }


def test_no_page_form_breaks_or_stores_what_it_refused(open_world):
    """One test for every form, so the records are made once; then every form class of the
    exchange must have been among those fuzzed (a new form without a target here fails)."""
    REACHED.clear()
    for who, url, fields in TARGETS:
        client = _client(open_world, who)
        method, _, url = url.rpartition(" ")
        address = url.format(**open_world.ids)
        _fuzz(client, address, _fields(client, address, fields, open_world), method or "POST")
    missing = _every_form_class() - REACHED - NOT_PAGES
    assert not missing, f"form classes no fuzzed page shows (add a target): {sorted(missing)}"


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
