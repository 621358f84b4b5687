"""The load test's people: who comes to the exchange during open enrollment, and what they do.

Each class is one kind of visitor, driving the real pages the way a browser without JavaScript
does: it follows the links a page offers and submits the forms it shows (CSRF token and hidden
fields as served), so a page that stops offering the next step fails the journey. The mix of
kinds (`weight`) and the think times are explained in docs/load-testing.md with their sources.

The accounts the signed-in people use are prepared before the run (tests/load/prepare.py) and
named in the file LOAD_ACCOUNTS points to; each simulated person takes the next unused one.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from urllib.parse import urlencode, urljoin, urlsplit

from locust import LoadTestShape, between, events, task
from locust.contrib.fasthttp import FastHttpUser

from tests.html_forms import Forms, links

PASSWORD = os.environ.get("LOAD_PASSWORD", "")
ACCOUNTS = (
    json.loads(open(os.environ["LOAD_ACCOUNTS"]).read()) if os.environ.get("LOAD_ACCOUNTS") else {}
)
# each returning account is one person: handed out once while any is left, then shared
FRESH = iter(ACCOUNTS.get("returning", []))
RETURNING = itertools.cycle(ACCOUNTS.get("returning", []) or [None])
APPLICANTS = iter(ACCOUNTS.get("applicants", []))
STAFF = iter(ACCOUNTS.get("staff", []))
PLACES = [("02108", "25025"), ("01002", "25015"), ("01601", "25027"), ("02740", "25005")]
# Think time between pages: people read, compare and type (docs/load-testing.md).
THINK = between(
    float(os.environ.get("LOAD_THINK_MIN", "5")), float(os.environ.get("LOAD_THINK_MAX", "40"))
)
_addresses = itertools.count(1)
WAITING_ROOM_PATIENCE = 40  # tries before a person gives up on the waiting room


ALERT = re.compile(
    r'(?:class="usa-alert__text"[^>]*>|mp-error-summary.*?<li>(?:<a [^>]*>)?)\s*([^<]{1,160})', re.S
)


def alert(page: str | None) -> str:
    """The first message the page shows the person (an error summary or alert), if any."""
    found = ALERT.search(page or "")
    return found.group(1).strip() if found else ""


LEDGER = os.environ.get("LOAD_LEDGER", "")


def record_checkout(email: str, token: str, confirmed: bool) -> None:
    """One checkout in the ledger: the form's token and whether the person saw their
    confirmation (docs/load-testing.md, "Faults")."""
    if LEDGER:
        with open(LEDGER, "a") as ledger:
            ledger.write(json.dumps({"email": email, "token": token, "confirmed": confirmed}))
            ledger.write("\n")


class JourneyBroken(Exception):
    """A page did not offer the next step a person needs."""


def title_of(page: str) -> str:
    """The page's <title>, to tell a failure's page apart (the waiting room, an error page)."""
    found = re.search(r"<title>(.*?)</title>", page or "", re.S)
    return " ".join(found.group(1).split())[:60] if found else "no title"


class AnswerLost(JourneyBroken):
    """The server failed or the connection was cut: the person does not know what happened."""


class Visitor(FastHttpUser):
    """A browser: cookies, the forms of the last page, redirects followed by hand so that each
    page is counted under its own step name. Each visitor comes from its own address (the load
    balancer passes it in X-Forwarded-For), as real people do."""

    abstract = True
    wait_time = THINK

    def on_start(self):
        number = next(_addresses)
        self.address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        self.page = ""
        self.url = "/"

    # -- the browser ----------------------------------------------------------------------

    def _headers(self) -> dict:
        return {"X-Forwarded-For": self.address, "Accept-Language": "en"}

    def get(self, path: str, step: str) -> str:
        return self._send("GET", path, step)

    def _send(self, method: str, path: str, step: str, body: bytes | None = None) -> str:
        """One request, redirects followed; in the waiting room, wait as asked and try again
        (each wait is counted under the step name "waiting room")."""
        waited = 0.0
        for _ in range(WAITING_ROOM_PATIENCE):
            page = self._send_once(method, path, step, body)
            if not self.waiting:
                if waited:
                    self._admitted(waited)
                return page
            time.sleep(self.waiting)
            waited += self.waiting
        self.broken(step, "still in the waiting room")

    def _waited(self) -> None:
        """Count one answer that asked the person to wait (step "waiting room")."""
        self.environment.events.request.fire(
            request_type="WAIT",
            name="waiting room",
            response_time=0,
            response_length=0,
            exception=None,
            context={},
        )

    def _admitted(self, waited: float) -> None:
        """Count a person let in after waiting, with the seconds they waited (the step
        "admitted from the waiting room": its percentiles are the waits)."""
        self.environment.events.request.fire(
            request_type="WAIT",
            name="admitted from the waiting room",
            response_time=waited * 1000,
            response_length=0,
            exception=None,
            context={},
        )

    def _send_once(self, method: str, path: str, step: str, body: bytes | None) -> str:
        self.waiting = 0.0
        headers = self._headers()
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = urljoin(self.host, self.url)
        with self.client.request(
            method,
            path,
            name=step,
            data=body,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            retry_after = (answer.headers or {}).get("Retry-After")
            # the waiting room: its page (200) or the API's 503, each with Retry-After
            if answer.status_code in (200, 503) and retry_after:
                answer.success()  # the waiting room: a served answer, not an error
                self.waiting = min(float(retry_after or 5), 30.0)
                self._waited()
                return ""
            if not answer.status_code:  # no answer: the connection failed or was cut
                answer.failure(
                    f"no answer on {step}: {type(getattr(answer, 'error', None)).__name__}"
                )
                raise AnswerLost(step)
            if answer.status_code >= 400:
                answer.failure(f"{answer.status_code} on {step}: {alert(answer.text)}")
                raise (AnswerLost if answer.status_code >= 500 else JourneyBroken)(step)
            answer.success()
            location = (
                answer.headers.get("Location")
                if answer.status_code in (301, 302, 303, 307, 308)
                else None
            )
            if location is None:
                self.url, self.page = path, answer.text or ""
                return self.page
        # a redirect's target is fetched with its own patience for the waiting room
        return self._send("GET", urlsplit(location)._replace(scheme="", netloc="").geturl(), step)

    def submit(self, step: str, having: str, data: dict | None = None, action=None) -> str:
        """Fill the form of the current page that has the field `having` (and the action
        `action`, when given), and send it."""
        try:
            form = Forms(self.page).having(having, action)
        except LookupError as missing:
            self.broken(step, f"{missing} on {self.url} ({title_of(self.page)!r})")
        fields = [(n, v) for n, v in form["fields"] if n not in (data or {})]
        for name, value in (data or {}).items():
            fields += [(name, v) for v in (value if isinstance(value, list) else [value])]
        action = urljoin(self.url, form["action"] or self.url)
        action = urlsplit(action)._replace(scheme="", netloc="").geturl()
        if form["method"].lower() == "get":
            return self.get(f"{action.split('?')[0]}?{urlencode(fields)}", step)
        return self._send("POST", action, step, urlencode(fields).encode())

    def broken(self, step: str, why: str):
        """Count a journey that cannot go on (the page did not offer the next step)."""
        self.environment.events.request.fire(
            request_type="STEP",
            name=step,
            response_time=0,
            response_length=0,
            exception=JourneyBroken(why),
            context={},
        )
        raise JourneyBroken(step)

    def follow(self, pattern: str, step: str, pick=None) -> str:
        """Follow a link of the current page whose target matches `pattern`."""
        found = links(self.page, pattern)
        if not found:
            self.broken(step, f"no link {pattern} on {self.url} ({title_of(self.page)!r})")
        return self.get((pick or (lambda xs: xs[0]))(found), step)

    def sign_in(self, email: str) -> None:
        if getattr(self, "signed_in_as", None) == email:
            return
        self.get("/account/login/", "account: sign-in page")
        if self.url.split("?")[0] != "/account/login/":  # the session is already signed in
            self.signed_in_as = email
            return
        self.submit("account: sign in", "password", {"email": email, "password": PASSWORD})
        if self.url.split("?")[0] == "/account/login/":
            self.broken("account: sign in", "still on the sign-in page")
        self.signed_in_as = email

    def run_journey(self, journey) -> None:
        try:
            journey()
        except JourneyBroken:
            pass  # counted as a failure where it happened; the person comes back later


class WindowShopper(Visitor):
    """Anonymous: the home page, a zip code, the household, the savings, the plans, one plan,
    sometimes a comparison. Most visitors during open enrollment only do this."""

    weight = 60

    @task
    def shop(self):
        self.run_journey(self._shop)

    def _shop(self):
        # each visit is a new person (a window shopper seldom comes back in the same hour):
        # no cookies, so when the site is saturated the waiting room may hold them (ADR 1601)
        self.client.cookiejar.clear()
        zipcode, _county = random.choice(PLACES)
        self.get("/", "home")
        self.follow(r"^/shop/$", "shop: start")
        self.wait()
        self.submit("shop: zip code", "zip", {"zip": zipcode})
        self.wait()
        people = random.choice([1, 1, 2, 3, 4])
        data = {
            f"age{i}": str(random.randint(19, 63) if i < 2 else random.randint(1, 18))
            for i in range(people)
        }
        data.update({f"coverage{i}": ["0", "1"] for i in range(people)})
        data["income"] = f"{random.randrange(18_000, 140_000, 500):,}"
        data["go"] = "1"
        self.submit("shop: savings", "income", data)
        self.wait()
        self.follow(r"^/shop/plans/\?", "shop: plans")
        self.wait()
        self.follow(r"^/shop/plans/[0-9A-Z]{14}/\?", "shop: plan", random.choice)


class ApiClient(Visitor):
    """A partner's plan finder (a broker's site, a navigator's tool) calling the JSON API."""

    weight = 10
    wait_time = between(1, 10)

    @task(3)
    def search(self):
        zipcode, county = random.choice(PLACES)
        body = {
            "household": {
                "income": random.randrange(18_000, 140_000, 500),
                "people": [{"age": random.randint(19, 63)}],
            },
            "place": {"countyfips": county, "state": "MA", "zipcode": zipcode},
            "market": "Individual",
        }
        self.call("POST", "/api/v1/plans/search", "api: plans/search", body)

    @task(1)
    def counties(self):
        zipcode, _ = random.choice(PLACES)
        self.call("GET", f"/api/v1/counties/by/zip/{zipcode}", "api: counties/by/zip")

    def call(self, method: str, path: str, step: str, body: dict | None = None) -> None:
        """One API call; a 503 with `Retry-After` (the waiting room) is waited out as asked,
        as a well-behaved client does, and counted as the browser's waits are."""
        waited = 0.0
        for _ in range(WAITING_ROOM_PATIENCE):
            with self.client.request(
                method, path, name=step, json=body, headers=self._headers(), catch_response=True
            ) as answer:
                retry_after = (answer.headers or {}).get("Retry-After")
                if answer.status_code != 503 or not retry_after:
                    if answer.status_code >= 400 or not answer.status_code:
                        answer.failure(f"{answer.status_code} on {step}")
                    elif waited:
                        self._admitted(waited)
                    return
                answer.success()
                self._waited()
            pause = min(float(retry_after), 30.0)
            time.sleep(pause)
            waited += pause
        self.broken(step, "still in the waiting room")


