"""Casework: finding a household among many (issue 15: 1,000,000 households, p99 < 200 ms).

In a child process on a fresh database (PostgreSQL when DATABASE_URL names one: a database
`<name>_bench_casework` made and dropped for the run; else SQLite in a temp dir): bulk-loads
CASEWORK_BENCH_HOUSEHOLDS households (default 50,000; an account, an application, two to
four people with names, dates of birth and SSNs, e-mail and phone) and their search keys
(`casework.search_index.rebuild`); beyond CASEWORK_BENCH_FULL_HOUSEHOLDS (default 50,000)
households, the rest are accounts with their search keys only, bulk-inserted (COPY on
PostgreSQL) from the same distributions of names, dates of birth, SSNs, e-mail and phones,
with the key table's indexes built after the load as a restore would: a search only reads
keys, and then describes at most 50 households. Then it times 300 searches of each kind through
`casework.search.find`, the function the page calls. The floor, measured in the same run,
is a lookup of one account by primary key; each p99 is also given as a ratio to it. Then
the work queues over CASEWORK_BENCH_OPEN_ITEMS (default 100,000) open 834 exceptions: a
queue page (pages 1 to 40, oldest first), the same for items nobody has yet, and the
backlog by age (issue 15: a queue page under 300 ms).

Every criterion is an equality lookup on a b-tree (three levels from about 30,000 to
several million rows), so the time grows with the number of matching rows, not with the
number of households: a common last name matches about the same share at any size.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from urllib.parse import urlparse, urlunparse

from tests.bench import Figure

HOUSEHOLDS = int(os.environ.get("CASEWORK_BENCH_HOUSEHOLDS", "50000"))
FULL = min(HOUSEHOLDS, int(os.environ.get("CASEWORK_BENCH_FULL_HOUSEHOLDS", "50000")))
OPEN_ITEMS = int(os.environ.get("CASEWORK_BENCH_OPEN_ITEMS", "100000"))
QUERIES = 300
FIRST = [
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Femi",
    "Grace",
    "Hiro",
    "Ines",
    "Jamal",
    "Kai",
    "Lena",
    "Marco",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
]


def _last_names(count: int) -> list[str]:
    """A long tail of family names, like a state's: a few common, most rare."""
    syllables = ["ga", "ro", "mi", "lo", "pe", "ka", "ne", "sa", "to", "vi", "de", "ha"]
    return [
        "".join(syllables[(n // 12**i) % 12] for i in range(3)).capitalize() + str(n % 7)
        for n in range(count)
    ]


def _load(rng: random.Random) -> dict:
    from django.contrib.auth.hashers import make_password

    from marketplace.accounts.models import User
    from marketplace.applications.models import Application, Member
    from marketplace.casework import search_index
    from marketplace.core import crypto

    names = _last_names(20000)
    weights = [1 / (n + 10) for n in range(len(names))]  # a few common, a long tail
    unusable = make_password(None)
    samples = {"names": [], "births": [], "ssn4": [], "emails": [], "phones": [], "ids": []}
    batch = 5000
    for start in range(0, FULL, batch):
        count = min(batch, FULL - start)
        users = User.objects.bulk_create(
            User(email=f"person{start + i}@example.org", password=unusable) for i in range(count)
        )
        applications = Application.objects.bulk_create(
            Application(
                owner=user,
                coverage_year=2026,
                state="MA",
                status="determined",
                contact_email=user.email,
                phone=f"617{rng.randrange(10**7):07d}",
                city="Springfield",
                zipcode="02108",
            )
            for user in users
        )
        members = []
        for application in applications:
            last = rng.choices(names, weights)[0]
            for position in range(rng.choice((2, 3, 3, 4))):
                born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 80))
                ssn = f"{rng.randrange(100, 899):03d}{rng.randrange(1, 99):02d}"
                ssn += f"{rng.randrange(1, 9999):04d}"
                members.append(
                    Member(
                        application=application,
                        position=position,
                        first_name=rng.choice(FIRST),
                        last_name=last,
                        date_of_birth=born,
                        relationship="self" if position == 0 else "child",
                        sex="female",
                        ssn_encrypted=crypto.encrypt(ssn) if position == 0 else "",
                    )
                )
                if rng.random() < 0.01 and position == 0:
                    samples["names"].append(f"{members[-1].first_name} {last}")
                    samples["births"].append(born)
                    samples["ssn4"].append((ssn[-4:], last))
                    samples["emails"].append(application.contact_email)
                    samples["phones"].append(application.phone)
                    samples["ids"].append(str(application.public_id))
        Member.objects.bulk_create(members)
    started = time.perf_counter()
    keys = search_index.rebuild(batch=5000)
    keys += _keys_only(rng, names, weights, unusable)
    return {"samples": samples, "keys": keys, "index_seconds": time.perf_counter() - started}


def _keys_only(rng: random.Random, names, weights, unusable) -> int:
    """HOUSEHOLDS - FULL more households: an account each and their search keys, as `_load`
    draws them (two to four people, each with a name and a date of birth; the applicant's
    SSN last four; the e-mail and phone), with the key table's indexes dropped and built
    after the load, as a restore would. On PostgreSQL the database makes the rows itself
    (INSERT ... SELECT over generate_series: nothing crosses the wire); on SQLite, bulk
    inserts from here."""
    from django.db import connection

    from marketplace.casework.models import SearchKey

    extra = HOUSEHOLDS - FULL
    if extra <= 0:
        return 0
    indexes = SearchKey._meta.indexes
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.remove_index(SearchKey, index)
    before = SearchKey.objects.count()
    if connection.vendor == "postgresql":
        _generate_in_postgres(connection, names, unusable)
    else:
        _generate_here(rng, names, weights, unusable)
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(SearchKey, index)
    return SearchKey.objects.count() - before


def _generate_in_postgres(connection, names, unusable) -> None:
    from django.utils import timezone

    from marketplace.accounts.models import User
    from marketplace.casework.models import KeyKind, SearchKey
    from marketplace.casework.search_index import normalize_name, ssn_last_four_hash

    assert (User._meta.db_table, SearchKey._meta.db_table) == (
        "accounts_user",
        "casework_searchkey",
    )
    template = User(email="", password=unusable, date_joined=timezone.now())
    fields = [f for f in User._meta.concrete_fields if not f.primary_key and f.name != "email"]
    columns = ", ".join(f.column for f in fields)
    values = [f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields]
    holes = ", ".join(["%s"] * len(values))
    firsts = [normalize_name(f) for f in FIRST]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_names (n int PRIMARY KEY, last text)")
        cursor.executemany(
            "INSERT INTO bench_names VALUES (%s, %s)",
            [(n, normalize_name(name)) for n, name in enumerate(names)],
        )
        cursor.execute("CREATE TEMP TABLE bench_ssn4 (n int PRIMARY KEY, hash text)")
        hashes = [(n, ssn_last_four_hash(f"{n:04d}")) for n in range(1, 10000)]
        cursor.executemany("INSERT INTO bench_ssn4 VALUES (%s, %s)", hashes)
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        (last_id,) = cursor.fetchone()
        cursor.execute(
            f"INSERT INTO accounts_user ({columns}, email) SELECT {holes}, "  # noqa: S608 - ours
            "'person' || g || '@example.org' FROM generate_series(%s, %s) g",
            [*values, FULL, HOUSEHOLDS - 1],
        )
        # Each household: its last name drawn as `_load` draws it (weight 1/(n+10): the
        # inverse of that distribution's CDF), two to four people (2, 3, 3, 4).
        cursor.execute(
            "CREATE TEMP TABLE bench_households AS SELECT u.id, u.email, "
            "floor(10 * power((%s + 10) / 10.0, random()) - 10)::int AS name, "
            "(ARRAY[2, 3, 3, 4])[1 + floor(random() * 4)::int] AS people "
            "FROM accounts_user u WHERE u.id > %s",
            [len(names), last_id],
        )
        people = (
            "FROM bench_households h CROSS JOIN LATERAL generate_series(1, h.people) p "
            "JOIN bench_names n ON n.n = least(h.name, %s)"
        )
        cursor.execute(
            "INSERT INTO casework_searchkey (owner_id, source, kind, key, extra) "
            "SELECT h.id, 'b' || h.id, %s, n.last, (%s::text[])[1 + floor(random() * %s)::int] "
            + people,
            [KeyKind.NAME, firsts, len(firsts), len(names) - 1],
        )
        cursor.execute(
            "INSERT INTO casework_searchkey (owner_id, source, kind, key, extra) "
            "SELECT h.id, 'b' || h.id, %s, "
            "to_char(date '1940-01-01' + floor(random() * 365 * 80)::int, 'YYYY-MM-DD'), '' "
            + people,
            [KeyKind.BIRTH, len(names) - 1],
        )
        cursor.execute(
            "INSERT INTO casework_searchkey (owner_id, source, kind, key, extra) "
            "SELECT h.id, 'b' || h.id, %s, s.hash, '' FROM bench_households h "
            "JOIN bench_ssn4 s ON s.n = 1 + (h.id * 7919) %% 9998",
            [KeyKind.SSN4],
        )
        cursor.execute(
            "INSERT INTO casework_searchkey (owner_id, source, kind, key, extra) "
            "SELECT h.id, 'b' || h.id, %s, h.email, '' FROM bench_households h "
            "UNION ALL SELECT h.id, 'b' || h.id, %s, "
            "'617' || lpad(floor(random() * 10000000)::int::text, 7, '0'), '' "
            "FROM bench_households h",
            [KeyKind.EMAIL, KeyKind.PHONE],
        )


def _generate_here(rng: random.Random, names, weights, unusable) -> None:
    from marketplace.accounts.models import User
    from marketplace.casework.models import KeyKind, SearchKey
    from marketplace.casework.search_index import normalize_name, ssn_last_four_hash

    hashed = {n: ssn_last_four_hash(f"{n:04d}") for n in range(1, 10000)}
    normalized = {n: normalize_name(n) for n in names}
    firsts = [normalize_name(f) for f in FIRST]
    for start in range(FULL, HOUSEHOLDS, 20000):
        count = min(20000, HOUSEHOLDS - start)
        users = User.objects.bulk_create(
            (User(email=f"person{start + i}@example.org", password=unusable) for i in range(count)),
            batch_size=5000,
        )
        rows = []
        for user in users:
            last, source = normalized[rng.choices(names, weights)[0]], f"b{user.pk}"
            for position in range(rng.choice((2, 3, 3, 4))):
                born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 80))
                rows.append((user.pk, source, KeyKind.NAME, last, rng.choice(firsts)))
                rows.append((user.pk, source, KeyKind.BIRTH, born.isoformat(), ""))
                if position == 0:
                    rows.append((user.pk, source, KeyKind.SSN4, hashed[rng.randrange(1, 9999)], ""))
            rows.append((user.pk, source, KeyKind.EMAIL, user.email, ""))
            rows.append((user.pk, source, KeyKind.PHONE, f"617{rng.randrange(10**7):07d}", ""))
        SearchKey.objects.bulk_create(
            (SearchKey(owner_id=o, source=s, kind=k, key=key, extra=e) for o, s, k, key, e in rows),
            batch_size=5000,
        )


