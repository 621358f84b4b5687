"""Facts and assumptions the demo generator builds on, each with its source.

Premium anchors: the monthly premium of the benchmark (second-lowest-cost silver) plan for
a 21-year-old non-smoker, averaged over the state's rating areas. The generator rescales
its rates so that its own benchmark hits these numbers.

- 2025, all three states: KFF State Health Facts, "Marketplace Average Benchmark Premiums"
  (40-year-old, 2025): MA $447, NC $507, VT $1,277 (as ranked by Becker's Payer,
  "States ranked by average ACA benchmark premium", citing KFF). Converted to age 21 with
  the state's age curve: MA 447 x 1.183 / 1.393 = 379.62; NC 507 / 1.278 = 396.71;
  VT is community-rated (no age factor): 1,277.
- 2026, NC: +30% (KFF's 2026 benchmark analysis; news reports of NC's "nearly 30%"
  average increase; KFF: +30% on average in HealthCare.gov states): 396.71 x 1.30 = 515.72.
- 2026, VT: the Green Mountain Care Board approved +9.6% (Blue Cross Blue Shield of
  Vermont) and +1.3% (MVP) for the individual market (GMCB decision, August 2025); we take
  +7% for the larger carrier's weight: 1,277 x 1.07 = 1,366.39.
- 2026, MA: ASSUMPTION, not looked up: +10% (2026 increases were double-digit in most
  states; MA's merged market moved less than the HealthCare.gov average): 417.58.
- 2027, all three states: ASSUMPTION. No 2027 rate decision for MA, VT or NC, nor a national
  2027 benchmark figure, was found (searched 2026-12-02 for the MA Division of Insurance's
  2027 merged-market rates, the Green Mountain Care Board's 2027 decisions, and CMS/KFF 2027
  premium figures). We take about the middle of the increases approved for 2026 where the
  state's own market set them: MA +9% (the Division of Insurance approved +7.1% to +12.2%
  for 2026, July 21, 2025): 455.16; VT +7% (the GMCB approved +9.6% and +1.3% for 2026,
  August 2025; the larger carrier weighs more): 1,462.04; NC +8% (its 2026 +30% reflected
  the end of the enhanced credits, not a trend): 556.98.

Replace these with the state's own rate-review figures when a state adopts the demo.
"""

from __future__ import annotations

from decimal import Decimal

YEARS = (2025, 2026, 2027)
STATES = ("MA", "VT", "NC")

BENCHMARK_AGE_21: dict[tuple[str, int], Decimal] = {
    ("MA", 2025): Decimal("379.62"),
    ("MA", 2026): Decimal("417.58"),
    ("NC", 2025): Decimal("396.71"),
    ("NC", 2026): Decimal("515.72"),
    ("VT", 2025): Decimal("1277.00"),
    ("VT", 2026): Decimal("1366.39"),
    ("MA", 2027): Decimal("455.16"),
    ("NC", 2027): Decimal("556.98"),
    ("VT", 2027): Decimal("1462.04"),
}

