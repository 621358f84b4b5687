"""The issuers' provider networks and formularies, as their machine-readable files give them.

The shape follows the CMS "QHP Provider and Formulary" JSON files (plans.json,
providers.json, drugs.json; github.com/CMSgov/QHP-provider-formulary-APIs, ADR 0900). One
import loads one issuer's files for one plan year (`FileImport`); every data row carries the
import it came from and its `year`, so a re-import replaces exactly that issuer's year.

Plans are referred to by their 14-character HIOS plan id (the catalog's standard component
id), not by a foreign key: an issuer may send its files before or after its PUF filing.

Children point to their parents with DO_NOTHING: the importer deletes children first, then
parents, each with one DELETE (docs/adr/0900-provider-and-formulary-files.md).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class ProviderKind(models.TextChoices):
    """providers.json `type`: INDIVIDUAL is NPI type 1; FACILITY and GROUP are NPI type 2."""

    INDIVIDUAL = "individual", "Individual"
    FACILITY = "facility", "Facility"
    GROUP = "group", "Group"


class FileImport(models.Model):
    """One import of one issuer's files for one plan year; the latest one is `is_current`."""

    issuer_id = models.CharField(max_length=5)
    year = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=500)
    files = models.JSONField(default=dict)  # file name -> sha256
    counts = models.JSONField(default=dict)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(default=timezone.now)
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["-finished_at", "-id"]
        indexes = [models.Index(fields=["issuer_id", "year", "is_current"])]
        constraints = [
            # Two imports racing for one issuer's year: the second fails and changes nothing.
            models.UniqueConstraint(
                fields=["issuer_id", "year"],
                condition=models.Q(is_current=True),
                name="one_current_file_import",
            )
        ]

    def __str__(self) -> str:
        return f"files of issuer {self.issuer_id} for {self.year}"


class ImportException(models.Model):
    """A record that did not load, and why; the rest of the file loaded without it."""

    file_import = models.ForeignKey(FileImport, on_delete=models.CASCADE, related_name="exceptions")
    file_name = models.CharField(max_length=200)
    record_number = models.PositiveIntegerField(null=True, blank=True)  # 1-based, in the file
    identifier = models.CharField(max_length=100, blank=True)  # npi, rxnorm_id or plan_id
    reason = models.TextField()

    class Meta:
        ordering = ["file_import", "file_name", "record_number", "id"]

    def __str__(self) -> str:
        return f"{self.file_name} #{self.record_number}: {self.reason}"


class NetworkPlan(models.Model):
    """A plans.json record for one year: the plan's network tiers and formulary tiers.

    `formulary` maps each drug tier to {"mail_order": bool, "cost_sharing": [...]}, the
    cost-sharing objects as filed (pharmacy_type, copay_amount, copay_opt, coinsurance_rate,
    coinsurance_opt).
    """

    file_import = models.ForeignKey(FileImport, on_delete=models.DO_NOTHING, related_name="+")
    year = models.PositiveSmallIntegerField()
    issuer_id = models.CharField(max_length=5)
    plan_id = models.CharField(max_length=14)
    marketing_name = models.CharField(max_length=300, blank=True)
    summary_url = models.CharField(max_length=500, blank=True)
    formulary_url = models.CharField(max_length=500, blank=True)
    plan_contact = models.CharField(max_length=200, blank=True)
    network_tiers = models.JSONField(default=list)
    formulary = models.JSONField(default=dict)
    # Whether the issuer's providers.json / drugs.json name this plan at all: a plan without
    # any is "DataNotProvided", not "NotCovered", for every provider or drug.
    has_network_data = models.BooleanField(default=False)
    has_formulary_data = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "plan_id"], name="network_plan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} ({self.year})"