class ReturningPerson(Visitor):
    """Signs in to an account with a determination, reads it and the messages, chooses a plan
    and checks out (once enrolled, looks at the coverage). CMS: most selections in open
    enrollment are returning consumers."""

    weight = 20

    def on_start(self):
        super().on_start()
        self.email = next(FRESH, None) or next(RETURNING)
        self.enrolled = False

    @task
    def visit(self):
        if self.email is None:
            return
        if self.enrolled:  # this person is done; the next one comes, if any is left
            fresh = next(FRESH, None)
            if fresh is not None:
                super().on_start()
                self.client.cookiejar.clear()
                self.email, self.enrolled, self.signed_in_as = fresh, False, None
        self.run_journey(self._visit)

    def _visit(self):
        self.sign_in(self.email)
        self.follow(r"^/apply/$", "apply: dashboard")
        self.wait()
        plans = links(self.page, r"^/enroll/[0-9a-f-]{36}/$")
        if plans and not self.enrolled:
            self.get(plans[0], "enroll: plans")
            self.wait()
            self.follow(
                r"^/enroll/[0-9a-f-]{36}/plans/[0-9A-Z]{14}/$", "enroll: plan", random.choice
            )
            self.wait()
            self.submit("enroll: checkout page", "aptc")
            self.wait()
            self.enrolled = True  # a person checks out once, whatever the answer
            self.check_out()
            self.wait()
        self.get("/notices/", "notices: messages")
        self.wait()
        self.get("/enroll/coverage/", "enroll: my coverage")

    def check_out(self) -> None:
        """Tick the boxes and enroll. When the answer is lost (a server error, a connection
        cut by a server dying), the person presses the button again: the same form, the same
        checkout token, so it must make one enrollment, not two. Each checkout is written to
        the ledger (LOAD_LEDGER) that tests/load/verify.py checks after the run."""
        ticks = {"truthful": "on", "reconcile": "on", "terms": "on"}
        try:
            token = dict(Forms(self.page).having("truthful")["fields"]).get("token", "")
        except LookupError:
            token = ""
        confirmed = False
        try:
            for attempt in (1, 2):
                try:
                    self.submit("enroll: checkout", "truthful", ticks)
                except AnswerLost:
                    if attempt == 2 or not token:
                        raise
                    time.sleep(random.uniform(2, 5))
                    continue
                confirmed = re.match(r"^/enroll/coverage/[0-9a-f-]{36}/$", self.url) is not None
                break
        finally:
            record_checkout(self.email, token, confirmed)


