"""SIMULATED ISSUER, for the embedded default and the tests: never a real insurance company.

It plays one issuer's side of docs/puf-and-834.md B.6: it picks up our 834s from its outbox folder,
validates each with x12.validate (a real issuer would answer a bad file with a 999 reject),
keeps its own book of policies (a JSON file), and answers with an effectuation 834 for each
new enrollment whose binder payment it "receives" (021/28, AMRC CONFIRM, DTP*543 paid-through,
its own REF*X9/ZZ/23 ids, echoing our begin dates: CG §6.9), or a cancellation for non-payment
of the binder (024/59 CANCEL). It can also write its side of a reconciliation (`audit_csv`),
and a payment-status file when a monthly premium is missed or paid (`report_payment`: the
exchange then runs the grace period, edi/payment_status.py), and it takes our 025
reinstatements back on its book.
"""

from __future__ import annotations

import calendar
import csv
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from marketplace.core import clock
from x12 import ControlNumbers, EnrollmentTransaction, Party, WriterConfig, read_834, write_834
from x12.validate import companion_errors, validate_834

AUDIT_FIELDS = [
    "policy_id",
    "subscriber_id",
    "plan_id",
    "member_ids",
    "status",
    "coverage_start",
    "coverage_end",
    "premium_total",
    "aptc_amount",
    "paid_through",
    "issuer_policy_id",
]


