"""The outbound (and inbound) enrollment transaction: one subscriber's policy change.

One ``EnrollmentTransaction`` becomes the 2000 loops of the members it lists, inside one 834
transaction set (005010X220A1). Identifiers follow the CMS FFE companion guide v7.2 §6.8
(docs/puf-and-834.md B.5): the exchange-assigned subscriber id (EASID, ``REF*0F``), member id
(EAMID,
``REF*17``) and policy id (EAPID, ``REF*1L``). Money is ``Decimal`` with at most two places;
dates are ``datetime.date``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal

from x12.codes import (
    CoverageLevel,
    Gender,
    InsuranceLine,
    MaintenanceReason,
    MaintenanceType,
    Relationship,
)

PLAN_ID_RE = re.compile(r"^[0-9]{5}[A-Z]{2}[0-9]{7}[0-9]{2}$")
RATING_AREA_RE = re.compile(r"^R-[A-Z]{2}[0-9]{3}$")
HIOS_ID_RE = re.compile(r"^[0-9]{5}$")
#: A National Producer Number (NIPR): digits only, at most 10.
NPN_RE = re.compile(r"^[0-9]{1,10}$")


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


def _check_money(owner: str, name: str, value: Decimal | None) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"{owner}.{name} must be a finite Decimal, not {value!r}")
    if value < 0:
        raise ValueError(f"{owner}.{name} must not be negative ({value})")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValueError(f"{owner}.{name} has more than two decimal places ({value})")


def _check_text(owner: str, name: str, value: str | None, required: bool = False) -> None:
    if value is None:
        if required:
            raise ValueError(f"{owner}.{name} is required")
        return
    if not isinstance(value, str) or not value.strip():
        # never the value: names and addresses are personal data
        raise ValueError(f"{owner}.{name} must be a non-blank string or None")


def _check_lengths(owner: object, limits: dict[str, tuple[int, int]]) -> None:
    """X12 element lengths (TR3 element attributes); text is checked, never truncated.

    Names and address lines are checked by the writer once transliterated and cleaned
    (x12.writer.LIMITS): their length in the file is what counts."""
    for name, (lo, hi) in limits.items():
        value = getattr(owner, name)
        if value is not None and not lo <= len(value) <= hi:
            raise ValueError(f"{type(owner).__name__}.{name} must be {lo}-{hi} characters")


@dataclass(frozen=True)
class Address:
    """2100A N3/N4 residence address. ``county_fips`` is the 5-digit county (N405 ``CY``)."""

    line1: str
    city: str
    state: str
    zip_code: str
    line2: str | None = None
    county_fips: str | None = None

    def __post_init__(self) -> None:
        for name in ("line1", "city"):
            _check_text("Address", name, getattr(self, name), required=True)
        _check_text("Address", "line2", self.line2)
        if not re.fullmatch(r"[A-Z]{2}", self.state or ""):
            raise ValueError(f"Address.state must be a 2-letter code, not {self.state!r}")
        if not re.fullmatch(r"[0-9]{5}([0-9]{4})?", self.zip_code or ""):
            raise ValueError(f"Address.zip_code must be 5 or 9 digits, not {self.zip_code!r}")
        if self.county_fips is not None and not re.fullmatch(r"[0-9]{5}", self.county_fips):
            raise ValueError(f"Address.county_fips must be 5 digits, not {self.county_fips!r}")


@dataclass(frozen=True)
class Member:
    """One member's 2000 loop: INS, REF*0F/17/23, 2100A name and demographics, 2750 PRE AMT 1."""

    member_id: str  # EAMID, REF*17
    is_subscriber: bool  # INS01
    relationship: Relationship  # INS02
    last_name: str
    first_name: str
    birth_date: date
    gender: Gender
    middle_name: str | None = None
    suffix: str | None = None
    ssn: str | None = None  # NM109 with NM108 = 34; never a dummy SSN (CG §6.8)
    address: Address | None = None
    phone: str | None = None  # PER TE, 10 digits
    email: str | None = None  # PER EM
    tobacco_use: bool | None = None  # HLH01 T / N
    language: str | None = None  # LUI02, NISO Z39.53 code with LUI01 = LD, LUI04 = 7 (written)
    race_ethnicity: tuple[str, ...] = ()  # DMG05-3 CDC race/ethnicity codes (code source 859)
    premium: Decimal | None = None  # 2750 PRE AMT 1: the member's own rated premium
    issuer_member_id: str | None = None  # REF*23, returned by the issuer on effectuation

    def __post_init__(self) -> None:
        _set(self, "relationship", Relationship(self.relationship))
        _set(self, "gender", Gender(self.gender))
        _set(self, "race_ethnicity", tuple(self.race_ethnicity))
        for name in ("member_id", "last_name", "first_name"):
            _check_text("Member", name, getattr(self, name), required=True)
        for name in ("middle_name", "suffix", "email", "language", "issuer_member_id"):
            _check_text("Member", name, getattr(self, name))
        if not isinstance(self.birth_date, date) or isinstance(self.birth_date, datetime):
            raise ValueError(f"Member.birth_date must be a date, not {self.birth_date!r}")
        if self.ssn is not None and not re.fullmatch(r"[0-9]{9}", self.ssn):
            raise ValueError("Member.ssn must be 9 digits")
        if self.phone is not None and not re.fullmatch(r"[0-9]{10}", self.phone):
            raise ValueError(f"Member.phone must be 10 digits, not {self.phone!r}")
        if self.language is not None:
            if not re.fullmatch(r"[A-Za-z]{3}", self.language):
                raise ValueError(f"Member.language must be a 3-letter code, not {self.language!r}")
            _set(self, "language", self.language.upper())
        for code in self.race_ethnicity:
            if not re.fullmatch(r"[0-9]{4}-[0-9]", code):
                raise ValueError(f"Member.race_ethnicity code {code!r} is not a CDC code")
        if len(self.race_ethnicity) > 10:
            raise ValueError("Member.race_ethnicity holds at most 10 codes")
        _check_money("Member", "premium", self.premium)
        _check_lengths(
            self,
            {
                "member_id": (1, 50),
                "email": (1, 256),
                "issuer_member_id": (1, 50),
            },
        )
        if self.is_subscriber and self.relationship is not Relationship.SELF:
            raise ValueError("the subscriber's relationship must be 18 (self)")


