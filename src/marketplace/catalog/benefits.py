"""The benefits shoppers compare, by their Benefits and Cost Sharing PUF names (docs/puf-and-834.md
A.4).

The shopping pages and the API use the short keys; the importer stores the PUF names as
filed. `PLAN_COMPARE_BENEFITS` is in display order.
"""

from __future__ import annotations

PRIMARY_CARE = "Primary Care Visit to Treat an Injury or Illness"
SPECIALIST = "Specialist Visit"
URGENT_CARE = "Urgent Care Centers or Facilities"
EMERGENCY_ROOM = "Emergency Room Services"
INPATIENT_HOSPITAL = "Inpatient Hospital Services (e.g., Hospital Stay)"
LABORATORY = "Laboratory Outpatient and Professional Services"
IMAGING = "X-rays and Diagnostic Imaging"
GENERIC_DRUGS = "Generic Drugs"
PREFERRED_BRAND_DRUGS = "Preferred Brand Drugs"
NON_PREFERRED_BRAND_DRUGS = "Non-Preferred Brand Drugs"
SPECIALTY_DRUGS = "Specialty Drugs"

#: short display key -> PUF BenefitName, in the order plan compare shows them.
PLAN_COMPARE_BENEFITS: dict[str, str] = {
    "primary_care": PRIMARY_CARE,
    "specialist": SPECIALIST,
    "urgent_care": URGENT_CARE,
    "emergency_room": EMERGENCY_ROOM,
    "inpatient_hospital": INPATIENT_HOSPITAL,
    "laboratory": LABORATORY,
    "imaging": IMAGING,
    "generic_drugs": GENERIC_DRUGS,
    "preferred_brand_drugs": PREFERRED_BRAND_DRUGS,
    "non_preferred_brand_drugs": NON_PREFERRED_BRAND_DRUGS,
    "specialty_drugs": SPECIALTY_DRUGS,
}

#: PUF BenefitName -> short display key.
KEY_FOR_NAME: dict[str, str] = {name: key for key, name in PLAN_COMPARE_BENEFITS.items()}

#: English labels for the display keys.
LABELS: dict[str, str] = {
    "primary_care": "Primary care visit",
    "specialist": "Specialist visit",
    "urgent_care": "Urgent care",
    "emergency_room": "Emergency room",
    "inpatient_hospital": "Inpatient hospital stay",
    "laboratory": "Lab tests",
    "imaging": "X-rays and imaging",
    "generic_drugs": "Generic drugs",
    "preferred_brand_drugs": "Preferred brand drugs",
    "non_preferred_brand_drugs": "Non-preferred brand drugs",
    "specialty_drugs": "Specialty drugs",
}