class SimulatedIssuer:
    """One issuer (by HIOS id) reading `outbox/<HIOS>/` and writing to `inbound/`."""

    def __init__(
        self,
        hios_id: str,
        outbox: Path | str,
        inbound: Path | str,
        *,
        pays: Callable[[EnrollmentTransaction], bool] = lambda txn: True,
        state: str = "MA",
        pyx12: bool = True,
        now: datetime | None = None,
    ):
        self.hios_id = hios_id
        self.folder = Path(outbox) / hios_id
        self.inbound = Path(inbound)
        self.pays = pays
        self.state = state
        self.pyx12 = pyx12
        # Its files are dated by the exchange's one clock (MARKETPLACE_TODAY moves it), so an
        # effectuation never predates the enrollment it answers.
        self.now = now or clock.now().replace(tzinfo=None, microsecond=0)
        self.book_path = self.folder / ".simulator-book.json"
        self.rejected: list[tuple[str, list[str]]] = []

    # --- its book ----------------------------------------------------------------------
    def book(self) -> dict:
        if self.book_path.exists():
            return json.loads(self.book_path.read_text())
        return {"processed": [], "policies": {}, "control": 0}

    def _save(self, book: dict) -> None:
        self.book_path.parent.mkdir(parents=True, exist_ok=True)
        self.book_path.write_text(json.dumps(book, indent=1, sort_keys=True))

    # --- receiving ---------------------------------------------------------------------
    def process(self) -> list[Path]:
        """Read every new file; answer the new enrollments. Returns the files written."""
        book = self.book()
        answers: list[EnrollmentTransaction] = []
        if not self.folder.exists():
            return []
        for path in sorted(p for p in self.folder.iterdir() if p.name.endswith((".T", ".P"))):
            if path.name in book["processed"]:
                continue
            book["processed"].append(path.name)
            text = path.read_text(encoding="ascii")
            errors = validate_834(text).errors if self.pyx12 else companion_errors(text)
            if errors:
                self.rejected.append((path.name, errors))
                continue
            for txn in read_834(text).transactions:
                answer = self._receive(book, txn)
                if answer is not None:
                    answers.append(answer)
        written = []
        if answers:
            written.append(self._write(book, answers))
        self._save(book)
        return written

    def _receive(self, book: dict, txn: EnrollmentTransaction) -> EnrollmentTransaction | None:
        """The issuer's side of one transaction: an addition is effectuated (or cancelled for
        non-payment) and answered; a change to a policy it holds is applied to its book."""
        if txn.maintenance_type == "021":
            return self._add(book, txn)
        entry = book["policies"].get(txn.policy_id)
        if entry is None:
            return None
        _apply_change(entry, txn)
        return None

    def _add(self, book: dict, txn: EnrollmentTransaction) -> EnrollmentTransaction:
        """A new policy on the book: effectuated and paid through its first month, answered
        with the issuer's ids (021/28); or, when the first premium is not paid, cancelled
        (024/59)."""
        issuer_policy = f"{self.hios_id}X{txn.policy_id}"
        book["policies"][txn.policy_id] = {
            "policy_id": txn.policy_id,
            "subscriber_id": txn.subscriber_id,
            "plan_id": txn.plan_id,
            "member_ids": [m.member_id for m in txn.members],
            "status": "pending",
            "coverage_start": txn.coverage_start.isoformat(),
            "coverage_end": "",
            "premium_total": str(txn.premium_total or ""),
            "aptc_amount": str(txn.aptc_amount or "0"),
            "paid_through": "",
            "issuer_policy_id": issuer_policy,
        }
        entry = book["policies"][txn.policy_id]
        if not self.pays(txn):
            entry["status"] = "cancelled"
            entry["coverage_end"] = entry["coverage_start"]
            return replace(
                txn,
                maintenance_type="024",
                maintenance_reason="59",
                additional_maintenance_reason="CANCEL",
                coverage_end=txn.coverage_start,
                members=txn.members[:1],
                maintenance_effective_date=None,
                **self._clear(),
            )
        start = txn.coverage_start  # paid through the end of its first month
        paid = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        entry["status"], entry["paid_through"] = "effectuated", paid.isoformat()
        members = tuple(
            replace(m, issuer_member_id=f"{self.hios_id}M{m.member_id}") for m in txn.members
        )
        return replace(
            txn,
            maintenance_reason="28",
            additional_maintenance_reason="CONFIRM",
            paid_through_date=paid,
            issuer_policy_id=issuer_policy,
            issuer_subscriber_id=f"{self.hios_id}S{txn.subscriber_id}",
            members=members,
        )

    @staticmethod
    def _clear() -> dict:
        return {"paid_through_date": None}

    def terminate_for_nonpayment(self, policy_id: str, end: date) -> Path:
        """An issuer termination (024/59 TERM, grace period ended: 45 CFR 156.270(g))."""
        book = self.book()
        entry = book["policies"][policy_id]
        entry["status"], entry["coverage_end"] = "terminated", end.isoformat()
        txn = EnrollmentTransaction(
            maintenance_type="024",
            maintenance_reason="59",
            additional_maintenance_reason="TERM",
            subscriber_id=entry["subscriber_id"],
            policy_id=policy_id,
            issuer_hios_id=self.hios_id,
            plan_id=None,
            coverage_start=date.fromisoformat(entry["coverage_start"]),
            coverage_end=end,
            members=(self._subscriber_stub(entry),),
            source_exchange_id=f"{self.state}0",
            request_submit_timestamp=self.now,
            issuer_policy_id=entry["issuer_policy_id"],
        )
        path = self._write(book, [txn])
        self._save(book)
        return path

    def report_payment(self, policy_id: str, paid_through: date, *, paid: bool) -> Path:
        """Its payment-status file (edi/payment_status.py): the premium for the month after
        `paid_through` was missed (`paid=False`: DELINQUENT, the exchange starts a grace
        period) or premiums are paid through `paid_through` (`paid=True`: PAID)."""
        from marketplace.edi import payment_status

        book = self.book()
        entry = book["policies"][policy_id]
        entry["paid_through"] = paid_through.isoformat()
        book["control"] += 1
        self.inbound.mkdir(parents=True, exist_ok=True)
        stamp = f"D{self.now:%y%m%d}.T{self.now:%H%M%S}{book['control']:03d}"
        row = {
            "policy_id": policy_id,
            "subscriber_id": entry["subscriber_id"],
            "issuer_policy_id": entry["issuer_policy_id"],
            "status": payment_status.PAID if paid else payment_status.DELINQUENT,
            "paid_through": paid_through,
        }
        path = payment_status.write(self.inbound / f"{self.hios_id}.DSH.PAYSTAT.{stamp}.T", [row])
        self._save(book)
        return path

    def _subscriber_stub(self, entry: dict):
        from x12 import Member

        return Member(
            member_id=entry["member_ids"][0],
            is_subscriber=True,
            relationship="18",
            last_name="SUBSCRIBER",
            first_name="POLICY",
            birth_date=date(1980, 1, 1),
            gender="U",
        )

    # --- answering ---------------------------------------------------------------------
    def _write(self, book: dict, txns: list[EnrollmentTransaction]) -> Path:
        book["control"] += 1
        number = int(self.hios_id) * 10000 % 900_000_000 + book["control"]
        config = WriterConfig(
            sender_id=self.hios_id,
            receiver_id=f"{self.state}HIX",
            sponsor=Party(f"{self.state} HEALTH MARKETPLACE", "94", f"{self.state}0"),
            gs_sender_id=self.hios_id,
            gs_receiver_id=f"{self.state}0",
        )
        text = write_834(txns, config, ControlNumbers(number, number), self.now)
        self.inbound.mkdir(parents=True, exist_ok=True)
        name = (
            f"{self.hios_id}.DSH.IC834.D{self.now:%y%m%d}.T{self.now:%H%M%S}{book['control']:03d}.T"
        )
        path = self.inbound / name
        path.write_text(text, encoding="ascii")
        return path

    def audit_csv(self, path: Path | str) -> Path:
        """Its side of reconciliation: one row per policy it holds (docs/runbooks)."""
        path = Path(path)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=AUDIT_FIELDS)
            writer.writeheader()
            for entry in self.book()["policies"].values():
                writer.writerow({**entry, "member_ids": ";".join(entry["member_ids"])})
        return path


def _apply_change(entry: dict, txn: EnrollmentTransaction) -> None:
    """A change to a policy on the book: a CSR variant change, a dependent leaving, a
    cancellation or termination, or a reinstatement."""
    if txn.maintenance_type == "001":
        # A CSR VARIANT CHANGE moves the same policy to the new REF*CE (docs/puf-and-834.md
        # B.4);
        # the issuer keeps its accumulators on it (45 CFR 156.425(b)).
        entry["plan_id"] = txn.plan_id or entry["plan_id"]
        entry["premium_total"] = str(txn.premium_total or entry["premium_total"])
        entry["aptc_amount"] = str(txn.aptc_amount if txn.aptc_amount is not None else "0")
    elif txn.maintenance_type == "024" and txn.subscriber is None:
        # A dependent's 024: they leave, the policy goes on (docs/puf-and-834.md B.3).
        gone = {m.member_id for m in txn.members}
        entry["member_ids"] = [m for m in entry["member_ids"] if m not in gone]
    elif txn.maintenance_type == "024":
        entry["coverage_end"] = txn.coverage_end.isoformat()
        entry["status"] = "cancelled" if txn.is_cancellation else "terminated"
    elif txn.maintenance_type == "025":
        # A reinstatement restores the group from its original begin date (B.3).
        entry["coverage_end"], entry["status"] = "", "effectuated"
