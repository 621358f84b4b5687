"""The plan catalog: issuers, plans and their variants, rates, service and rating areas.

The shape follows the CMS Exchange Public Use Files (shared with issuers' QHP templates), so
that a state can load its plans from the files its issuers already file. Plan years sit side
by side: every yearly table carries its `year`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MetalLevel(models.TextChoices):
    CATASTROPHIC = "catastrophic", "Catastrophic"
    EXPANDED_BRONZE = "expanded_bronze", "Expanded Bronze"
    BRONZE = "bronze", "Bronze"
    SILVER = "silver", "Silver"
    GOLD = "gold", "Gold"
    PLATINUM = "platinum", "Platinum"


class PlanType(models.TextChoices):
    HMO = "HMO", "HMO"
    PPO = "PPO", "PPO"
    EPO = "EPO", "EPO"
    POS = "POS", "POS"
    INDEMNITY = "Indemnity", "Indemnity"


class Variant(models.TextChoices):
    """CSR plan variations (CMS 834 Companion Guide 6.1; 45 CFR 156.420)."""

    OFF_EXCHANGE = "00", "Off exchange"
    STANDARD = "01", "Standard (no cost-sharing reduction)"
    ZERO_COST_SHARING = "02", "Zero cost sharing (AI/AN)"
    LIMITED_COST_SHARING = "03", "Limited cost sharing (AI/AN)"
    SILVER_73 = "04", "73% AV silver"
    SILVER_87 = "05", "87% AV silver"
    SILVER_94 = "06", "94% AV silver"


class County(models.Model):
    """A county (or county equivalent) by its 5-digit census FIPS code."""

    fips = models.CharField(max_length=5, unique=True)
    state = models.CharField(max_length=2, db_index=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["state", "name"]
        verbose_name_plural = "counties"

    def __str__(self) -> str:
        return f"{self.name}, {self.state}"


class ZipCounty(models.Model):
    """A zip code and one county it lies in; a zip that spans counties has several rows."""

    # Equality: zip_county_unique leads with it; the typeahead's prefix search: zip_prefix
    # (ADR 0827).
    zipcode = models.CharField(max_length=5)
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="zips")
    state = models.CharField(max_length=2, db_index=True)
    city = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zipcode", "county"], name="zip_county_unique")
        ]
        # The typeahead's prefix search (geography.zip_counties_with_prefix) on PostgreSQL:
        # LIKE 'abc%' reads only a pattern-operator index outside the C collation.
        indexes = [
            models.Index(fields=["zipcode"], opclasses=["varchar_pattern_ops"], name="zip_prefix")
        ]

    def __str__(self) -> str:
        return f"{self.zipcode} in {self.county}"


class RatingArea(models.Model):
    """A geographic rating area of a state for one plan year (45 CFR 147.102(b))."""

    year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=2)
    number = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["year", "state", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "state", "number"], name="rating_area_unique")
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.puf_name} ({self.year})"

    @property
    def puf_name(self) -> str:
        """As the Rate PUF writes it: 'Rating Area 3'."""
        return f"Rating Area {self.number}"

    @property
    def edi_code(self) -> str:
        """As the 834 writes it: 'R-MA003' (CMS 834 Companion Guide, 2750 loop)."""
        return f"R-{self.state}{self.number:03d}"


class RatingAreaRule(models.Model):
    """Which rating area a county, or a 3-digit zip prefix, belongs to in a plan year.

    Most states define rating areas by county; a few (AK, ID, MA, NE, part of CA) by zip3.
    """

    rating_area = models.ForeignKey(RatingArea, on_delete=models.CASCADE, related_name="rules")
    year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=2)
    county_fips = models.CharField(max_length=5, blank=True)
    zip3 = models.CharField(max_length=3, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["year", "state", "county_fips"]),
            models.Index(fields=["year", "state", "zip3"]),
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.zip3 or self.county_fips}: area {self.rating_area_id}"


class Issuer(models.Model):
    """An insurance company by its 5-digit HIOS issuer id."""

    hios_id = models.CharField(max_length=5, unique=True)
    state = models.CharField(max_length=2, db_index=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    """Where an issuer sells, for one plan year (Service Area PUF)."""

    issuer = models.ForeignKey(  # served by service_area_unique (ADR 0827)
        Issuer, on_delete=models.CASCADE, related_name="service_areas", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    service_area_id = models.CharField(max_length=10)
    name = models.CharField(max_length=200, blank=True)
    covers_entire_state = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "service_area_id"], name="service_area_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_area_id} of issuer {self.issuer_id} ({self.year})"


class ServiceAreaCounty(models.Model):
    """A county within a service area; `zipcodes` lists the covered zips of a partial county."""

    service_area = models.ForeignKey(ServiceArea, on_delete=models.CASCADE, related_name="counties")
    county_fips = models.CharField(max_length=5, db_index=True)
    partial_county = models.BooleanField(default=False)
    zipcodes = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.county_fips} in service area {self.service_area_id}"


class Plan(models.Model):
    """A qualified health plan for one plan year, by its 14-character standard component id."""

    year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=2)
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="plans")
    standard_component_id = models.CharField(max_length=14)
    name = models.CharField(max_length=200)
    hios_product_id = models.CharField(max_length=10)
    network_id = models.CharField(max_length=10, blank=True)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="plans")
    formulary_id = models.CharField(max_length=10, blank=True)
    market_coverage = models.CharField(max_length=30, default="Individual")
    plan_type = models.CharField(max_length=10, choices=PlanType.choices)
    metal_level = models.CharField(max_length=16, choices=MetalLevel.choices)
    is_new = models.BooleanField(default=False)
    is_hsa_eligible = models.BooleanField(default=False)
    is_standardized = models.BooleanField(default=False)
    ehb_percent_of_premium = models.DecimalField(max_digits=7, decimal_places=6, default=1)
    includes_pediatric_dental = models.BooleanField(default=True)
    quality_rating = models.PositiveSmallIntegerField(null=True, blank=True)  # 1-5 stars
    network_url = models.URLField(max_length=500, blank=True)
    formulary_url = models.URLField(max_length=500, blank=True)
    brochure_url = models.URLField(max_length=500, blank=True)
    summary_of_benefits_url = models.URLField(max_length=500, blank=True)
    #: The state program this is one of the own plans of (aca_rules.states plan_program,
    #: e.g. "ma_connectorcare"): offered only to households that program covers, and the
    #: only plans its subsidy pays toward. Blank for an ordinary plan. From the state
    #: supplement file of the import (catalog/puf/state_programs.py).
    state_program = models.CharField(max_length=40, blank=True, default="")
    #: A state cost-sharing level -> the 2-character variant that serves it on this plan,
    #: e.g. {"2B": "05"} (a ConnectorCare plan type) or {"77": "07"} (Vermont's 77% AV
    #: silver variation). Empty: the federal CSR variants only.
    state_variants = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["year", "standard_component_id"]
        constraints = [
            models.UniqueConstraint(fields=["year", "standard_component_id"], name="plan_unique")
        ]
        indexes = [models.Index(fields=["year", "state", "metal_level"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.standard_component_id}, {self.year})"


class PlanVariant(models.Model):
    """One cost-sharing variation of a plan: the 16-character plan id with its variant.

    `variant` is one of CMS's codes (Variant), or a state cost-sharing variation's code from
    the state supplement (07-99, e.g. Vermont's 77% AV silver; `Plan.state_variants`).

    Money is in whole dollars per year; None where the filing says "Not Applicable".
    The deductibles and out-of-pocket limits are the in-network tier-1 values, integrated
    (medical and drug) when the plan integrates them.
    """

    plan = models.ForeignKey(  # served by plan_variant_unique (ADR 0827)
        Plan, on_delete=models.CASCADE, related_name="variants", db_index=False
    )
    variant = models.CharField(max_length=2, choices=Variant.choices)
    name = models.CharField(max_length=200, blank=True)
    csr_variation_type = models.CharField(max_length=100, blank=True)
    actuarial_value = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    deductibles_integrated = models.BooleanField(default=True)
    moop_integrated = models.BooleanField(default=True)
    medical_deductible_individual = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    medical_deductible_family = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    drug_deductible_individual = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    drug_deductible_family = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    moop_individual = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    moop_family = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    drug_moop_individual = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    drug_moop_family = models.DecimalField(max_digits=9, decimal_places=2, null=True)

    class Meta:
        ordering = ["plan", "variant"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "variant"], name="plan_variant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan.standard_component_id}-{self.variant} ({self.plan.year})"

    @property
    def plan_id(self) -> str:
        """The PUF's plan id with variant: '12345MA0010001-01'."""
        return f"{self.plan.standard_component_id}-{self.variant}"


class Rate(models.Model):
    """A monthly premium row of the Rate PUF: plan x rating area x age band.

    Age-rated rows carry `age_min`/`age_max` (0-14 is one band, 64 means 64 and over) and
    the individual (non-tobacco) and tobacco rates. Family-tier rows (NY, VT: Age =
    'Family Option') have no age and carry the tier premiums.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rates")
    rating_area = models.ForeignKey(  # served by the (rating_area, plan) index (ADR 0827)
        RatingArea, on_delete=models.PROTECT, related_name="rates", db_index=False
    )
    effective_date = models.DateField()
    expiration_date = models.DateField()
    age_min = models.PositiveSmallIntegerField(null=True)
    age_max = models.PositiveSmallIntegerField(null=True)
    individual_rate = models.DecimalField(max_digits=9, decimal_places=2)
    tobacco_rate = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    couple = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    primary_one_dependent = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    primary_two_dependents = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    primary_three_or_more = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    couple_one_dependent = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    couple_two_dependents = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    couple_three_or_more = models.DecimalField(max_digits=9, decimal_places=2, null=True)

    class Meta:
        indexes = [models.Index(fields=["rating_area", "plan"])]

    def __str__(self) -> str:
        return f"{self.plan_id} in area {self.rating_area_id}, ages {self.age_min}-{self.age_max}"


class Benefit(models.Model):
    """Cost sharing for one benefit of one plan variant (Benefits and Cost Sharing PUF).

    The text is kept as filed ("$30.00", "20.00% Coinsurance after deductible", "No Charge").
    """

    variant = models.ForeignKey(  # served by benefit_unique (ADR 0827)
        PlanVariant, on_delete=models.CASCADE, related_name="benefits", db_index=False
    )
    name = models.CharField(max_length=200)
    is_covered = models.BooleanField(default=True)
    is_ehb = models.BooleanField(default=True)
    copay_in_network = models.CharField(max_length=100, blank=True)
    coinsurance_in_network = models.CharField(max_length=100, blank=True)
    copay_out_of_network = models.CharField(max_length=100, blank=True)
    coinsurance_out_of_network = models.CharField(max_length=100, blank=True)
    limit_quantity = models.CharField(max_length=50, blank=True)
    limit_unit = models.CharField(max_length=100, blank=True)
    exclusions = models.TextField(blank=True)
    explanation = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["variant", "name"], name="benefit_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.variant_id})"


class CatalogImport(models.Model):
    """One run of the PUF importer: what was loaded, from where, and how many rows."""

    year = models.PositiveSmallIntegerField()
    states = models.JSONField(default=list)
    source = models.CharField(max_length=500)
    files = models.JSONField(default=dict)  # file name -> {"sha256": ..., "rows": ...}
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"import of {self.year} ({', '.join(self.states)})"


class CrosswalkLevel(models.IntegerChoices):
    """How far a plan's enrollees move at renewal (Plan ID Crosswalk PUF `CrosswalkLevel`;
    the order of 45 CFR 155.335(j); our reading of the codes: docs/adr/0805)."""

    DISCONTINUED = 0, _("Not crosswalked: the enrollee must choose")
    SAME_PLAN = 1, _("Same plan")
    SAME_PRODUCT = 2, _("Another plan of the same product")
    OTHER_PRODUCT = 3, _("A plan of another product of the same issuer")
    OTHER_ISSUER = 4, _("A plan of another issuer")


class PlanCrosswalk(models.Model):
    """One row of the Plan ID Crosswalk PUF: where the enrollees of a plan of `from_year`
    go in `to_year` (45 CFR 155.335(j); 147.106 guaranteed renewability), for one county
    (`county_fips`, blank: everywhere the plan was sold) and, for a partial county, only
    the listed `zipcodes`. `to_plan_id` is blank when the plan is not crosswalked (the
    issuer discontinues it, or leaves the county): the enrollee must choose. Imported with
    the plan year it leads to (`import-puf --year TO_YEAR`)."""

    from_year = models.PositiveSmallIntegerField()
    to_year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=2)
    from_plan_id = models.CharField(max_length=14)
    from_issuer_id = models.CharField(max_length=5)
    from_metal_level = models.CharField(max_length=16, blank=True)
    county_fips = models.CharField(max_length=5, blank=True)
    zipcodes = models.JSONField(default=list, blank=True)
    level = models.PositiveSmallIntegerField(choices=CrosswalkLevel.choices)
    reason = models.CharField(max_length=100, blank=True)
    to_plan_id = models.CharField(max_length=14, blank=True)
    to_issuer_id = models.CharField(max_length=5, blank=True)
    to_metal_level = models.CharField(max_length=16, blank=True)
    #: The plan a dependent who ages off a child-only plan goes to (AgeOffPlanID).
    age_off_plan_id = models.CharField(max_length=14, blank=True)

    class Meta:
        ordering = ["to_year", "state", "from_plan_id", "county_fips"]
        indexes = [models.Index(fields=["to_year", "from_plan_id"])]

    def __str__(self) -> str:
        target = self.to_plan_id or "none"
        return f"{self.from_plan_id} ({self.from_year}) -> {target} ({self.to_year})"

    def applies_to(self, county_fips: str, zipcode: str) -> bool:
        """Whether the row is about a household at this county and zip code."""
        if self.county_fips and self.county_fips != county_fips:
            return False
        return not self.zipcodes or zipcode in self.zipcodes
