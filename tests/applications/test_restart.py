"""A server restart in the middle of an application loses nothing already saved (issue 6).

Real processes, really killed: gunicorn serves the exchange (as `marketplace serve` runs it)
from a database of its own; a browser-like client (urllib, a cookie jar, the CSRF token taken
from each form) signs in and fills the application through the real pages. The worker is
SIGKILLed at a named crash point (marketplace.core.crashpoints, MARKETPLACE_CRASH_AT), then the
whole server is killed and started again without the variable, as after a machine crash.

- a step killed before its commit leaves that step unsaved and every earlier step intact;
- a submission killed before its commit leaves no determination, notice, verification, job or
  "submitted" audit row: the application is a draft, every saved answer is on the review
  page, the same session still works, and submitting again makes exactly one determination;
- a submission killed after its commit (the response never sent) keeps its determination,
  and posting the same form again shows that determination instead of making another.

SQLite by default; with DATABASE_URL=postgres://... the test creates (and drops) a database of
its own on that server.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import closing
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlparse

import pytest

from tests.applications.restart_support import CLEAN_ENV, Database
from tests.html_forms import Forms

# django_db: the package fixture loads the demo catalog into the test database (unused here).
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
PASSWORD = "correct horse battery staple"
MARIA, ANA = "maria.restart@example.org", "ana.restart@example.org"

SETUP = """
import django
django.setup()
from io import StringIO
from django.core.management import call_command
from django.utils import timezone
from marketplace.accounts.models import IdentityStatus, IdentityVerification, User
from marketplace.applications import actions, seeding

call_command("migrate", interactive=False, verbosity=0)
call_command("load-demo", out={out!r}, year=[2026], stdout=StringIO(), stderr=StringIO())
users = []
for email in ({maria!r}, {ana!r}):
    user = User.objects.create_user(email, {password!r}, email_verified_at=timezone.now())
    IdentityVerification.objects.create(
        user=user, status=IdentityStatus.VERIFIED, verified_at=timezone.now()
    )
    users.append(user)
# Ana's application is filled and signed through the actions; she submits over HTTP.
P = seeding.PersonSpec
spec = seeding.HouseholdSpec(last_name="Silva", zipcode="02108", countyfips="25025",
                             people=[P("Ana", 33, "self", "female", wages_yearly=31000)])
seeding.fill_application(actions.start_application(users[1]), spec, actor=users[1])
"""


# --- the database the server uses ----------------------------------------------------------


@pytest.fixture
def database(tmp_path):
    db = Database(tmp_path)
    try:
        yield db
    finally:
        db.drop()


# --- the server ----------------------------------------------------------------------------


def _free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with one sync worker, as `marketplace serve` starts it, in its own session."""

    def __init__(self, tmp_path: Path, database: Database):
        self.tmp_path, self.database = tmp_path, database
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def env(self, **extra) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
        env.update(
            DATABASE_URL=self.database.url,
            MARKETPLACE_VAR_DIR=str(self.tmp_path / "var"),  # same keys across restarts
            MARKETPLACE_STATIC_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
            MARKETPLACE_PLAN_YEAR="2026",
            PYTHONPATH=f"{REPO}:{REPO / 'src'}",
            **extra,
        )
        return env

    def setup(self) -> None:
        script = SETUP.format(
            out=str(self.tmp_path / "puf"), maria=MARIA, ana=ANA, password=PASSWORD
        )
        env = self.env(DJANGO_SETTINGS_MODULE="marketplace.settings")
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr

    def start(self, crash_at: str | None = None) -> None:
        assert self.process is None
        self.starts += 1
        self.log = self.tmp_path / f"server-{self.starts}.log"
        extra = {"MARKETPLACE_CRASH_AT": crash_at} if crash_at else {}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    str(GUNICORN),
                    "marketplace.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "1",
                    "--worker-class",
                    "sync",
                    "--graceful-timeout",
                    "2",
                    "--timeout",
                    "120",
                    "--access-logfile",
                    "-",
                ],
                env=self.env(**extra),
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, self.log.read_text()
            try:
                healthz = f"{self.base}/healthz"
                with urllib.request.urlopen(healthz, timeout=10) as answer:  # noqa: S310 - http
                    if answer.status == 200:
                        return
            except (OSError, http.client.HTTPException):
                pass
            assert time.monotonic() < deadline, self.log.read_text()
            time.sleep(0.1)

    def kill(self) -> None:
        """The machine goes down: SIGKILL to gunicorn's whole process group."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def restart(self, crash_at: str | None = None) -> None:
        self.kill()
        self.start(crash_at)

    def crashed_at(self, point: str) -> bool:
        """The worker killed itself at `point`, and gunicorn saw it die of SIGKILL."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            log = self.log.read_text()
            if f"crash point {point}: SIGKILL" in log and "was sent SIGKILL" in log:
                return True
            time.sleep(0.05)
        return False


