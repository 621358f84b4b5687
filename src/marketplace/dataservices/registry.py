"""Which adapters serve this deployment (settings.MARKETPLACE_DATA_SERVICES)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from marketplace.dataservices import simulated
from marketplace.dataservices.protocols import (
    CoverageService,
    IncomeService,
    SAVEService,
    SSAService,
)


@dataclass(frozen=True)
class DataServices:
    ssa: SSAService
    save: SAVEService
    income: IncomeService
    coverage: CoverageService


def services() -> DataServices:
    choice = getattr(settings, "MARKETPLACE_DATA_SERVICES", "simulated")
    if choice == "simulated":
        return DataServices(
            ssa=simulated.SimulatedSSA(),
            save=simulated.SimulatedSAVE(),
            income=simulated.SimulatedIncome(),
            coverage=simulated.SimulatedCoverage(),
        )
    raise ImproperlyConfigured(
        f"MARKETPLACE_DATA_SERVICES={choice!r}: only 'simulated' is available; a Federal Data "
        "Services Hub adapter implements marketplace.dataservices.protocols."
    )
