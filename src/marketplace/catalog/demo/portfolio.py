"""What each demo issuer offers, where and in which year: the plans of its portfolio, their
14-character ids, the counties it serves (data.py holds the facts; the generator writes the
PUF files from these and crosswalk.py the Plan ID Crosswalk between two years)."""

from __future__ import annotations

from marketplace.catalog.demo.data import (
    DISCONTINUED,
    ISSUERS,
    LEAVES_COUNTY,
    OFFERED_FROM,
    OWN_PRODUCT,
)

# (metal, marketing name, HSA-eligible, standardized)
PORTFOLIO = [
    ("Catastrophic", "Catastrophic Safety Net", False, False),
    ("Expanded Bronze", "Value Bronze", False, False),
    ("Bronze", "Bronze HSA", True, False),
    ("Bronze", "Standard Bronze", False, True),
    ("Silver", "Standard Silver", False, True),
    ("Silver", "Silver Select", False, False),
    ("Silver", "Silver Plus", False, False),
    ("Gold", "Standard Gold", False, True),
    ("Gold", "Gold Select", False, False),
    ("Gold", "Gold Plus", False, False),
    ("Platinum", "Platinum Complete", False, False),
    ("Silver", "Silver Value", False, False),  # from 2027 (data.OFFERED_FROM)
]


def offers(state: str, issuer_index: int, label: str, year: int) -> bool:
    """Whether the issuer files this plan this year (data.OFFERED_FROM, DISCONTINUED)."""
    if year < OFFERED_FROM.get(label, 0):
        return False
    dropped = DISCONTINUED.get((state, issuer_index), {})
    return not any(since <= year and label in labels for since, labels in dropped.items())


def standard_component_id(state: str, issuer_index: int, number: int) -> str:
    """The plan's 14-character id: issuer, state, product (3 digits), plan number; a label
    of data.OWN_PRODUCT is a product (and network) of its own."""
    hios = ISSUERS[state][issuer_index][0]
    product = (issuer_index % 3) + 1
    if PORTFOLIO[number - 1][1] in OWN_PRODUCT:
        product += 3
    return f"{hios}{state}{product:03d}{number:04d}"


def counties_served(state: str, issuer_index: int, year: int) -> dict | None:
    """The issuer's counties (None: the whole state) less those it left (LEAVES_COUNTY)."""
    counties = ISSUERS[state][issuer_index][3]
    left = LEAVES_COUNTY.get((state, issuer_index), {})
    gone = {fips for since, fipses in left.items() if since <= year for fips in fipses}
    if counties is None or not gone:
        return counties
    return {fips: zips for fips, zips in counties.items() if fips not in gone}