class NewApplicant(Visitor):
    """A person with a new account (e-mail verified and identity proofed before the run) who
    fills the application, signs it, reads the result and chooses a plan."""

    weight = 6

    def on_start(self):
        super().on_start()
        self.email = next(APPLICANTS, None)
        self.done = False

    @task
    def apply(self):
        if self.email is None or self.done:
            self.wait()
            return
        self.run_journey(self._apply)

    def _apply(self):
        zipcode, _county = random.choice(PLACES)
        self.sign_in(self.email)
        self.get("/apply/", "apply: dashboard")
        self.submit("apply: start", "csrfmiddlewaretoken", action="/apply/start/")
        base = re.match(r"^/apply/[0-9a-f-]{36}", self.url)
        if not base:
            self.broken("apply: start", f"started at {self.url}")
        base = base.group(0)
        self.wait()
        self.get(f"{base}/household/add/", "apply: add a person")
        born = f"1988-04-0{random.randint(1, 9)}"
        self.submit(
            "apply: person",
            "first_name",
            {
                "first_name": "Alex",
                "last_name": "Load",
                "date_of_birth": born,
                "relationship": "self",
                "sex": "female",
                "ssn": "",
            },
        )
        self.wait()
        self.get(f"{base}/tax/", "apply: tax page")
        self.submit("apply: tax", "filing_status", {"tax_filer": "yes", "filing_status": "single"})
        self.wait()
        self.submit(
            "apply: address",
            "street",
            {
                "street": "1 Main St",
                "city": "Boston",
                "zipcode": zipcode,
                "contact_email": self.email,
            },
        )
        self.get(f"{base}/people/", "apply: people page")
        [member] = links(self.page, rf"^{base}/people/[0-9a-f-]{{36}}/$")[:1] or [None]
        if member is None:
            self.broken("apply: people page", "no person to describe")
        self.get(member, "apply: details page")
        self.submit(
            "apply: details",
            "citizen",
            {
                "citizen": "yes",
                "incarcerated": "no",
                "aian": "no",
                "pregnant": "no",
                "tobacco": "no",
                "other_coverage": "none",
                "esi_offered": "no",
            },
        )
        self.wait()
        self.get(f"{base}/income/", "apply: income page")
        prefix = re.search(r'name="(m[0-9a-f]{12})-wages"', self.page)
        if not prefix:
            self.broken("apply: income page", "no wages field")
        self.submit(
            "apply: income",
            f"{prefix.group(1)}-wages",
            {
                # above Medicaid's 138 % of the poverty line for one person (about $21,600):
                # the result offers plans, the step this journey goes on to
                f"{prefix.group(1)}-wages": f"{random.randrange(25_000, 90_000, 500):,}",
                f"{prefix.group(1)}-wages_frequency": "yearly",
            },
        )
        self.get(f"{base}/coverage/", "apply: coverage page")
        seeking = Forms(self.page).having("seeking")["choices"]["seeking"]
        self.submit("apply: coverage", "seeking", {"seeking": seeking})
        self.get(f"{base}/review/", "apply: review")
        self.wait()
        self.submit("apply: review", "csrfmiddlewaretoken", action="")
        signed = {"attest_true": "on", "attest_changes": "on", "signature_name": "Alex Load"}
        self.submit("apply: sign and submit", "signature_name", signed)
        if "/determinations/" not in self.url:
            self.broken("apply: sign and submit", f"no result, at {self.url}")
        self.done = True
        self.wait()
        self.follow(r"^/enroll/[0-9a-f-]{36}/$", "enroll: plans")


