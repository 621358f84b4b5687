"""Read what Form 1095-A needs for many policies at once, from stored records only.

A few queries per chunk of policies (never one per policy), with the JSON values picked by
the database (KT), so a million policies' figures take minutes:

- the policies of the year and their members (Part I and II);
- every 834 queued for them (edi.OutboundTransaction): the premium total and APTC in force
  from each one's effective date, and the stored determination it rested on;
- those determinations' benchmark (SLCSP) premium, as stored (26 CFR 1.36B-3(f)), unless
  the 834 carries the policy's own (only some of the household enrolled: the SLCSP of the
  members enrolled, `OutboundTransaction.benchmark_premium`);
- a redetermination that changed only the household's maximum APTC sends no 834 but moves
  the benchmark: its audit row (`enrollment.max_aptc_changed`, with the determination and
  the effective date) adds a segment;
- grace periods that ended in a termination (the unpaid month, months.py).

`statements(year)` yields (enrollment id, policy id, figures or None when nothing was
covered, error or None): a policy whose records cannot be read is yielded with its error
and the batch goes on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models.fields.json import KT

from marketplace.audit.models import AuditEvent
from marketplace.determinations.models import Determination
from marketplace.edi.models import OutboundTransaction
from marketplace.enrollment.models import Enrollment, EnrollmentMember, GracePeriod
from marketplace.form1095a import statement
from marketplace.form1095a.months import Segment

POLICY_FIELDS = (
    "id",
    "policy_id",
    "status",
    "coverage_start",
    "coverage_end",
    "end_reason",
    "issuer__name",
    "street",
    "city",
    "state",
    "zipcode",
    "coverage_year",
    "determination_id",
    "language",
    "pended",
)
MEMBER_FIELDS = (
    "enrollment_id",
    "first_name",
    "last_name",
    "birth_date",
    "relationship",
    "is_subscriber",
    "coverage_end",
    "position",
    "id",
)


def _money(raw) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def _date(raw) -> date | None:
    return date.fromisoformat(str(raw)[:10]) if raw else None


def _benchmarks(ids: set[int]) -> dict[int, Decimal | None]:
    rows = (
        Determination.objects.filter(pk__in=ids)
        .annotate(bench=KT("result__benchmark_premium"))
        .values_list("id", "bench")
    )
    return {pk: _money(bench) for pk, bench in rows}


def _outbound(ids: list[int]) -> dict[int, list[tuple]]:
    rows = (
        OutboundTransaction.objects.filter(enrollment_id__gte=ids[0], enrollment_id__lte=ids[-1])
        .annotate(
            premium=KT("payload__premium_total"),
            aptc=KT("payload__aptc_amount"),
            fin=KT("payload__financial_effective_date"),
            start=KT("payload__coverage_start"),
        )
        .order_by("id")
        .values_list(
            "enrollment_id",
            "maintenance_type",
            "premium",
            "aptc",
            "fin",
            "start",
            "determination_id",
            "benchmark_premium",
        )
    )
    out = defaultdict(list)
    for row in rows:  # other years' policies in the id range are never asked for
        out[row[0]].append(row[1:])
    return out


def _redeterminations(ids: list[int]) -> dict[int, list[tuple[date, str, str | None]]]:
    rows = (
        AuditEvent.objects.filter(
            action="enrollment.max_aptc_changed",
            object_type="Enrollment",
            object_id__in=[str(i) for i in ids],
        )
        .annotate(
            effective=KT("detail__effective"),
            det=KT("detail__determination"),
            own=KT("detail__benchmark"),
        )
        .order_by("id")
        .values_list("object_id", "effective", "det", "own")
    )
    out = defaultdict(list)
    for object_id, effective, public_id, own in rows:
        if effective and public_id:
            out[int(object_id)].append((_date(effective), public_id, own))
    return out


def _segments(policy, rows, redetermined, benchmarks, by_public) -> list[Segment]:
    segments = []
    for mtc, premium, aptc, fin, start, determination_id, own in rows:
        if mtc not in ("021", "001"):
            continue  # ends, removals, reinstatements move no money (members: statement.py)
        effective = _date(fin) or _date(start) or policy["coverage_start"]
        det = determination_id or policy["determination_id"]
        bench = own if own is not None else benchmarks.get(det)
        segments.append(Segment(effective, _money(premium), _money(aptc), bench))
    for effective, public_id, own in redetermined:
        det = by_public.get(public_id)
        if det is not None:
            bench = _money(own) if own else benchmarks.get(det)
            segments.append(Segment(effective, benchmark=bench))
    return segments


def _chunk(year: int, ids: list[int]) -> Iterator[tuple]:
    """`ids`: ascending; the queries take their id range (short SQL, an index range scan)
    and keep this chunk's policies."""
    wanted_ids = set(ids)
    span = (ids[0], ids[-1])
    policies = [
        p
        for p in Enrollment.objects.filter(pk__range=span).order_by("id").values(*POLICY_FIELDS)
        if p["id"] in wanted_ids
    ]
    members = defaultdict(list)
    for m in EnrollmentMember.objects.filter(
        enrollment_id__gte=span[0], enrollment_id__lte=span[1]
    ).values(*MEMBER_FIELDS):
        members[m["enrollment_id"]].append(m)
    outbound = _outbound(ids)
    redetermined = _redeterminations(ids)
    public = {p for rows in redetermined.values() for _, p, _own in rows}
    by_public = (
        dict(Determination.objects.filter(public_id__in=public).values_list("public_id", "id"))
        if public
        else {}
    )
    by_public = {str(k): v for k, v in by_public.items()}
    wanted = {r[5] for rows in outbound.values() for r in rows if r[5]}  # determination_id
    wanted |= {p["determination_id"] for p in policies} | set(by_public.values())
    benchmarks = _benchmarks(wanted)
    unpaid = dict(
        GracePeriod.objects.filter(
            enrollment_id__gte=span[0], enrollment_id__lte=span[1], status="terminated", kind="aptc"
        ).values_list("enrollment_id", "first_unpaid")
    )
    for policy in policies:
        pk = policy["id"]
        try:
            segments = _segments(
                policy, outbound.get(pk, []), redetermined.get(pk, []), benchmarks, by_public
            )
            unpaid_from = unpaid.get(pk) if policy["end_reason"] == "non_payment" else None
            figures = statement.build(
                year, policy, sorted(members[pk], key=_order), segments, unpaid_from
            )
        except Exception as exc:  # this policy's records: listed, the rest go on
            yield pk, policy["policy_id"], None, exc
            continue
        yield pk, policy["policy_id"], figures, None


def _order(member: dict) -> tuple:
    return (member["position"], member["id"])


def policy_ids(year: int) -> list[int]:
    return list(
        Enrollment.objects.filter(coverage_year=year).order_by("id").values_list("id", flat=True)
    )


def statements(year: int, ids: list[int] | None = None, chunk: int = 2000) -> Iterator[tuple]:
    """(enrollment id, policy id, figures | None, error | None) for every policy of `year`."""
    ids = policy_ids(year) if ids is None else ids
    for start in range(0, len(ids), chunk):
        yield from _chunk(year, ids[start : start + chunk])