def _open_items(rng: random.Random) -> None:
    """OPEN_ITEMS unresolved 834 exceptions, spread over the last 60 days, every tenth one
    assigned to a caseworker. On PostgreSQL the database makes them (generate_series)."""
    from django.db import connection
    from django.utils import timezone

    from marketplace.accounts.models import User
    from marketplace.casework.models import Assignment
    from marketplace.edi.models import EdiException, ExceptionKind

    worker = User.objects.create_user("worker@example.org", None, role="caseworker")
    now = timezone.now()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO edi_ediexception (kind, issuer_hios, policy_id, subscriber_id, "
                "file_name, message, detail, created_at, resolution) "
                "SELECT %s, '12345', 'P' || lpad(g::text, 9, '0'), '', '', %s, '{}', "
                "%s - random() * interval '60 days', '' FROM generate_series(0, %s) g",
                [
                    ExceptionKind.UNKNOWN_POLICY,
                    "An effectuation names a policy we do not have.",
                    now,
                    OPEN_ITEMS - 1,
                ],
            )
    else:
        for start in range(0, OPEN_ITEMS, 5000):
            EdiException.objects.bulk_create(
                EdiException(
                    kind=ExceptionKind.UNKNOWN_POLICY,
                    issuer_hios="12345",
                    policy_id=f"P{start + n:09d}",
                    message="An effectuation names a policy we do not have.",
                    created_at=now - timedelta(minutes=rng.randrange(60 * 24 * 60)),
                )
                for n in range(min(5000, OPEN_ITEMS - start))
            )
    pks = EdiException.objects.values_list("pk", flat=True)
    Assignment.objects.bulk_create(
        (
            Assignment(queue="834", item=pk, assigned_to=worker, assigned_by=worker)
            for pk in pks.iterator()
            if pk % 10 == 0
        ),
        batch_size=5000,
    )


