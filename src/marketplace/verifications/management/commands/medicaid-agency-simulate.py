"""`marketplace medicaid-agency-simulate TRANSFERS --out FILE [--not-eligible-share S]`: the
SIMULATED state Medicaid/CHIP agency (verifications/agency_simulator.py) answers an
account-transfer file with a decision file, for demonstrations and rehearsals; read it back
with `medicaid-decisions-import`. Refused on production, (MARKETPLACE_ENV=production)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from marketplace.core import clock
from marketplace.verifications.agency_simulator import SimulatedMedicaidAgency


class Command(BaseCommand):
    help = "SIMULATED Medicaid/CHIP agency: answer an account-transfer file with decisions."

    def add_arguments(self, parser):
        parser.add_argument("transfers", type=Path, help="An account-transfer file we sent.")
        parser.add_argument("--out", required=True, type=Path, help="The decision file to write.")
        parser.add_argument(
            "--not-eligible-share",
            type=float,
            default=0.0,
            help="Share of the transfers found not eligible (0 to 1; SSNs ending 7777 always).",
        )

    def handle(self, *args, transfers: Path, out: Path, not_eligible_share: float, **options):
        if settings.PRODUCTION:
            raise CommandError("The simulated Medicaid agency does not run on production.")
        if not transfers.is_file():
            raise CommandError(f"transfers: {transfers} is not a file we can read.")
        if not 0 <= not_eligible_share <= 1:
            raise CommandError("--not-eligible-share: give a share from 0 to 1.")
        agency = SimulatedMedicaidAgency(not_eligible_share=not_eligible_share)
        count = agency.answer(transfers, out, clock.today())
        self.stdout.write(f"SIMULATED agency: {count} decisions written to {out}")
