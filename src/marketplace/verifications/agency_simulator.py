"""A SIMULATED state Medicaid/CHIP agency, named as such: it reads the account-transfer file
the exchange sends (verifications/transfer.py) and writes the decision file the real agency
would send back (docs/adr/0713), for demonstrations, training and rehearsals of a state's
year where no agency is connected. No network; the same file always gets the same answers:

| Who (the transfer record) | Decision |
| --- | --- |
| SSN ending 7777 | not eligible ("Income over the limit as the agency counted it") |
| SSN ending 7778 | eligible |
| anyone else | not eligible for a share `not_eligible_share` of the transfers, else eligible |

The share is drawn by each transfer id's hash, so the same transfers are always the ones.

Each decision is dated `days` after the referral, never after `today`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from pathlib import Path

from django.utils import timezone

from marketplace.verifications.models import AgencyDecision

FORMAT = "marketplace-account-transfer-decision/1"
NOT_ELIGIBLE_SSN, ELIGIBLE_SSN = "7777", "7778"
REASONS = {
    AgencyDecision.NOT_ELIGIBLE: "Simulated agency: income over the limit as the agency counted it",
    AgencyDecision.ELIGIBLE: "Simulated agency: eligible",
}


class SimulatedMedicaidAgency:
    """Decides every transfer of a file (see the module's table)."""

    def __init__(self, *, not_eligible_share: float = 0.0, days: int = 7):
        self.share, self.days = not_eligible_share, days

    def decision(self, record: dict, today: date) -> dict:
        """The decision line for one transfer record."""
        last4 = (record.get("person") or {}).get("ssn_last4") or ""
        if last4 in (NOT_ELIGIBLE_SSN, ELIGIBLE_SSN):
            found = (
                AgencyDecision.NOT_ELIGIBLE
                if last4 == NOT_ELIGIBLE_SSN
                else AgencyDecision.ELIGIBLE
            )
        else:
            found = AgencyDecision.NOT_ELIGIBLE if self._drawn(record) else AgencyDecision.ELIGIBLE
        # The day of the referral in the state's time zone, as the exchange's clock counts
        # days: the file's time is UTC, whose date is the next day for an evening referral.
        referred = timezone.localdate(datetime.fromisoformat(record["referred_at"]))
        return {
            "format": FORMAT,
            "transfer_id": record["transfer_id"],
            "decision": found.value,
            "decided_on": min(referred + timedelta(days=self.days), today).isoformat(),
            "reason": REASONS[found],
        }

    def _drawn(self, record: dict) -> bool:
        digest = hashlib.sha256(str(record["transfer_id"]).encode()).digest()
        return int.from_bytes(digest[:4], "big") < self.share * 2**32

    def answer(self, transfers: Path, out: Path, today: date) -> int:
        """The decision file for a transfer file; returns how many decisions it holds."""
        lines = [
            json.dumps(self.decision(json.loads(line), today), sort_keys=True) + "\n"
            for line in transfers.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        out.write_text("".join(lines), encoding="utf-8")
        return len(lines)