# Age curves: CMS "Market Rating Reforms: State Specific Age Curve Variations"
# (statespecagecrv053117.pdf), plan years 2018 and later.
# Index = age 0..64 (64 = 64 and over).
FEDERAL_DEFAULT_CURVE = (
    [Decimal("0.765")] * 15
    + [Decimal(v) for v in ("0.833", "0.859", "0.885", "0.913", "0.941", "0.970")]
    + [
        Decimal(v)
        for v in (
            "1.000",
            "1.000",
            "1.000",
            "1.000",
            "1.004",
            "1.024",
            "1.048",
            "1.087",
            "1.119",
            "1.135",
            "1.159",
            "1.183",
            "1.198",
            "1.214",
            "1.222",
            "1.230",
            "1.238",
            "1.246",
            "1.262",
            "1.278",
            "1.302",
            "1.325",
            "1.357",
            "1.397",
            "1.444",
            "1.500",
            "1.563",
            "1.635",
            "1.706",
            "1.786",
            "1.865",
            "1.952",
            "2.040",
            "2.135",
            "2.230",
            "2.333",
            "2.437",
            "2.548",
            "2.603",
            "2.714",
            "2.810",
            "2.873",
            "2.952",
            "3.000",
        )
    ]
)
# MA: one child band 0-20, adults 2:1 (2.365 / 1.183).
MA_CURVE = [Decimal("0.751")] * 21 + [
    Decimal(v)
    for v in (
        "1.183",
        "1.183",
        "1.183",
        "1.183",
        "1.183",
        "1.183",
        "1.220",
        "1.250",
        "1.275",
        "1.287",
        "1.305",
        "1.323",
        "1.334",
        "1.346",
        "1.352",
        "1.358",
        "1.363",
        "1.369",
        "1.381",
        "1.393",
        "1.410",
        "1.427",
        "1.450",
        "1.478",
        "1.511",
        "1.550",
        "1.593",
        "1.641",
        "1.688",
        "1.741",
        "1.792",
        "1.847",
        "1.902",
        "1.961",
        "2.019",
        "2.080",
        "2.142",
        "2.206",
        "2.280",
        "2.365",
        "2.365",
        "2.365",
        "2.365",
        "2.365",
    )
]
assert len(FEDERAL_DEFAULT_CURVE) == 65 and len(MA_CURVE) == 65

# VT family tiers (rules.md 5.2, from PolicyEngine family_tier_ratings/vt.yaml citing the
# CMS state rating page): tier premium = single rate x factor.
VT_TIER_FACTORS = {
    "Couple": Decimal("2.00"),
    "PrimarySubscriberAndOneDependent": Decimal("1.93"),
    "PrimarySubscriberAndTwoDependents": Decimal("1.93"),
    "PrimarySubscriberAndThreeOrMoreDependents": Decimal("1.93"),
    "CoupleAndOneDependent": Decimal("2.81"),
    "CoupleAndTwoDependents": Decimal("2.81"),
    "CoupleAndThreeOrMoreDependents": Decimal("2.81"),
}

# Maximum out-of-pocket limits (HHS Notice of Benefit and Payment Parameters for 2025 and
# 2026; CSR limits from the same notices, 45 CFR 156.420): self-only / family.
# 2027: $12,000 / $24,000 (CMS premium adjustment percentage guidance for the 2027 benefit
# year, Jan. 29, 2026; the rules parameter `moop` holds its sources).
MOOP_LIMIT = {2025: (9200, 18400), 2026: (10600, 21200), 2027: (12000, 24000)}
# 2027: the reduced limits of the CSR variants are NOT published (the rules parameter `moop`
# leaves them empty). These 2027 numbers are demo DESIGN CAPS, not law: the 2026 limits'
# share of the standard limit (8,450 / 10,600 and 3,500 / 10,600) applied to 12,000 and
# rounded down to $50, so the demo designs stay plausible. Replace with the published limits.
CSR_MOOP_LIMIT = {  # variant -> {year: self-only limit}
    "04": {2025: 7350, 2026: 8450, 2027: 9550},
    "05": {2025: 3050, 2026: 3500, 2027: 3950},
    "06": {2025: 3050, 2026: 3500, 2027: 3950},
}
# HSA-eligible (high-deductible) plans: IRS Rev. Proc. 2024-25 (2025), 2025-19 (2026) and
# 2026-24 (2027: "not less than $1,750 for self-only coverage ... do not exceed $8,700", as
# quoted by BenefitsLink, May 29, 2026): minimum deductible and maximum out-of-pocket.
HDHP = {2025: (1650, 8300), 2026: (1700, 8500), 2027: (1750, 8700)}

