"""Code lists of the 834 (ASC X12 005010X220A1) as the exchange uses them.

The code values are the TR3's (checked against pyx12's map ``834.5010.X220.A1.xml``); the notes on
how an exchange uses them follow the CMS FFE X12 834 Companion Guide v7.2 (CG), section 6 and
Appendix C. See ``/docs/adr/0500-x12-834.md``.
"""

from __future__ import annotations

from enum import StrEnum


class MaintenanceType(StrEnum):
    """INS03 / HD01 Maintenance Type Code (TR3 2000 INS03; CG §6.9-6.10, docs/puf-and-834.md
    B.3)."""

    CHANGE = "001"  # maintenance of an existing policy (M834)
    ADDITION = "021"  # initial enrollment, dependent add, and the issuer's effectuation
    CANCELLATION_OR_TERMINATION = "024"  # cancellation (no coverage period) or termination
    REINSTATEMENT = "025"  # restores the group from the original begin dates
    AUDIT_OR_COMPARE = "030"  # full-file compare, BGN08 = 4

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").lower()


class MaintenanceReason(StrEnum):
    """INS04 Maintenance Reason Code (every value the TR3 allows).

    FFE usage (CG Appendix C, docs/puf-and-834.md B.3): EC initial enrollment or dependent add
    (outbound);
    28 effectuation (inbound, AMRC CONFIRM); 25 change in identifying data; 43 change of address;
    07 termination of benefits / not eligible (inbound: fraud, rescission); 14 voluntary
    withdrawal; 59 non-payment of premium; 03 death; 26 HICS case; 41 passive re-enrollment;
    AI no reason given. A missing INS04 ("other") is ``None`` on the transaction.
    """

    DIVORCE = "01"
    BIRTH = "02"
    DEATH = "03"
    RETIREMENT = "04"
    ADOPTION = "05"
    STRIKE = "06"
    TERMINATION_OF_BENEFITS = "07"
    TERMINATION_OF_EMPLOYMENT = "08"
    COBRA = "09"
    COBRA_PREMIUM_PAID = "10"
    SURVIVING_SPOUSE = "11"
    VOLUNTARY_WITHDRAWAL = "14"
    PRIMARY_CARE_PROVIDER_CHANGE = "15"
    QUIT = "16"
    FIRED = "17"
    SUSPENDED = "18"
    ACTIVE = "20"
    DISABILITY = "21"
    PLAN_CHANGE = "22"
    CHANGE_IN_IDENTIFYING_DATA = "25"
    DECLINED_COVERAGE = "26"  # FFE: HICS (casework) case
    PRE_ENROLLMENT = "27"
    INITIAL_ENROLLMENT = "28"  # FFE: effectuation 834 from the issuer
    BENEFIT_SELECTION = "29"
    LEGAL_SEPARATION = "31"
    MARRIAGE = "32"
    PERSONNEL_DATA = "33"
    LEAVE_OF_ABSENCE_WITH_BENEFITS = "37"
    LEAVE_OF_ABSENCE_WITHOUT_BENEFITS = "38"
    LAY_OFF_WITH_BENEFITS = "39"
    LAY_OFF_WITHOUT_BENEFITS = "40"
    RE_ENROLLMENT = "41"  # FFE: batch auto re-enrollment (passive)
    CHANGE_OF_LOCATION = "43"
    NON_PAYMENT = "59"
    DISSATISFACTION_WITH_OFFICE_STAFF = "AA"
    DISSATISFACTION_WITH_MEDICAL_CARE = "AB"
    INCONVENIENT_OFFICE_LOCATION = "AC"
    DISSATISFACTION_WITH_OFFICE_HOURS = "AD"
    UNABLE_TO_SCHEDULE_APPOINTMENTS = "AE"
    DISSATISFACTION_WITH_REFERRAL_POLICY = "AF"
    LESS_RESPECT_AND_ATTENTION = "AG"
    PATIENT_MOVED = "AH"
    NO_REASON_GIVEN = "AI"
    APPOINTMENT_TIMES_NOT_MET = "AJ"
    ALGORITHM_ASSIGNED_BENEFIT_SELECTION = "AL"
    MEMBER_BENEFIT_SELECTION = "EC"  # FFE: initial enrollment and dependent add
    NOTIFICATION_ONLY = "XN"
    TRANSFER = "XT"


