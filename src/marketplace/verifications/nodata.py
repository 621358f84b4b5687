"""What the Exchange does when the IRS confirms it holds no tax return data for a household's
tax filers (45 CFR 155.320(c)(5), (c)(3)(vi)), as dated data: verifications/data/
income_without_tax_data.yaml (docs/adr/0812). Read by renewals/taxdata.py."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import yaml

ACCEPT = "accept"  # 45 CFR 155.320(c)(5)
VERIFY = "verify"  # 45 CFR 155.320(c)(3)(vi), 155.315(f)
DATA = Path(__file__).parent / "data" / "income_without_tax_data.yaml"


@cache
def _no_data_values() -> tuple[tuple[date, str], ...]:
    values = yaml.safe_load(DATA.read_text(encoding="utf-8"))["values"]
    return tuple(sorted((date.fromisoformat(str(d)), str(v["value"])) for d, v in values.items()))


def no_data_rule(year: int) -> str:
    """What an IRS "no data" answer means for plan year `year` (`accept` or `verify`): the
    value in force on January 1 of that year."""
    in_force = [value for since, value in _no_data_values() if since <= date(year, 1, 1)]
    return in_force[-1] if in_force else VERIFY