class Registrant(Visitor):
    """Creates an account (the e-mail is then waiting in the person's inbox)."""

    weight = 2

    @task
    def register(self):
        self.run_journey(self._register)

    def _register(self):
        # each registration is a new person, from their own address
        number = next(_addresses)
        self.address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
        self.client.cookiejar.clear()
        self.get("/account/register/", "account: register page")
        self.wait()
        email = f"load-{self.address.replace('.', '-')}-{random.randrange(10**9)}@example.org"
        self.submit(
            "account: register",
            "password",
            {"email": email, "password": "load test registration 1"},
        )


class Caseworker(Visitor):
    """Call-centre staff working queues (signed in with a second factor)."""

    weight = 2 if ACCOUNTS.get("staff") else 0

    def on_start(self):
        super().on_start()
        self.staff = next(STAFF, None)
        self.signed_in = False

    @task
    def queues(self):
        if self.staff is None:
            self.wait()
            return
        self.run_journey(self._queues)

    def _queues(self):
        if not self.signed_in:
            from marketplace.accounts.totp import code_at, current_step

            self.sign_in(self.staff["email"])
            if "/account/login/code/" in self.url:
                code = code_at(self.staff["totp_secret"], current_step())
                self.submit("account: second factor", "code", {"code": code})
            self.signed_in = True
        for path, step in (
            ("/casework/", "casework: home"),
            ("/casework/queues/", "casework: queues"),
            ("/casework/834-exceptions/", "casework: exceptions"),
            ("/casework/verifications/", "casework: documents"),
            ("/casework/identity/", "casework: identity"),
        ):
            self.get(path, step)
            self.wait()