@pytest.fixture
def server(tmp_path, database):
    running = Server(tmp_path, database)
    running.setup()
    try:
        yield running
    finally:
        running.kill()


# --- a person with a browser ---------------------------------------------------------------


class Browser:
    def __init__(self, server: Server):
        self.server = server
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.url = ""

    def get(self, path: str) -> str:
        return self._open(urllib.request.Request(urljoin(self.server.base, path)))  # noqa: S310

    def _open(self, request) -> str:
        with self.opener.open(request, timeout=120) as answer:
            self.url = urlparse(answer.geturl()).path
            return answer.read().decode()

    def submit(self, path: str, having: str, data: dict | None = None, action=None) -> str:
        """GET the page, fill the form that has field `having` with `data`, POST it."""
        form = Forms(self.get(path)).having(having, action)
        return self.post(urljoin(self.url, form["action"] or self.url), form, data or {})

    def post(self, url: str, form: dict, data: dict) -> str:
        fields = [(n, v) for n, v in form["fields"] if n not in data]
        for name, value in data.items():
            values = value if isinstance(value, list) else [value]
            fields += [(name, v) for v in values if v is not None]
        self.last_post = (url, form, data)
        body = urlencode(fields).encode()
        request = urllib.request.Request(urljoin(self.server.base, url), data=body)  # noqa: S310
        return self._open(request)

    def post_again(self) -> str:
        """The same POST once more (a double click, the browser's retry)."""
        return self.post(*self.last_post)

    def sign_in(self, email: str) -> None:
        self.submit("/account/login/", "email", {"email": email, "password": PASSWORD})
        assert self.cookie("sessionid"), "not signed in"

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)


def _connection_failed(call) -> BaseException:
    """`call` must fail because the server died, not answer with an HTTP error."""
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)) as err:
        call()
    assert not isinstance(err.value, urllib.error.HTTPError), err.value
    return err.value


def _ids(html: str, pattern: str) -> list[str]:
    return list(dict.fromkeys(re.findall(pattern, html)))


GARCIAS = [
    ("Maria", "1985-03-02", "self", "female", "123-45-6789", "2500", "monthly"),
    ("Jose", "1987-06-01", "spouse", "male", "", "22000", "yearly"),
    ("Sofia", "2015-05-05", "child", "female", "", "", "monthly"),
    ("Mateo", "2018-09-09", "child", "male", "", "", "monthly"),
]
DETAILS = {
    "citizen": "yes",
    "incarcerated": "no",
    "aian": "no",
    "pregnant": "no",
    "tobacco": "no",
    "other_coverage": "none",
    "esi_offered": "no",
}


def _fill_income(browser: Browser, base: str) -> None:
    html = browser.get(f"{base}/income/")
    prefixes = _ids(html, r'name="(m[0-9a-f]{12})-wages"')
    assert len(prefixes) == 4
    data = {}
    for prefix, (*_, wages, frequency) in zip(prefixes, GARCIAS, strict=True):
        data[f"{prefix}-wages"] = wages
        data[f"{prefix}-wages_frequency"] = frequency
    form = Forms(html).having(f"{prefixes[0]}-wages")
    browser.post(f"{base}/income/", form, data)


def _application_row(database: Database, email: str) -> dict:
    columns = (
        "id",
        "public_id",
        "status",
        "step_reached",
        "submission_token",
        "submitted_at",
        "signature_name",
    )
    [row] = database.rows(
        f"select {', '.join('a.' + c for c in columns)} from applications_application a "  # noqa: S608
        "join accounts_user u on u.id = a.owner_id where u.email = %s",
        email,
    )
    return dict(zip(columns, row, strict=True))