#: The INS04 codes the CMS FFE companion guide uses, with their FFE meaning (docs/puf-and-834.md
#: B.3).
FFE_REASONS: dict[MaintenanceReason, str] = {
    MaintenanceReason.MEMBER_BENEFIT_SELECTION: "initial enrollment or dependent add",
    MaintenanceReason.INITIAL_ENROLLMENT: "effectuation (inbound)",
    MaintenanceReason.CHANGE_IN_IDENTIFYING_DATA: "change in identifying data",
    MaintenanceReason.CHANGE_OF_LOCATION: "change of address",
    MaintenanceReason.TERMINATION_OF_BENEFITS: "termination of benefits / no longer eligible",
    MaintenanceReason.VOLUNTARY_WITHDRAWAL: "voluntary withdrawal",
    MaintenanceReason.NON_PAYMENT: "non-payment of premium",
    MaintenanceReason.DEATH: "death",
    MaintenanceReason.DECLINED_COVERAGE: "HICS case",
    MaintenanceReason.RE_ENROLLMENT: "passive re-enrollment",
    MaintenanceReason.NO_REASON_GIVEN: "no reason given",
}


class Relationship(StrEnum):
    """INS02 Individual Relationship Code (TR3 2000 INS02)."""

    SPOUSE = "01"
    PARENT = "03"
    GRANDPARENT = "04"
    GRANDCHILD = "05"
    UNCLE_OR_AUNT = "06"
    NEPHEW_OR_NIECE = "07"
    COUSIN = "08"
    ADOPTED_CHILD = "09"
    FOSTER_CHILD = "10"
    CHILD_IN_LAW = "11"
    SIBLING_IN_LAW = "12"
    PARENT_IN_LAW = "13"
    SIBLING = "14"
    WARD = "15"
    STEPPARENT = "16"
    STEPCHILD = "17"
    SELF = "18"
    CHILD = "19"
    SPONSORED_DEPENDENT = "23"
    DEPENDENT_OF_MINOR_DEPENDENT = "24"
    EX_SPOUSE = "25"
    GUARDIAN = "26"
    COURT_APPOINTED_GUARDIAN = "31"
    COLLATERAL_DEPENDENT = "38"
    LIFE_PARTNER = "53"
    ANNUITANT = "60"
    TRUSTEE = "D2"
    OTHER_RELATIONSHIP = "G8"
    OTHER_RELATIVE = "G9"


class Gender(StrEnum):
    """DMG03 Gender Code."""

    FEMALE = "F"
    MALE = "M"
    UNKNOWN = "U"


class InsuranceLine(StrEnum):
    """HD03 Insurance Line Code: the exchange sends medical and dental as separate policies."""

    HEALTH = "HLT"
    DENTAL = "DEN"


class CoverageLevel(StrEnum):
    """HD05 Coverage Level Code (TR3 2300 HD05)."""

    CHILDREN_ONLY = "CHD"
    DEPENDENTS_ONLY = "DEP"
    EMPLOYEE_AND_CHILDREN = "ECH"
    EMPLOYEE_ONLY = "EMP"
    EMPLOYEE_AND_SPOUSE = "ESP"
    FAMILY = "FAM"
    INDIVIDUAL = "IND"
    SPOUSE_AND_CHILDREN = "SPC"
    SPOUSE_ONLY = "SPO"
    TWO_PARTY = "TWO"


class Category:
    """N102 names of the 2750 Member Reporting Categories (CG v7.2 Table 10; docs/puf-and-834.md
    B.4)."""

    REQUEST_SUBMIT_TIMESTAMP = "REQUEST SUBMIT TIMESTAMP"
    PREMIUM_MEMBER = "PRE AMT 1"
    PREMIUM_TOTAL = "PRE AMT TOT"
    APTC = "APTC AMT"
    CSR = "CSR AMT"
    TOTAL_RESPONSIBLE = "TOT RES AMT"
    #: A state exchange's own category: the state's premium subsidy for the month (a state
    #: may add categories its issuers' companion guide lists, docs/puf-and-834.md B.4; the name is
    #: the one state-based exchanges' 834s use, ADR 0801).
    STATE_SUBSIDY = "MONTHLY STATE SUBSIDY AMT"
    RATING_AREA = "RATING AREA"
    SOURCE_EXCHANGE_ID = "SOURCE EXCHANGE ID"
    APPLICATION_ID_AND_ORIGIN = "APPLICATION ID AND ORIGIN"
    ADDITIONAL_MAINTENANCE_REASON = "ADDL MAINT REASON"
    SEP_REASON = "SEP REASON"


#: REF01 qualifier each reporting category carries (CG v7.2 Tables 17-23).
CATEGORY_QUALIFIER: dict[str, str] = {
    Category.REQUEST_SUBMIT_TIMESTAMP: "17",
    Category.PREMIUM_MEMBER: "9X",
    Category.PREMIUM_TOTAL: "9X",
    Category.APTC: "9V",
    Category.CSR: "9V",
    Category.TOTAL_RESPONSIBLE: "9V",
    Category.STATE_SUBSIDY: "9V",
    Category.RATING_AREA: "9X",
    Category.SOURCE_EXCHANGE_ID: "17",
    Category.APPLICATION_ID_AND_ORIGIN: "6M",
    Category.ADDITIONAL_MAINTENANCE_REASON: "17",
    Category.SEP_REASON: "17",
}