def _page_before(each, number: int, unassigned: bool) -> list:
    """The queue page's query as it was before the partial indexes (ADR 1005): items
    nobody has by NOT IN, then the page's owners."""
    from marketplace.casework.models import Assignment

    items = each.open_items()
    taken = Assignment.objects.filter(queue=each.key)
    if unassigned:
        items = items.exclude(pk__in=taken.values("item"))
    rows = list(items.order_by(each.opened, "pk")[(number - 1) * 50 : number * 50 + 1])
    owners = dict(taken.filter(item__in=[r.pk for r in rows]).values_list("item", "assigned_to"))
    return [(each.describe(r), owners.get(r.pk)) for r in rows]


def _backlog_before(queues) -> list:
    """The backlog as it was: one aggregate query per queue."""
    from django.db.models import Count, Q
    from django.utils import timezone

    now, found = timezone.now(), []
    for each in queues.queues():
        buckets = {}
        for low, high in queues.AGE_BUCKETS:
            condition = Q(**{f"{each.opened}__lte": now - timedelta(days=low)})
            if high is not None:
                condition &= Q(**{f"{each.opened}__gt": now - timedelta(days=high)})
            buckets[f"b{low}"] = Count("pk", filter=condition)
        found.append(each.open_items().aggregate(total=Count("pk"), **buckets))
    return found