class Provider(models.Model):
    """A providers.json record of one issuer for one year (an NPI may appear in several
    issuers' files; search merges them by NPI)."""

    file_import = models.ForeignKey(FileImport, on_delete=models.DO_NOTHING, related_name="+")
    year = models.PositiveSmallIntegerField()
    issuer_id = models.CharField(max_length=5)
    npi = models.CharField(max_length=10)
    kind = models.CharField(max_length=10, choices=ProviderKind.choices)
    name = models.CharField(max_length=300)  # as people read it: "Dr. Ana M. Ruiz"
    sort_name = models.CharField(max_length=300)  # "ruiz ana m" / "boston general hospital"
    specialties = models.JSONField(default=list)
    facility_types = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    accepting = models.CharField(max_length=30, default="unknown")
    gender = models.CharField(max_length=20, blank=True)
    last_updated_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["year", "npi"]),
            models.Index(fields=["year", "sort_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.npi}, {self.year})"


class ProviderAddress(models.Model):
    """An address of a provider record, placed at its zip code's centroid (for distance).

    `npi` and `kind` repeat the provider's, so a search near a place reads one index range
    of this table and nothing else (search.py)."""

    provider = models.ForeignKey(Provider, on_delete=models.DO_NOTHING, related_name="addresses")
    file_import = models.ForeignKey(FileImport, on_delete=models.DO_NOTHING, related_name="+")
    year = models.PositiveSmallIntegerField()
    npi = models.CharField(max_length=10)
    kind = models.CharField(max_length=10, choices=ProviderKind.choices)
    street = models.CharField(max_length=200)
    street_2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    zipcode = models.CharField(max_length=5)
    phone = models.CharField(max_length=20, blank=True)
    # Degrees (a position, not money): float is the right type for great-circle distance.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["year", "latitude", "longitude"])]

    def __str__(self) -> str:
        return f"{self.street}, {self.city}, {self.state} {self.zipcode}"


class ProviderWord(models.Model):
    """One word of a provider's name, for prefix search through an index."""

    provider = models.ForeignKey(Provider, on_delete=models.DO_NOTHING, related_name="+")
    file_import = models.ForeignKey(FileImport, on_delete=models.DO_NOTHING, related_name="+")
    year = models.PositiveSmallIntegerField()
    word = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["year", "word"])]

    def __str__(self) -> str:
        return self.word


class ProviderSpecialty(models.Model):
    """One specialty or facility type of a provider record, normalized for matching."""

    provider = models.ForeignKey(Provider, on_delete=models.DO_NOTHING, related_name="+")
    file_import = models.ForeignKey(FileImport, on_delete=models.DO_NOTHING, related_name="+")
    year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=100)  # lower case, single spaces
    label = models.CharField(max_length=100)  # as filed

    class Meta:
        indexes = [models.Index(fields=["year", "key"])]

    def __str__(self) -> str:
        return self.label


class NetworkEntry(models.Model):
    """A provider in a plan's network for a year, at a network tier (providers.json plans[])."""

    provider = models.ForeignKey(Provider, on_delete=models.DO_NOTHING, related_name="networks")
    file_import = models.ForeignKey(FileImport, on_delete=models.DO_NOTHING, related_name="+")
    year = models.PositiveSmallIntegerField()
    npi = models.CharField(max_length=10)
    plan_id = models.CharField(max_length=14)
    network_tier = models.CharField(max_length=60)

    class Meta:
        indexes = [models.Index(fields=["year", "npi", "plan_id"])]

    def __str__(self) -> str:
        return f"{self.npi} in {self.plan_id} ({self.year})"


class Drug(models.Model):
    """A drugs.json record of one issuer for one year."""

    file_import = models.ForeignKey(FileImport, on_delete=models.DO_NOTHING, related_name="+")
    year = models.PositiveSmallIntegerField()
    issuer_id = models.CharField(max_length=5)
    rxcui = models.CharField(max_length=10)
    name = models.CharField(max_length=500)

    class Meta:
        indexes = [models.Index(fields=["year", "rxcui"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.rxcui}, {self.year})"


class DrugWord(models.Model):
    """One word of a drug's name, for prefix search through an index."""

    drug = models.ForeignKey(Drug, on_delete=models.DO_NOTHING, related_name="+")
    file_import = models.ForeignKey(FileImport, on_delete=models.DO_NOTHING, related_name="+")
    year = models.PositiveSmallIntegerField()
    word = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["year", "word"])]

    def __str__(self) -> str:
        return self.word


class FormularyEntry(models.Model):
    """A drug on a plan's formulary for a year, at a tier, with its restrictions."""

    drug = models.ForeignKey(Drug, on_delete=models.DO_NOTHING, related_name="plans")
    file_import = models.ForeignKey(FileImport, on_delete=models.DO_NOTHING, related_name="+")
    year = models.PositiveSmallIntegerField()
    rxcui = models.CharField(max_length=10)
    plan_id = models.CharField(max_length=14)
    drug_tier = models.CharField(max_length=60)
    prior_authorization = models.BooleanField(null=True)
    step_therapy = models.BooleanField(null=True)
    quantity_limit = models.BooleanField(null=True)

    class Meta:
        indexes = [models.Index(fields=["year", "rxcui", "plan_id"])]

    def __str__(self) -> str:
        return f"{self.rxcui} in {self.plan_id} ({self.year})"


#: Children first: the order in which a replaced import's rows are deleted.
DATA_MODELS = (
    NetworkEntry,
    ProviderWord,
    ProviderSpecialty,
    ProviderAddress,
    Provider,
    FormularyEntry,
    DrugWord,
    Drug,
    NetworkPlan,
)