@dataclass(frozen=True)
class EnrollmentTransaction:
    """One subscriber's policy change, as written into (or read from) an 834.

    ``members`` lists the members reported, subscriber first when present. An addition of the
    whole group lists everyone; a dependent add (021/EC) or dependent removal (024) lists only
    those dependents; a group cancellation or termination lists the subscriber (CG §7.2.5-7.2.6).
    Cancellation versus termination is decided by the dates (``coverage_end`` not after
    ``coverage_start`` means cancellation). The subscriber-only money values go in the 2750
    categories PRE AMT TOT, APTC AMT, CSR AMT, TOT RES AMT and RATING AREA (CG v7.2 Table 10),
    and a state exchange's MONTHLY STATE SUBSIDY AMT.
    """

    maintenance_type: MaintenanceType
    maintenance_reason: MaintenanceReason | None
    subscriber_id: str  # EASID, REF*0F on every member
    policy_id: str  # EAPID, REF*1L
    issuer_hios_id: str | None  # 5 digits; None only on an inbound record naming only a TIN
    plan_id: str | None  # 16 characters: 14-char standard component id + 2-digit variant
    coverage_start: date  # DTP*356 (2000) and DTP*348 (2300)
    members: tuple[Member, ...]
    coverage_end: date | None = None  # DTP*357 and DTP*349
    insurance_line: InsuranceLine = InsuranceLine.HEALTH
    coverage_level: CoverageLevel | None = None  # HD05; derived from the members when None
    premium_total: Decimal | None = None  # PRE AMT TOT
    aptc_amount: Decimal | None = None  # APTC AMT (0, not missing, when no APTC)
    csr_amount: Decimal | None = None  # CSR AMT (older FFE versions and SBMs)
    #: MONTHLY STATE SUBSIDY AMT: the state's premium subsidy (ConnectorCare, Vermont
    #: Premium Assistance); TOT RES AMT is then PRE AMT TOT - APTC AMT - this.
    state_subsidy_amount: Decimal | None = None
    total_responsible_amount: Decimal | None = None  # TOT RES AMT
    rating_area: str | None = None  # RATING AREA, e.g. R-MA003
    source_exchange_id: str | None = None  # SOURCE EXCHANGE ID, e.g. MA0
    request_submit_timestamp: datetime | None = None  # REQUEST SUBMIT TIMESTAMP (hundredths)
    application_id_origin: str | None = None  # APPLICATION ID AND ORIGIN, "<app id>-<origin>"
    additional_maintenance_reason: str | None = None  # ADDL MAINT REASON (AMRC)
    sep_reason: str | None = None  # SEP REASON, e.g. 02-BIRTH
    financial_effective_date: date | None = None  # DTP*007 on the categories; coverage_start
    maintenance_effective_date: date | None = None  # DTP*303 in 2000
    paid_through_date: date | None = None  # DTP*543 in 2300 (effectuation)
    issuer_subscriber_id: str | None = None  # REF*ZZ in 2000 (issuer-assigned)
    issuer_policy_id: str | None = None  # REF*X9 in 2300 (issuer-assigned)
    issuer_name: str | None = None  # 1000B N102
    issuer_tin: str | None = None  # 1000B N104 with N103 = FI (else the HIOS id with XV)
    #: 1000C N1*BO: the licensed agent or broker who assisted, by name and National Producer
    #: Number (N103 94; docs/puf-and-834.md B.2, "only when an agent/broker assisted").
    broker_name: str | None = None
    broker_npn: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())  # other 2750 categories (name, value)

    def __post_init__(self) -> None:
        _set(self, "maintenance_type", MaintenanceType(self.maintenance_type))
        if self.maintenance_reason is not None:
            _set(self, "maintenance_reason", MaintenanceReason(self.maintenance_reason))
        _set(self, "insurance_line", InsuranceLine(self.insurance_line))
        _set(self, "members", tuple(self.members))
        _set(self, "extra", tuple(tuple(pair) for pair in self.extra))
        for name in ("subscriber_id", "policy_id"):
            _check_text("EnrollmentTransaction", name, getattr(self, name), required=True)
        for name in (
            "source_exchange_id",
            "application_id_origin",
            "additional_maintenance_reason",
            "sep_reason",
            "issuer_subscriber_id",
            "issuer_policy_id",
            "issuer_name",
            "broker_name",
        ):
            _check_text("EnrollmentTransaction", name, getattr(self, name))
        if (self.broker_name is None) != (self.broker_npn is None):
            raise ValueError("an agent or broker needs both a name and an NPN")
        if self.broker_npn is not None and not NPN_RE.fullmatch(self.broker_npn):
            raise ValueError(f"broker_npn must be 1 to 10 digits, not {self.broker_npn!r}")
        self._check_issuer_and_plan()
        _check_lengths(
            self,
            {
                "subscriber_id": (1, 50),
                "policy_id": (1, 50),
                "issuer_name": (1, 60),
                "broker_name": (1, 60),
                "source_exchange_id": (1, 50),
                "application_id_origin": (1, 50),
                "additional_maintenance_reason": (1, 50),
                "sep_reason": (1, 50),
                "issuer_subscriber_id": (1, 50),
                "issuer_policy_id": (1, 50),
            },
        )
        self._check_members()
        for name in (
            "premium_total",
            "aptc_amount",
            "csr_amount",
            "state_subsidy_amount",
            "total_responsible_amount",
        ):
            _check_money("EnrollmentTransaction", name, getattr(self, name))
        self._settle_coverage_and_dates()

    def _check_issuer_and_plan(self) -> None:
        """The issuer (a 5-digit HIOS id, from the plan id when not given, or on an inbound
        record a 9-digit TIN), the 16-character plan id of that issuer, and the rating area."""
        if self.issuer_hios_id is None and self.plan_id is not None:
            _set(self, "issuer_hios_id", self.plan_id[:5])
        if self.issuer_hios_id is None and self.issuer_tin is None:
            raise ValueError("the issuer needs a HIOS id (or, on an inbound record, a TIN)")
        if self.issuer_hios_id is not None and not HIOS_ID_RE.fullmatch(self.issuer_hios_id):
            raise ValueError(f"issuer_hios_id must be 5 digits, not {self.issuer_hios_id!r}")
        if self.plan_id is not None:
            if not PLAN_ID_RE.fullmatch(self.plan_id):
                raise ValueError(
                    f"plan_id must be 16 characters (14-char id + variant, no hyphen), "
                    f"not {self.plan_id!r}"
                )
            if self.plan_id[:5] != self.issuer_hios_id:
                raise ValueError(f"plan {self.plan_id} is not issuer {self.issuer_hios_id}'s")
        if self.issuer_tin is not None and not re.fullmatch(r"[0-9]{9}", self.issuer_tin):
            raise ValueError("issuer_tin must be 9 digits")
        if self.rating_area is not None and not RATING_AREA_RE.fullmatch(self.rating_area):
            raise ValueError(f"rating_area must look like R-MA003, not {self.rating_area!r}")

    def _check_members(self) -> None:
        """At least one member, at most one subscriber and first, member ids unique."""
        if not self.members:
            raise ValueError("a transaction reports at least one member")
        subscribers = [m for m in self.members if m.is_subscriber]
        if len(subscribers) > 1:
            raise ValueError("a transaction has at most one subscriber")
        if subscribers and not self.members[0].is_subscriber:
            raise ValueError("the subscriber comes first")
        ids = [m.member_id for m in self.members]
        if len(set(ids)) != len(ids):
            raise ValueError("member ids repeat within the transaction")

    def _settle_coverage_and_dates(self) -> None:
        """Coverage ends on or after it begins; the coverage level derived when not given, the
        financial effective date the coverage start when not given, and the request time kept
        to hundredths of a second."""
        if self.coverage_end is not None and self.coverage_end < self.coverage_start:
            raise ValueError("coverage_end is before coverage_start")
        if self.coverage_level is None:
            _set(self, "coverage_level", self._derived_coverage_level())
        else:
            _set(self, "coverage_level", CoverageLevel(self.coverage_level))
        if self.financial_effective_date is None:
            _set(self, "financial_effective_date", self.coverage_start)
        stamp = self.request_submit_timestamp
        if stamp is not None:
            # The 2750 value is CCYYMMDDHHMMSSss: keep hundredths so a round trip is exact.
            _set(
                self,
                "request_submit_timestamp",
                stamp.replace(microsecond=stamp.microsecond // 10000 * 10000, tzinfo=None),
            )

    def _derived_coverage_level(self) -> CoverageLevel:
        if len(self.members) == 1:
            return CoverageLevel.INDIVIDUAL
        return CoverageLevel.FAMILY

    @property
    def subscriber(self) -> Member | None:
        first = self.members[0]
        return first if first.is_subscriber else None

    @property
    def dependents(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if not m.is_subscriber)

    @property
    def member_ids(self) -> tuple[str, ...]:
        return tuple(m.member_id for m in self.members)

    @property
    def is_cancellation(self) -> bool:
        """024 with no effective period: the end date is on or before the begin date."""
        return (
            self.maintenance_type is MaintenanceType.CANCELLATION_OR_TERMINATION
            and self.coverage_end is not None
            and self.coverage_end <= self.coverage_start
        )

    @property
    def is_termination(self) -> bool:
        return (
            self.maintenance_type is MaintenanceType.CANCELLATION_OR_TERMINATION
            and not self.is_cancellation
        )

    @property
    def is_effectuation(self) -> bool:
        """The issuer's confirmation: 021 with reason 28 (CG §6.9, docs/puf-and-834.md B.6)."""
        return (
            self.maintenance_type is MaintenanceType.ADDITION
            and self.maintenance_reason is MaintenanceReason.INITIAL_ENROLLMENT
        )

    def with_changes(self, **changes: object) -> EnrollmentTransaction:
        return replace(self, **changes)


TRANSACTION_FIELDS = tuple(f.name for f in fields(EnrollmentTransaction))