class Floor(Visitor):
    """The floor a run is compared with: the cheapest answer this server gives (`/healthz`),
    as fast as it comes. Run alone, before the journey (`run.py --floor`)."""

    wait_time = between(0, 0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="floor: healthz", headers=self._headers())


class PlanSearch(Visitor):
    """`POST /api/v1/plans/search` as fast as it comes, measured beside the floor (`run.py
    --floor`): the issue compares its requests per second with a bare JSON view's."""

    wait_time = between(0, 0)
    # the API client's call (its waiting-room handling): without it every search raised
    # AttributeError in Locust's own code and the floor's search made no request at all
    call = ApiClient.call

    @task
    def search(self):
        ApiClient.search(self)


if os.environ.get("LOAD_STEPS"):

    class Steps(LoadTestShape):
        """Users in steps (LOAD_STEPS="50,100,200", each LOAD_STEP_SECONDS long). Each step's
        figures go to LOAD_STEPS_OUT as one JSON line, measured after the ramp (the step's
        first quarter) when the number of users changed, over the whole step when it did
        not (a soak is steps of the same users: one line a step shows the drift)."""

        def __init__(self):
            super().__init__()
            self.steps = [int(n) for n in os.environ["LOAD_STEPS"].split(",")]
            self.seconds = float(os.environ.get("LOAD_STEP_SECONDS", "75"))
            self.current, self.since = -1, None

        def tick(self):
            elapsed = self.get_run_time()
            index = int(elapsed // self.seconds)
            if index != self.current:
                if self.since is not None:
                    self._write(self.steps[self.current])
                self.current, self.since = index, None
            if index >= len(self.steps):
                return None
            changed = index == 0 or self.steps[index] != self.steps[index - 1]
            warm = self.seconds / 4 if changed else 0
            if self.since is None and elapsed - index * self.seconds >= warm:
                self.since = (time.monotonic(), self._snapshot())
            users = self.steps[index]
            return users, max(5.0, users / 10)

        def _snapshot(self) -> dict:
            stats = self.runner.stats
            entries = {"all": stats.total} | {name: e for (name, _), e in stats.entries.items()}
            return {
                name: (e.num_requests, e.num_failures, dict(e.response_times))
                for name, e in entries.items()
            }

        def _write(self, users: int) -> None:
            began, before = self.since
            seconds = max(time.monotonic() - began, 1e-9)
            figures = {}
            for name, (requests, failed, times) in self._snapshot().items():
                requests0, failed0, times0 = before.get(name, (0, 0, {}))
                spread = {ms: n - times0.get(ms, 0) for ms, n in times.items()}
                figures[name] = {
                    "requests": requests - requests0,
                    "failures": failed - failed0,
                    "rps": round((requests - requests0) / seconds, 2),
                    **{f"p{q}_ms": percentile(spread, q / 100) for q in (50, 95, 99)},
                }
            line = {
                "users": users,
                "held": self.runner.user_count,
                "seconds": round(seconds),
                "ended": time.time(),
                "figures": figures,
            }
            with open(os.environ["LOAD_STEPS_OUT"], "a") as out:
                out.write(json.dumps(line) + "\n")


def percentile(spread: dict[int, int], q: float) -> int:
    """The response time (ms, as Locust rounds them) under which a share `q` of the
    requests of `spread` (time -> count) came."""
    total = sum(n for n in spread.values() if n > 0)
    seen = 0
    for ms in sorted(spread):
        seen += max(spread[ms], 0)
        if total and seen >= total * q:
            return ms
    return 0


if os.environ.get("LOAD_EVERY_KIND"):
    # a short run with few users (the suite's) still has one of each of the rarer kinds
    for _kind in (NewApplicant, Registrant, Caseworker):
        _kind.fixed_count = 1


@events.quitting.add_listener
def _summary(environment, **_kw):
    """The runner (tests/load/run.py) prints the summary; nothing to add here."""
