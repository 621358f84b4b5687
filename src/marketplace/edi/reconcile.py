"""Reconciliation with one issuer (CG §6.12; docs/puf-and-834.md B.6 step 7).

The issuer's side is a CSV snapshot of every policy it holds (our simplified stand-in for
the CMS RCNI file; columns in `issuer_simulator.AUDIT_FIELDS`, member ids separated by ";",
statuses pending | effectuated | cancelled | terminated). Our side is every enrollment with
that issuer whose 834 has gone out. The report lists, per policy id:

- missing_at_issuer: we sent it, the issuer does not have it;
- missing_here: the issuer has it, we never sent it (or do not know it);
- duplicated: the same policy more than once in the issuer's file, or a member id twice;
- different: the same policy with different values (status, plan, dates, money, members).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from marketplace.edi.enrollments import hooks
from marketplace.edi.models import OutboundTransaction


@dataclass
class Difference:
    policy_id: str
    field: str
    ours: str
    theirs: str


@dataclass
class Report:
    issuer: str
    compared: int = 0
    matched: int = 0
    missing_at_issuer: list[str] = field(default_factory=list)
    missing_here: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    different: list[Difference] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (
            self.missing_at_issuer or self.missing_here or self.duplicated or self.different
        )

    def lines(self) -> list[str]:
        out = [f"Issuer {self.issuer}: {self.compared} policies compared, {self.matched} match."]
        for policy in self.missing_at_issuer:
            out.append(f"MISSING AT ISSUER {policy}")
        for policy in self.missing_here:
            out.append(f"MISSING HERE {policy}")
        for policy in self.duplicated:
            out.append(f"DUPLICATED {policy}")
        for d in self.different:
            out.append(f"DIFFERENT {d.policy_id} {d.field}: ours={d.ours!r} issuer={d.theirs!r}")
        out.append("CLEAN MATCH" if self.clean else "DIFFERENCES FOUND")
        return out


def _money(value) -> str:
    try:
        return str(Decimal(str(value or "0")).quantize(Decimal("0.01")))
    except InvalidOperation:
        return str(value)


def _ours(policy: dict) -> dict:
    """Our side of one policy (`EnrollmentHooks.for_reconciliation`: the status is already
    the one the issuer should show) in the issuer file's terms."""
    return {
        "subscriber_id": policy["subscriber_id"],
        "plan_id": policy["plan_id"],
        "status": policy["status"],
        "coverage_start": policy["coverage_start"].isoformat(),
        "coverage_end": policy["coverage_end"].isoformat() if policy["coverage_end"] else "",
        "premium_total": _money(policy["premium"]),
        "aptc_amount": _money(policy["aptc"]),
        "member_ids": ";".join(sorted(policy["member_ids"])),
    }


def _theirs(row: dict) -> dict:
    return {
        "subscriber_id": row.get("subscriber_id", ""),
        "plan_id": row.get("plan_id", ""),
        "status": row.get("status", ""),
        "coverage_start": row.get("coverage_start", ""),
        "coverage_end": row.get("coverage_end", ""),
        "premium_total": _money(row.get("premium_total")),
        "aptc_amount": _money(row.get("aptc_amount")),
        "member_ids": ";".join(sorted(filter(None, (row.get("member_ids") or "").split(";")))),
    }


def read_issuer_file(path: Path | str) -> list[dict]:
    with Path(path).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def reconcile(issuer_hios: str, path: Path | str) -> Report:
    report = Report(issuer=issuer_hios)
    rows = read_issuer_file(path)
    counts = Counter(row.get("policy_id", "") for row in rows)
    theirs: dict[str, dict] = {}
    for row in rows:
        policy = row.get("policy_id", "")
        members = [m for m in (row.get("member_ids") or "").split(";") if m]
        if counts[policy] > 1 or len(members) != len(set(members)):
            if policy not in report.duplicated:
                report.duplicated.append(policy)
        theirs.setdefault(policy, _theirs(row))
    sent = OutboundTransaction.objects.filter(
        issuer__hios_id=issuer_hios, status=OutboundTransaction.SENT
    ).values_list("enrollment_id", flat=True)
    ours = {p["policy_id"]: _ours(p) for p in hooks().for_reconciliation(sent)}
    for policy in sorted(ours.keys() - theirs.keys()):
        report.missing_at_issuer.append(policy)
    for policy in sorted(theirs.keys() - ours.keys()):
        report.missing_here.append(policy)
    for policy in sorted(ours.keys() & theirs.keys()):
        report.compared += 1
        diffs = [
            Difference(policy, name, ours[policy][name], theirs[policy][name])
            for name in ours[policy]
            if ours[policy][name] != theirs[policy][name]
        ]
        report.different.extend(diffs)
        if not diffs and policy not in report.duplicated:
            report.matched += 1
    return report