def _income_items(database: Database, application_id: int) -> int:
    return database.value(
        "select count(*) from applications_incomeitem i join applications_member m "
        "on m.id = i.member_id where m.application_id = %s",
        application_id,
    )


def _submission_rows(database: Database, application_id: int) -> dict[str, int]:
    """What a submission writes, for one application."""
    return {
        "determinations": database.value(
            "select count(*) from determinations_determination where application_id = %s",
            application_id,
        ),
        "submitted audit rows": database.value(
            "select count(*) from audit_auditevent where action = 'application.submitted' "
            "and object_id = %s",
            str(application_id),
        ),
    }


def test_a_restart_mid_application_loses_nothing_saved_and_submits_once(server, database):
    maria = Browser(server)

    # 1. Killed while saving the income step: the steps before it are saved, income is not.
    server.start(crash_at="applications.save.income.before_commit")
    maria.sign_in(MARIA)
    maria.submit("/apply/", "csrfmiddlewaretoken", action="/apply/start/")
    base = maria.url.rsplit("/", 2)[0]  # /apply/<uuid>
    assert re.fullmatch(r"/apply/[0-9a-f-]{36}", base), maria.url
    for first, born, relationship, sex, ssn, *_ in GARCIAS:
        maria.submit(
            f"{base}/household/add/",
            "first_name",
            {
                "first_name": first,
                "last_name": "Garcia",
                "date_of_birth": born,
                "relationship": relationship,
                "sex": sex,
                "ssn": ssn,
            },
        )
    claims = _ids(maria.get(f"{base}/tax/"), r'name="(claim_[0-9a-f]{32})"')
    assert len(claims) == 2  # the children
    maria.submit(
        f"{base}/tax/",
        "filing_status",
        {"tax_filer": "yes", "filing_status": "married_joint", **dict.fromkeys(claims, "yes")},
    )
    maria.submit(
        f"{base}/address/",
        "street",
        {
            "street": "1 Beacon St",
            "city": "Boston",
            "zipcode": "02108",
            "contact_email": "maria@example.org",
        },
    )
    people = _ids(maria.get(f"{base}/people/"), rf"{base}/people/([0-9a-f-]{{36}})/")
    assert len(people) == 4
    for member in people:
        maria.submit(f"{base}/people/{member}/", "citizen", DETAILS)
    session = maria.cookie("sessionid")
    _connection_failed(lambda: _fill_income(maria, base))
    assert server.crashed_at("applications.save.income.before_commit")
    row = _application_row(database, MARIA)
    assert row["step_reached"] == "income"
    assert _income_items(database, row["id"]) == 0

    # 2. Restarted (same session), the rest filled in, killed inside the submission.
    server.restart(crash_at="applications.submit.before_commit")
    assert "Garcia" in maria.get(f"{base}/income/") and maria.url == f"{base}/income/"
    _fill_income(maria, base)
    maria.submit(
        f"{base}/coverage/",
        "seeking",
        {"seeking": Forms(maria.get(f"{base}/coverage/")).having("seeking")["choices"]["seeking"]},
    )
    maria.submit(f"{base}/review/", "csrfmiddlewaretoken", action="")
    assert maria.url == f"{base}/sign/"
    token = _application_row(database, MARIA)["submission_token"]
    before = database.table_counts()
    _connection_failed(
        lambda: maria.submit(
            f"{base}/sign/",
            "signature_name",
            {"attest_true": "on", "attest_changes": "on", "signature_name": "Maria Garcia"},
        )
    )
    assert server.crashed_at("applications.submit.before_commit")
    sign_post = maria.last_post

    # 3. Restarted without the crash point: nothing of the killed submission, everything saved.
    server.restart()
    assert maria.cookie("sessionid") == session
    row = _application_row(database, MARIA)
    assert row["status"] == "draft" and row["submitted_at"] is None
    assert uuid.UUID(str(row["submission_token"])) == uuid.UUID(str(token))
    assert row["signature_name"] == "Maria Garcia"  # the signing committed before submitting
    assert _submission_rows(database, row["id"]) == {"determinations": 0, "submitted audit rows": 0}
    after = database.table_counts()
    changed = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    assert changed == {"audit_auditevent": 1}, changed  # the signature's audit row, only
    assert database.value("select action from audit_auditevent order by id desc limit 1") == (
        "application.signed"
    )
    review = maria.get(f"{base}/review/")
    assert maria.url == f"{base}/review/"  # the same session, still signed in
    for first, *_ in GARCIAS:
        assert f"{first} Garcia" in review
    for text in ("1 Beacon St", "Boston", "02108", "Married, filing jointly", "On file"):
        assert text in review, text
    for amount in (
        r"\$2,?500(\.00)? every month",
        r"\$22,?000(\.00)? once a year",
        r'data-figure="magi">\$52,?000',
    ):
        assert re.search(amount, review), amount
    assert "Some answers are missing" not in review
    assert _income_items(database, row["id"]) == 2

    result = maria.post(*sign_post)  # the very form that was being submitted
    assert re.fullmatch(rf"{base}/determinations/[0-9a-f-]{{36}}/", maria.url), maria.url
    assert "Sofia Garcia" in result
    first_result = maria.url
    row = _application_row(database, MARIA)
    assert row["status"] == "determined"
    assert _submission_rows(database, row["id"]) == {"determinations": 1, "submitted audit rows": 1}
    submitted = database.table_counts()
    maria.post_again()  # a double submit: the same determination, no second one
    assert maria.url == first_result
    assert _submission_rows(database, row["id"])["determinations"] == 1
    assert database.table_counts() == submitted  # no second notice, verification, job, audit

    # 4. Ana's submission is killed after its commit: the response never reaches her.
    ana = Browser(server)
    server.restart(crash_at="applications.submit.after_commit")
    ana.sign_in(ANA)
    ana_row = _application_row(database, ANA)
    ana_base = f"/apply/{uuid.UUID(str(ana_row['public_id']))}"
    _connection_failed(
        lambda: ana.submit(
            f"{ana_base}/sign/",
            "signature_name",
            {"attest_true": "on", "attest_changes": "on", "signature_name": "Ana Silva"},
        )
    )
    assert server.crashed_at("applications.submit.after_commit")
    ana_row = _application_row(database, ANA)
    assert ana_row["status"] == "determined"
    assert _submission_rows(database, ana_row["id"]) == {
        "determinations": 1,
        "submitted audit rows": 1,
    }

    # 5. After the restart she sees the stored determination; her retry makes no second one.
    server.restart()
    dashboard = ana.get("/apply/")
    [stored] = _ids(dashboard, rf"{ana_base}/determinations/([0-9a-f-]{{36}})/")
    submitted = database.table_counts()
    ana.post_again()
    assert ana.url == f"{ana_base}/determinations/{stored}/"
    assert database.table_counts() == submitted
    assert "Ana Silva" in ana.get(ana.url)
    assert _submission_rows(database, ana_row["id"]) == {
        "determinations": 1,
        "submitted audit rows": 1,
    }
    assert database.value("select count(*) from determinations_determination") == 2


# --- the crash points themselves -----------------------------------------------------------


def test_a_crash_point_fires_only_when_named_and_never_in_production(monkeypatch, settings):
    from marketplace.core import crashpoints

    monkeypatch.delenv(crashpoints.CRASH_ENV, raising=False)
    assert not crashpoints.armed("applications.submit.before_commit")
    monkeypatch.setenv(crashpoints.CRASH_ENV, "edi.x, applications.submit.before_commit")
    assert crashpoints.armed("applications.submit.before_commit")
    assert not crashpoints.armed("applications.submit.after_commit")
    settings.PRODUCTION = True
    assert not crashpoints.armed("applications.submit.before_commit")
    crashpoints.crash_point("applications.submit.before_commit")  # and it did not kill us


def test_a_named_crash_point_kills_the_process_with_sigkill():
    code = "from marketplace.core.crashpoints import crash_point as c; c('a'); c('b'); print('x')"
    env = {**os.environ, "MARKETPLACE_CRASH_AT": "b", "DJANGO_SETTINGS_MODULE": ""}
    env["PYTHONPATH"] = str(REPO / "src")
    died = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert died.returncode == -signal.SIGKILL, died.stderr
    assert died.stdout == "" and died.stderr == "crash point b: SIGKILL\n"
