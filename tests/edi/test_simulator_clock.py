"""The simulated issuer dates its answers by the exchange's one clock (issue 11: one clock
for windows, effective dates, notices and 834 dates), not by a fixed day."""

from __future__ import annotations

from datetime import date

from marketplace.edi.issuer_simulator import SimulatedIssuer


def test_the_simulated_issuer_reads_the_exchanges_clock(settings, tmp_path):
    settings.MARKETPLACE_TODAY = date(2026, 12, 3)
    issuer = SimulatedIssuer("58914", tmp_path / "outbox", tmp_path / "inbound")
    assert issuer.now.date() == date(2026, 12, 3)
    settings.MARKETPLACE_TODAY = date(2027, 1, 5)
    later = SimulatedIssuer("58914", tmp_path / "outbox", tmp_path / "inbound")
    assert later.now.date() == date(2027, 1, 5)
