"""Reasonable compatibility of attested income with data (45 CFR 155.320(c)(3)(iii)).

45 CFR 155.300(d) lets data and an attestation be "reasonably compatible" when their
difference does not change eligibility; 155.320(c)(3)(iii)(A) accepts an attestation that is
reasonably compatible with the data without further verification. The rule this exchange
applies (docs/adr/0700-notices-and-verification.md):

* attested income at or above the data is compatible (a higher attestation can only lower the
  premium tax credit, so it cannot cause an overpayment);
* attested income below the data is compatible when the shortfall is within the larger of
  25% of the data amount and $6,000 (settings MARKETPLACE_INCOME_TOLERANCE_PERCENT and
  MARKETPLACE_INCOME_TOLERANCE_DOLLARS);
* otherwise the attestation is not reasonably compatible: a verification item asks for
  documents (155.320(c)(3)(vi) and 155.315(f)).
"""

from __future__ import annotations

from decimal import Decimal

DEFAULT_PERCENT = 25
DEFAULT_DOLLARS = Decimal("6000")


def reasonably_compatible(
    attested: Decimal,
    reported: Decimal,
    *,
    percent: int = DEFAULT_PERCENT,
    dollars: Decimal = DEFAULT_DOLLARS,
) -> bool:
    if attested >= reported:
        return True
    tolerance = max(reported * Decimal(percent) / 100, dollars)
    return reported - attested <= tolerance
