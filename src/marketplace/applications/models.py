"""The household application: its members, their facts, income and the signature.

The stored facts are what the person typed; `rules_input.build` turns them into the rules
engine's input. The SSN is stored only encrypted (core/crypto.py) and never leaves this model
except to the data-matching services.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aca_rules.io import MAX_PEOPLE
from marketplace.applications import states
from marketplace.core import crypto
from marketplace.core.channel import channel_field


class Status(models.TextChoices):
    DRAFT = states.DRAFT, _("In progress")
    SUBMITTED = states.SUBMITTED, _("Submitted")
    DETERMINED = states.DETERMINED, _("Eligibility determined")


class Step(models.TextChoices):
    HOUSEHOLD = "household", _("Household members")
    TAX = "tax", _("Tax filing")
    ADDRESS = "address", _("Address and contact")
    DETAILS = "details", _("About each person")
    INCOME = "income", _("Income and deductions")
    SEEKING = "seeking", _("Who needs coverage")
    REVIEW = "review", _("Review")
    SIGN = "sign", _("Sign and submit")


STEP_ORDER = [s.value for s in Step]

#: The most people one application lists: the rules' own limit for a household
#: (aca_rules.io.MAX_PEOPLE, 30). It also keeps the income page (16 fields a person) well under
#: Django's DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000), past which a POST is refused outright.
MAX_MEMBERS = MAX_PEOPLE


class FilingStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED_JOINT = "married_joint", _("Married, filing jointly")
    MARRIED_SEPARATE = "married_separate", _("Married, filing separately")
    HEAD_OF_HOUSEHOLD = "head_of_household", _("Head of household")


class Application(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(  # served by the (owner, status) index (ADR 0827)
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        db_index=False,
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    coverage_year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=2)
    step_reached = models.CharField(max_length=12, choices=Step.choices, default=Step.HOUSEHOLD)
    # Tax filing (26 CFR 1.36B-2(a); 45 CFR 155.305(f)(4)).
    tax_filer = models.BooleanField(null=True)
    filing_status = models.CharField(max_length=20, choices=FilingStatus.choices, blank=True)
    # Residency (45 CFR 155.305(a)(3)) and contact.
    street = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    zipcode = models.CharField(max_length=5, blank=True)
    countyfips = models.CharField(max_length=5, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    contact_email = models.EmailField(blank=True)
    # Attestations (45 CFR 155.310(i)) and electronic signature (45 CFR 155.405).
    attest_true = models.BooleanField(default=False)
    attest_changes = models.BooleanField(default=False)
    # 45 CFR 155.335(k)(1): for how many years the tax data may be used to renew (0: not at all,
    # up to 5), as last given, and the last plan year that covers: the next N renewals after
    # the coverage year it was given in (renewals/taxdata.py; ADR 0840).
    renewal_years = models.PositiveSmallIntegerField(default=0)
    renewal_authorized_through = models.PositiveSmallIntegerField(null=True, blank=True)
    signature_name = models.CharField(max_length=200, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    # One submission per token: a repeated POST of the same form makes no second determination.
    submission_token = models.UUIDField(default=uuid.uuid4)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)  # reports by day
    # What the person typed while window shopping (zip, people's ages and relationships,
    # tobacco, income), only to prefill unanswered forms (applications/carried.py).
    carried = models.JSONField(default=dict, blank=True)
    # How it reached us (core/channel.py); entered by staff: casework.PaperApplication.
    channel = channel_field()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return f"application {self.public_id} ({self.status})"

    def reached(self, step: str) -> bool:
        return STEP_ORDER.index(step) <= STEP_ORDER.index(self.step_reached)

    @property
    def applicant(self) -> Member | None:
        return self.members.filter(relationship=Relationship.SELF).first()

    @property
    def editable(self) -> bool:
        return self.status == Status.DRAFT


class Relationship(models.TextChoices):
    SELF = "self", _("Myself (the applicant)")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child (son, daughter, stepchild)")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other relative")


class TaxRole(models.TextChoices):
    FILER = "filer", _("Files the tax return")
    JOINT = "joint", _("Files jointly with the applicant")
    DEPENDENT = "dependent", _("Claimed as a dependent")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Immigration(models.TextChoices):
    """Immigration status of a non-citizen: the rules engine's vocabulary
    (aca_rules.household.IMMIGRATION_STATUSES), passed as is by rules_input. Which statuses
    qualify for the premium tax credit and for Medicaid/CHIP, and from when, is the engine's
    dated law (ADR 0102), not this list."""

    LPR_5 = "lpr_5", _("Lawful permanent resident for 5 years or more")
    LPR_RECENT = "lpr_recent", _("Lawful permanent resident for less than 5 years")
    LPR_EXEMPT = (
        "lpr_exempt",
        _(
            "Lawful permanent resident for less than 5 years who came as a refugee or asylee, or "
            "is a U.S. military veteran or on active duty (or their spouse or child)"
        ),
    )
    CUBAN_HAITIAN = "cuban_haitian", _("Cuban or Haitian entrant")
    COFA = (
        "cofa",
        _(
            "Citizen of Micronesia, the Marshall Islands or Palau living in the U.S. under a "
            "Compact of Free Association"
        ),
    )
    REFUGEE = "refugee", _("Refugee or asylee")
    OTHER_LAWFUL = "other_lawful", _("Other lawful status (visa, TPS, parole, ...)")
    NONE = "none", _("No eligible immigration status")


class DocumentType(models.TextChoices):
    I551 = "i551", _("Permanent resident card (I-551)")
    I94 = "i94", _("Arrival/departure record (I-94)")
    I766 = "i766", _("Employment authorization card (I-766)")
    PASSPORT = "passport", _("Foreign passport with visa")
    OTHER = "other", _("Other document")


class OtherCoverage(models.TextChoices):
    NONE = "none", _("No other coverage")
    MEDICARE = "medicare", _("Medicare")
    MEDICAID = "medicaid", _("Medicaid or CHIP")
    OTHER = "other", _("Other coverage (TRICARE, VA, retiree plan, ...)")


class Member(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    relationship = models.CharField(max_length=10, choices=Relationship.choices)
    sex = models.CharField(max_length=10, choices=Sex.choices)
    ssn_encrypted = models.TextField(blank=True)
    tax_role = models.CharField(max_length=10, choices=TaxRole.choices, blank=True)
    # Details (asked on each person's page); None = not answered yet.
    citizen = models.BooleanField(null=True)
    immigration_status = models.CharField(max_length=16, choices=Immigration.choices, blank=True)
    document_type = models.CharField(max_length=10, choices=DocumentType.choices, blank=True)
    document_number = models.CharField(max_length=30, blank=True)
    incarcerated = models.BooleanField(null=True)
    aian = models.BooleanField(null=True)
    pregnant = models.BooleanField(null=True)
    tobacco = models.BooleanField(null=True)
    other_coverage = models.CharField(max_length=10, choices=OtherCoverage.choices, blank=True)
    esi_offered = models.BooleanField(null=True)
    esi_employee_premium = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True
    )
    esi_family_premium = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    esi_min_value = models.BooleanField(null=True)
    details_done = models.BooleanField(default=False)
    seeking_coverage = models.BooleanField(default=True)
    #: The state Medicaid/CHIP agency found this person not eligible (the account transferred
    #: back, 42 CFR 435.1200(e)): for which coverage year, and the household size and income
    #: it decided on (`rules_input.denial_basis`). The rules accept the finding while both
    #: hold (changes/medicaid_decisions.py, docs/adr/0713).
    medicaid_chip_denied_year = models.PositiveSmallIntegerField(null=True, blank=True)
    medicaid_chip_denied_basis = models.CharField(max_length=40, blank=True, default="")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"member {self.public_id}"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def ssn(self) -> str:
        return crypto.decrypt(self.ssn_encrypted)

    @ssn.setter
    def ssn(self, value: str) -> None:
        self.ssn_encrypted = crypto.encrypt(value or "")

    @property
    def has_ssn(self) -> bool:
        return bool(self.ssn_encrypted)

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class IncomeSource(models.TextChoices):
    WAGES = "wages", _("Wages, salary, tips")
    SELF_EMPLOYMENT = "self_employment", _("Self-employment (net)")
    UNEMPLOYMENT = "unemployment", _("Unemployment benefits")
    SOCIAL_SECURITY = "social_security", _("Social Security")
    RETIREMENT = "retirement", _("Retirement or pension")
    ALIMONY = "alimony", _("Alimony received")
    OTHER = "other", _("Other income")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    TWICE_MONTHLY = "twice_monthly", _("Twice a month")
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every three months")
    YEARLY = "yearly", _("Once a year")


class IncomeItem(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="incomes")
    source = models.CharField(max_length=20, choices=IncomeSource.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    frequency = models.CharField(max_length=15, choices=Frequency.choices)

    def __str__(self) -> str:
        return f"{self.source} of member {self.member_id}"


class Deduction(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="deductions")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    frequency = models.CharField(max_length=15, choices=Frequency.choices)

    def __str__(self) -> str:
        return f"deduction of member {self.member_id}"


class ReconcileAttestation(models.Model):
    """A tax filer's statement, under penalty of perjury, that they have since filed a
    federal income tax return reconciling the advance payments of the premium tax credit
    (Form 8962) for `tax_years`, the years the IRS reported as not reconciled (45 CFR
    155.305(f)(4)). CMS accepts it while the IRS's data lag behind the return, and rechecks
    the IRS later (CMS, "IRS Data Recheck of Failure to File and Reconcile", 2016; the FTR
    recheck notices of 2025; docs/adr/0106). Those years are then not counted against the
    household for that coverage year (applications/reconcile.py). Written by the changes app's
    action, with the change it makes."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reconcile_attestations"
    )
    tax_years = models.JSONField(default=list)
    #: The coverage year of the result the attestation answered: it covers determinations
    #: for that year and earlier ones; from the next year on the IRS's answer counts again
    #: (the recheck, docs/adr/0107). Null (made before this was recorded): covers none.
    coverage_year = models.PositiveSmallIntegerField(null=True, blank=True)
    signature = models.CharField(max_length=200)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attested_at = models.DateTimeField()

    class Meta:
        ordering = ["-attested_at", "-id"]

    def __str__(self) -> str:
        return f"reconciled {self.tax_years} for application {self.application_id}"