def _queue_figures(floor) -> dict:
    """The queue page, the page of items nobody has and the backlog: first as they were
    (the open items' partial index dropped, the queries of before), then as they are (the
    index built again); the floor is timed beside each."""
    from django.db import connection

    from marketplace.casework import queues
    from marketplace.edi.models import EdiException

    edi = queues.queue("834")
    index = next(i for i in EdiException._meta.indexes if i.name == "edi_exception_open")
    pages = [1 + (n % 40) for n in range(QUERIES // 3)]
    figures = {}
    for phase in ("before", "after"):
        with connection.schema_editor() as editor:
            (editor.remove_index if phase == "before" else editor.add_index)(EdiException, index)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # As autovacuum leaves a loaded table: statistics and the visibility map.
                cursor.execute("VACUUM ANALYZE edi_ediexception")
                cursor.execute("VACUUM ANALYZE casework_assignment")
        if phase == "before":
            kinds = {
                "queue_page": lambda n: _page_before(edi, n, False),
                "queue_unassigned_page": lambda n: _page_before(edi, n, True),
                "backlog": lambda _n: _backlog_before(queues),
            }
        else:
            kinds = {
                "queue_page": lambda n: queues.page(edi, number=n),
                "queue_unassigned_page": lambda n: queues.page(edi, number=n, unassigned=True),
                "backlog": lambda _n: queues.backlog(),
            }
        figures[f"{phase}_floor"] = _summary(_times(*floor))
        for name, function in kinds.items():
            figures[f"{phase}_{name}"] = _summary(_times(function, pages))
    return figures


def _summary(times: list[float]) -> tuple[float, float]:
    return statistics.mean(times), _p99(times)


def _times(function, arguments) -> list[float]:
    function(arguments[0])  # warm
    found = []
    for argument in arguments:
        started = time.perf_counter()
        function(argument)
        found.append((time.perf_counter() - started) * 1000)
    return found


def _p99(times: list[float]) -> float:
    return statistics.quantiles(times, n=100)[98]


def _child() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from marketplace.accounts.models import User
    from marketplace.casework.search import Criteria, find

    call_command("migrate", verbosity=0)
    rng = random.Random("bench-casework")
    started = time.perf_counter()
    loaded = _load(rng)
    load_seconds = time.perf_counter() - started
    _open_items(rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    samples = loaded["samples"]

    def pick(kind):
        return [rng.choice(samples[kind]) for _ in range(QUERIES)]

    pks = list(User.objects.values_list("pk", flat=True)[:QUERIES])
    kinds = {
        "floor_account_by_pk": (lambda pk: list(User.objects.filter(pk=pk)), pks),
        "name": (lambda n: find(Criteria(name=n)), pick("names")),
        "last_name_and_birth": (
            lambda nb: find(Criteria(name=nb[0].split()[-1], birth=nb[1])),
            list(zip(pick("names"), pick("births"), strict=True)),
        ),
        "birth": (lambda b: find(Criteria(birth=b)), pick("births")),
        "ssn4_and_last_name": (
            lambda s: find(Criteria(ssn4=s[0], name=s[1])),
            pick("ssn4"),
        ),
        "email": (lambda e: find(Criteria(email=e)), pick("emails")),
        "phone": (lambda p: find(Criteria(phone=p)), pick("phones")),
        "application_id": (lambda i: find(Criteria(reference=i)), pick("ids")),
    }
    figures = {
        "households": User.objects.count(),
        "open_items": OPEN_ITEMS,
        "keys": loaded["keys"],
        "load_seconds": load_seconds,
        "index_seconds": loaded["index_seconds"],
        "vendor": connection.vendor,
    }
    for name, (function, arguments) in kinds.items():
        figures[name] = _summary(_times(function, arguments))
    figures.update(_queue_figures(kinds["floor_account_by_pk"]))
    print(json.dumps(figures))


def _postgres_bench_url(url: str) -> tuple[str, str, str]:
    """(the bench database's URL, its name, the URL of the server's maintenance database)."""
    parsed = urlparse(url)
    name = f"{parsed.path.lstrip('/') or 'postgres'}_bench_casework"
    return (
        urlunparse(parsed._replace(path=f"/{name}")),
        name,
        urlunparse(parsed._replace(path="/postgres")),
    )


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql)


def run() -> list[Figure]:
    given = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="bench-casework-") as directory:
        if given.startswith("postgres"):
            url, name, admin = _postgres_bench_url(given)
            _admin(admin, f'DROP DATABASE IF EXISTS "{name}"')
            _admin(admin, f'CREATE DATABASE "{name}"')
        else:
            url, name, admin = f"sqlite:///{directory}/bench.sqlite3", "", ""
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "marketplace.settings"}
        try:
            done = subprocess.run(
                [sys.executable, "-m", "tests.bench.bench_casework"],
                env=env,
                capture_output=True,
                text=True,
                timeout=3600,
                check=True,
            )
        finally:
            if name:
                _admin(admin, f'DROP DATABASE IF EXISTS "{name}"')
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    note = f"{figures['households']:,} households, {figures['keys']:,} keys, {figures['vendor']}"
    found = [
        Figure("casework load households", figures["load_seconds"], "s", note),
        Figure("casework build search keys", figures["index_seconds"], "s", note),
    ]
    floor = figures["floor_account_by_pk"][1]
    found.append(Figure("casework floor (account by primary key) p99", floor, "ms", note))
    for kind in (
        "name",
        "last_name_and_birth",
        "birth",
        "ssn4_and_last_name",
        "email",
        "phone",
        "application_id",
    ):
        mean, p99 = figures[kind]
        label = kind.replace("_", " ")
        found.append(Figure(f"casework find by {label} mean", mean, "ms"))
        found.append(
            Figure(f"casework find by {label} p99", p99, "ms", f"{p99 / floor:.1f}x the floor")
        )
    items = f"{figures['open_items']:,} open items"
    for kind in ("queue_page", "queue_unassigned_page", "backlog"):
        label = kind.replace("_", " ")
        for phase in ("before", "after"):
            mean, p99 = figures[f"{phase}_{kind}"]
            floor_mean, floor_p99 = figures[f"{phase}_floor"]
            note = f"{p99 / floor_p99:.1f}x the floor p99 of {floor_p99:.2f} ms, {items}"
            mean_note = f"{mean / floor_mean:.1f}x the floor mean of {floor_mean:.2f} ms"
            found.append(Figure(f"casework {label} {phase} mean", mean, "ms", mean_note))
            found.append(Figure(f"casework {label} {phase} p99", p99, "ms", note))
    return found


if __name__ == "__main__":
    _child()
