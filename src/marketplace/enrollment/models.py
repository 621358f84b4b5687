"""Enrollments: one policy = one enrollment group x one plan x one coverage period (CG §6.8).

An `Enrollment` is what a person bought from a stored determination: the members enrolling
together (those eligible for a QHP; members found eligible for Medicaid or CHIP are left out,
45 CFR 155.305(a), 155.350), the 16-character plan variant (the CSR variant the group
qualifies for, 45 CFR 156.420), the APTC the person elected (45 CFR 155.310(d)(2); never more
than the plan's EHB premium, 26 CFR 1.36B-3(j)), the coverage dates (45 CFR 155.410(f),
155.430(d)) and the exchange-assigned ids sent in the 834 (EASID, EAMID, EAPID: docs/puf-and-834.md
B.5). Its `status` follows the transition table in `states.py`; it only changes through the
action functions in `actions.py`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aca_rules.states import program_name
from marketplace.core.channel import channel_field
from marketplace.enrollment import states


class Status(models.TextChoices):
    SELECTED = states.SELECTED, _("Plan selected")
    TRANSMITTED = states.TRANSMITTED, _("Sent to the insurance company")
    EFFECTUATED = states.EFFECTUATED, _("Active (first premium paid)")
    TERMINATED = states.TERMINATED, _("Ended")
    CANCELLED = states.CANCELLED, _("Cancelled")


def money_field(**extra):
    return models.DecimalField(max_digits=10, decimal_places=2, **extra)


class Enrollment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrollments"
    )
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="enrollments"
    )
    determination = models.ForeignKey(
        "determinations.Determination", on_delete=models.PROTECT, related_name="enrollments"
    )
    group = models.CharField(max_length=20, default="medical")  # the enrollment group's key
    plan_variant = models.ForeignKey(
        "catalog.PlanVariant", on_delete=models.PROTECT, related_name="enrollments"
    )
    issuer = models.ForeignKey(  # served by the (issuer, status) index (ADR 0827)
        "catalog.Issuer", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    plan_id = models.CharField(max_length=16)  # REF*CE: 14-character id + variant, no hyphen
    plan_name = models.CharField(max_length=200)
    metal_level = models.CharField(max_length=16)
    coverage_year = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=2)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SELECTED)
    coverage_start = models.DateField()
    coverage_end = models.DateField(null=True, blank=True)  # None: open-ended (12/31 implied)
    premium = money_field()  # PRE AMT TOT, monthly
    ehb_premium = money_field()  # premium x EHB share: the cap on APTC
    max_aptc = money_field()  # the maximum monthly APTC of the members enrolled, as determined
    # The monthly SLCSP premium of the coverage family on this policy when it is not the
    # determination's (only some of the household enrolled: 26 CFR 1.36B-3(f)); null: the
    # determination's benchmark_premium. Form 1095-A column B reads it through the 834s.
    benchmark_premium = money_field(null=True, blank=True)
    elected_aptc = money_field()  # APTC AMT
    # The state's monthly help applied to this policy (ConnectorCare's state subsidy,
    # Vermont Premium Assistance; 834 MONTHLY STATE SUBSIDY AMT, ADR 0801), as priced at
    # checkout or by the last change; what 834 maintenance and Form 1095-A read.
    state_subsidy = money_field(default=Decimal("0.00"))
    state_program = models.CharField(max_length=40, blank=True)  # e.g. ma_connectorcare
    state_level = models.CharField(max_length=4, blank=True)  # e.g. ConnectorCare type 2B
    premium_after_credit = money_field()  # TOT RES AMT = premium - APTC - state subsidy
    csr_level = models.CharField(max_length=10, blank=True)
    rating_area = models.CharField(max_length=7)  # R-MA003
    subscriber_id = models.CharField(max_length=20, db_index=True)  # EASID, REF*0F
    policy_id = models.CharField(max_length=20, unique=True)  # EAPID, REF*1L
    issuer_subscriber_id = models.CharField(max_length=50, blank=True)  # REF*ZZ (inbound)
    issuer_policy_id = models.CharField(max_length=50, blank=True)  # REF*X9 (inbound)
    paid_through = models.DateField(null=True, blank=True)  # DTP*543 (inbound)
    # Residence and contact, as the application had them at checkout (2100A N3/N4/PER).
    street = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    zipcode = models.CharField(max_length=5)
    countyfips = models.CharField(max_length=5)
    phone = models.CharField(max_length=30, blank=True)
    email = models.CharField(max_length=254, blank=True)
    language = models.CharField(max_length=5, default="en")
    checkout_token = models.UUIDField(unique=True)  # one enrollment per checkout form
    attestations = models.JSONField(default=dict, blank=True)
    end_reason = models.CharField(max_length=40, blank=True)
    # Held until the documents of its special enrollment period are accepted (45 CFR
    # 155.420(g)): nothing is sent to the issuer while it is (actions.release_pended).
    pended = models.BooleanField(default=False)
    # The licensed agent or broker who helped enroll (45 CFR 155.220(c)), sent to the issuer
    # in the 834's loop 1000C (N1*BO, name and NPN; docs/puf-and-834.md B.2); blank when none did.
    broker_name = models.CharField(max_length=60, blank=True)
    broker_npn = models.CharField(max_length=10, blank=True)
    # How it reached us (core/channel.py): entered by staff (casework.PaperApplication) or
    # carried from its application at checkout.
    channel = channel_field()
    # The policy this one continues (a CIC pair, docs/puf-and-834.md B.6 step 3: a new subscriber
    # ends
    # the old policy and starts this one the next day; a new CSR variant of the same plan is
    # a 001 on the same policy, not a CIC pair). One-to-one: a
    # policy is replaced at most once, so a second run of the same change cannot make two.
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    selected_at = models.DateTimeField(default=timezone.now, db_index=True)  # reports by day
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-selected_at", "-id"]
        constraints = [
            # One active policy per application, year and enrollment group: a second
            # checkout (double submit, a second tab) cannot make a second enrollment.
            models.UniqueConstraint(
                fields=["application", "coverage_year", "group"],
                condition=Q(status__in=states.ACTIVE),
                name="enrollment_one_active_per_group",
            )
        ]
        indexes = [
            models.Index(fields=["issuer", "status"]),
            # The renewal run's claim (renewals/run.py, ADR 0811): a year's policies in
            # force, in key order from the last one claimed.
            models.Index(
                fields=["coverage_year", "id"],
                condition=Q(status__in=states.ACTIVE),
                name="enrollment_active_by_year",
            ),
        ]

    def __str__(self) -> str:
        return f"enrollment {self.policy_id} ({self.status})"

    @property
    def state_program_name(self) -> str:
        """The name of the state program paying `state_subsidy` ("" when none does)."""
        return program_name(self.state_program) if self.state_program else ""

    @property
    def is_active(self) -> bool:
        return self.status in states.ACTIVE

    def allowed(self, event: str) -> bool:
        return event in states.allowed_events(self.status)

    def covered_members(self) -> list[EnrollmentMember]:
        """The members still on the policy: everyone but those taken off it
        (`maintenance.remove_member`); subscriber first."""
        return [m for m in self.members.all() if m.coverage_end is None]

    @property
    def replacement(self) -> Enrollment | None:
        """The policy that continues this one after a CIC pair, if any."""
        try:
            return self.replaced_by
        except Enrollment.DoesNotExist:
            return None


class EnrollmentMember(models.Model):
    """A person covered by the policy, as sent in the 834 2000/2100A loops.

    The EAMID (`member_id`) is the person's on this coverage: a policy that continues
    another (`Enrollment.replaces`) keeps the member ids of the people it carries over
    (docs/puf-and-834.md B.5), so it is unique per policy, not across policies. A member taken off a
    policy that continues for the others keeps the row, with their last day of coverage
    (`coverage_end`, the 834's DTP*357/349) and why (`end_reason`, edi/build.py END_REASONS).
    """

    enrollment = models.ForeignKey(  # served by enrollment_member_id_unique (ADR 0827)
        Enrollment, on_delete=models.CASCADE, related_name="members", db_index=False
    )
    person = models.ForeignKey(
        "applications.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    member_id = models.CharField(max_length=20, db_index=True)  # EAMID, REF*17
    is_subscriber = models.BooleanField(default=False)
    relationship = models.CharField(max_length=2)  # INS02: 18 self, 01 spouse, 19 child, ...
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    # The spelling sent to the insurer when a caseworker gave one (a name with nothing the
    # 834's character set can carry; docs/adr/0501-names-in-834s.md); blank: transliterated.
    insurer_first_name = models.CharField(max_length=35, blank=True)
    insurer_last_name = models.CharField(max_length=60, blank=True)
    birth_date = models.DateField()
    sex = models.CharField(max_length=1)  # DMG03 M / F
    age = models.PositiveSmallIntegerField()
    tobacco = models.BooleanField(default=False)
    premium = money_field()  # PRE AMT 1
    issuer_member_id = models.CharField(max_length=50, blank=True)  # REF*23 (inbound)
    coverage_end = models.DateField(null=True, blank=True)  # taken off a continuing policy
    end_reason = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "member_id"], name="enrollment_member_id_unique"
            )
        ]

    def __str__(self) -> str:
        return f"member {self.member_id} of {self.enrollment_id}"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class GraceStatus(models.TextChoices):
    OPEN = "open", _("Payment overdue: grace period")
    PAID = "paid", _("Paid: grace period over")
    TERMINATED = "terminated", _("Ended for non-payment")
    REINSTATED = "reinstated", _("Reinstated after payment")


class GracePeriod(models.Model):
    """A grace period for non-payment of premium on one policy (45 CFR 156.270(d); the
    state's period otherwise, 155.430(d)(5)), opened when the issuer reports the premium for
    `first_unpaid` was not paid (edi/payment_status.py) and closed when it is paid, or when
    it runs out (`coverage_end` is then the policy's last day: 156.270(g), 155.430(d)(4)).
    `rule` keeps the dated rule it was opened under (enrollment/data/grace_periods.yaml);
    `months_noticed` the months of grace the person was told about (one notice each)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="grace_periods"
    )
    kind = models.CharField(max_length=5)  # "aptc" or "state" (grace_rules.GraceRule.kind)
    first_unpaid = models.DateField()  # the first day of the first month not paid
    grace_end = models.DateField()  # the last day of the grace period
    coverage_end = models.DateField()  # the last day of coverage if it runs out unpaid
    rule = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=GraceStatus.choices, default=GraceStatus.OPEN)
    months_noticed = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=200, blank=True)  # the issuer's file
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    paid_through = models.DateField(null=True, blank=True)  # what the issuer said when closed

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status="open"),
                name="enrollment_one_open_grace_period",
            )
        ]

    def __str__(self) -> str:
        return f"grace period of {self.enrollment_id} from {self.first_unpaid} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == GraceStatus.OPEN
