"""Words people read for the files' codes, in their language.

Specialties and facility types are free text in providers.json; the ones the demo and most
directories use are translated here, any other shows as filed. Drug tiers are the
uppercase codes of the CMS schema's examples.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from marketplace.providers_and_drugs.words import plain

SPECIALTIES = {
    "family medicine": _("Family medicine"),
    "internal medicine": _("Internal medicine"),
    "pediatrics": _("Pediatrics"),
    "obstetrics and gynecology": _("Obstetrics and gynecology"),
    "cardiology": _("Cardiology"),
    "psychiatry": _("Psychiatry"),
    "dermatology": _("Dermatology"),
    "orthopedic surgery": _("Orthopedic surgery"),
    "endocrinology": _("Endocrinology"),
    "gastroenterology": _("Gastroenterology"),
    "neurology": _("Neurology"),
    "ophthalmology": _("Ophthalmology"),
    "oncology": _("Oncology"),
    "nurse practitioner": _("Nurse practitioner"),
    "hospital": _("Hospital"),
    "urgent care": _("Urgent care"),
    "pharmacy": _("Pharmacy"),
    "laboratory": _("Laboratory"),
    "community health center": _("Community health center"),
    "dialysis": _("Dialysis"),
}
DRUG_TIERS = {
    "GENERIC": _("generic"),
    "PREFERRED-GENERIC": _("preferred generic"),
    "NON-PREFERRED-GENERIC": _("non-preferred generic"),
    "BRAND": _("brand"),
    "PREFERRED-BRAND": _("preferred brand"),
    "NON-PREFERRED-BRAND": _("non-preferred brand"),
    "SPECIALTY": _("specialty"),
    "ZERO-COST-SHARE-PREVENTIVE": _("no-cost preventive"),
    "MEDICAL-SERVICE": _("covered as a medical service"),
}
NETWORK_TIERS = {
    "PREFERRED": _("preferred tier"),
    "NON-PREFERRED": _("non-preferred tier"),
}
ACCEPTING = {
    "accepting": _("Accepting new patients"),
    "not accepting": _("Not accepting new patients"),
    "accepting in some locations": _("Accepting new patients at some locations"),
}
LANGUAGES = {
    "english": _("English"),
    "spanish": _("Spanish"),
    "portuguese": _("Portuguese"),
    "haitian creole": _("Haitian Creole"),
    "chinese": _("Chinese"),
    "vietnamese": _("Vietnamese"),
    "french": _("French"),
    "nepali": _("Nepali"),
    "arabic": _("Arabic"),
    "hindi": _("Hindi"),
}
#: The provider types a person can pick on the search page -> the records' kinds.
KIND_CHOICES = {
    "": ((), _("Any")),
    "individual": (("individual", "group"), _("Doctors and other professionals")),
    "facility": (("facility",), _("Hospitals, pharmacies and other places")),
}
#: Distances a person can pick, in miles.
DISTANCES = (5, 10, 25, 50, 100)
DEFAULT_DISTANCE = 25


def specialty(label: str) -> str:
    return str(SPECIALTIES.get(plain(label), label))


def drug_tier(code: str) -> str:
    return str(DRUG_TIERS.get(code, code.replace("-", " ").lower()))


def network_tier(code: str) -> str:
    return str(NETWORK_TIERS.get(code, code.replace("-", " ").lower()))


def accepting(value: str) -> str:
    return str(ACCEPTING.get(value, ""))


def language(value: str) -> str:
    return str(LANGUAGES.get(plain(value), value))
