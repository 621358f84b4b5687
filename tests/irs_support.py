"""The simulated IRS's answers changed for a test (dataservices/simulated.py)."""

from __future__ import annotations

from marketplace.dataservices import simulated
from marketplace.dataservices.base import Outcome, ReconcileAnswer


def irs_now_says_filed(monkeypatch) -> None:
    """From now on the IRS answers that every return was filed with Form 8962 (45 CFR
    155.305(f)(4): the household reconciled)."""

    def reconciled(self, person, *, tax_year):
        return ReconcileAnswer(
            Outcome.VERIFIED, "IRS: return with Form 8962 filed.", failed_to_reconcile=False
        )

    monkeypatch.setattr(simulated.SimulatedIncome, "reconciled", reconciled)