# Plan changes, so that a year is not a copy of the one before (demo assumption).
#: Plan label -> the plan year its issuers first file it (marked IsNewPlan "New" that year).
NEW_IN = {"Value Bronze": 2026, "Silver Value": 2027}
#: Plan label -> the first plan year it is offered at all (absent in earlier years).
OFFERED_FROM = {"Silver Value": 2027}
#: (state, issuer's position in ISSUERS) -> {plan year: labels it no longer offers from then}.
DISCONTINUED = {
    ("MA", 0): {2027: ("Gold Plus",)},
    ("VT", 1): {2027: ("Gold Plus",)},
    ("NC", 2): {2027: ("Gold Plus", "Silver Plus")},
}
#: Plan labels filed as a product of their own (a new network), not the issuer's usual one.
OWN_PRODUCT = {"Silver Value"}
#: (state, issuer's position) -> {plan year: counties it leaves from then}.
LEAVES_COUNTY = {("MA", 5): {2027: ("25021",)}}
#: Where the enrollees of a discontinued plan go (the issuer's Plan ID Crosswalk, 45 CFR
#: 155.335(j)): (state, issuer's position) -> {plan year: {label: (label or None, reason)}}.
#: None: not crosswalked, the enrollee must choose.
CROSSWALK_TO = {
    ("MA", 0): {2027: {"Gold Plus": ("Gold Select", "Discontinuing plan")}},
    ("VT", 1): {2027: {"Gold Plus": ("Gold Select", "Discontinuing plan")}},
    ("NC", 2): {
        2027: {
            "Silver Plus": ("Silver Value", "Discontinuing product"),
            "Gold Plus": (None, "Discontinuing plan, no crosswalk"),
        }
    },
}

# Premium relative to silver, before the issuer's and the plan's own factors (demo
# assumption: typical spreads in 2025 filings with silver loading).
METAL_FACTOR = {
    "Catastrophic": Decimal("0.64"),
    "Expanded Bronze": Decimal("0.76"),
    "Bronze": Decimal("0.80"),
    "Silver": Decimal("1.00"),
    "Gold": Decimal("1.10"),
    "Platinum": Decimal("1.32"),
}

# Rating-area cost factors (demo assumption). MA: Boston (5) and the Cape (7) dearest.
MA_AREA_FACTOR = {1: "0.93", 2: "0.96", 3: "1.02", 4: "1.00", 5: "1.07", 6: "0.97", 7: "1.06"}

# Issuers: fictional names, made-up 5-digit HIOS ids. `counties` None = the whole state;
# otherwise county FIPS -> None (whole county) or a list of covered zip codes.
ISSUERS = {
    "MA": [
        ("31642", "Bay Colony Health Plan", "HMO", None),
        ("35718", "Commonwealth Mutual Health", "PPO", None),
        ("42207", "Minuteman Health Cooperative", "HMO", None),
        ("47593", "Harborview Health", "EPO", None),
        ("52386", "Pioneer Valley Care", "POS", None),
        ("58914", "Atlantic Shore Health", "HMO", {"25025": None, "25017": None, "25021": None}),
        (
            "63027",
            "Berkshire Hills Health Plan",
            "PPO",
            {
                "25003": None,
                "25011": None,
                "25013": None,
                "25015": None,
                "25027": ["01005", "01031", "01037", "01068", "01074", "01083", "01092", "01094"],
            },
        ),
    ],
    "VT": [
        ("13627", "Green Peak Health", "PPO", None),
        ("77566", "Champlain Valley Health Plan", "EPO", None),
    ],
    "NC": [
        ("11512", "Tar Heel Health Alliance", "PPO", None),
        ("27183", "Carolina Piedmont Health", "HMO", None),
        (
            "39847",
            "Blue Ridge Health Partners",
            "EPO",
            {
                "37021": None,
                "37089": None,
                "37087": None,
                "37175": None,
                "37115": None,
                "37099": None,
                "37113": None,
                "37173": None,
                "37075": None,
                "37039": None,
            },
        ),
        (
            "54169",
            "Triangle Community Health",
            "HMO",
            {
                "37183": None,
                "37135": None,
                "37037": None,
                "37063": ["27701", "27703", "27704", "27705", "27707", "27560"],
            },
        ),
        (
            "68832",
            "Coastal Plain Health Plan",
            "POS",
            {
                "37129": None,
                "37019": None,
                "37141": None,
                "37133": None,
                "37049": None,
                "37031": None,
                "37147": None,
                "37183": None,
            },
        ),
    ],
}
