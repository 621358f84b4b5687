"""Words shoppers read for the catalog's and the rules' codes, translatable."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NOT_APPLICABLE = _("Not applicable")

METALS = {
    "catastrophic": _("Catastrophic"),
    "expanded_bronze": _("Expanded Bronze"),
    "bronze": _("Bronze"),
    "silver": _("Silver"),
    "gold": _("Gold"),
    "platinum": _("Platinum"),
}

RELATIONSHIPS = {
    "self": _("You"),
    "spouse": _("Spouse"),
    "child": _("Child"),
    "other_dependent": _("Other dependent"),
}

CSR = {
    None: _("No extra savings on deductibles"),
    "94": _("Extra savings: silver plans at 94% actuarial value"),
    "87": _("Extra savings: silver plans at 87% actuarial value"),
    "77": _("Extra savings: silver plans at 77% actuarial value"),
    "73": _("Extra savings: silver plans at 73% actuarial value"),
    "zero": _("Zero cost sharing (American Indian or Alaska Native)"),
    "limited": _("Limited cost sharing (American Indian or Alaska Native)"),
}

USE_LEVELS = {
    "low": _("Low use"),
    "medium": _("Medium use"),
    "high": _("High use"),
}

SORTS = {
    "premium": _("Monthly premium after tax credit"),
    "deductible": _("Deductible"),
    "total_costs": _("Estimated total yearly cost"),
    "quality_rating": _("Quality rating"),
}

BENEFITS = {
    "primary_care": _("Primary care visit"),
    "specialist": _("Specialist visit"),
    "urgent_care": _("Urgent care"),
    "emergency_room": _("Emergency room"),
    "inpatient_hospital": _("Inpatient hospital stay"),
    "laboratory": _("Lab tests"),
    "imaging": _("X-rays and imaging"),
    "generic_drugs": _("Generic drugs"),
    "preferred_brand_drugs": _("Preferred brand drugs"),
    "non_preferred_brand_drugs": _("Non-preferred brand drugs"),
    "specialty_drugs": _("Specialty drugs"),
}
