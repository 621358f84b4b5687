"""Checks of what a person typed on /find/: each error names its field, in their language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.providers_and_drugs import labels
from marketplace.providers_and_drugs.geo import zip_place
from marketplace.providers_and_drugs.words import plain

MAX_TEXT = 100
MIN_DRUG_LETTERS = 3


def provider_errors(values: dict[str, str], known_specialties: list[str]) -> dict[str, str]:
    """{field: message} for a doctor and place search (empty when it can run)."""
    errors = {}
    if len(values["name"]) > MAX_TEXT:
        errors["name"] = _("Enter at most %(count)s characters.") % {"count": MAX_TEXT}
    zipcode = values["zip"]
    if zipcode and not (zipcode.isdigit() and len(zipcode) == 5):
        errors["zip"] = _("Enter a 5-digit zip code, like 02108.")
    elif zipcode and zip_place(zipcode) is None:
        errors["zip"] = _("We do not know zip code %(zip)s. Check the number.") % {"zip": zipcode}
    if values["specialty"] and plain(values["specialty"]) not in {
        plain(s) for s in known_specialties
    }:
        errors["specialty"] = _("Choose a specialty or type of place from the list.")
    if values["kind"] not in labels.KIND_CHOICES:
        errors["kind"] = _("Choose a type of provider from the list.")
    if values["distance"] and values["distance"] not in {str(d) for d in labels.DISTANCES}:
        errors["distance"] = _("Choose a distance from the list.")
    if not (values["name"] or values["specialty"] or zipcode) and not errors:
        errors["name"] = _(
            "Enter a name or an NPI, choose a specialty, or enter a zip code to search near it."
        )
    return errors


def drug_errors(text: str) -> dict[str, str]:
    """{field: message} for a drug search (empty when it can run)."""
    if len(text) > MAX_TEXT:
        return {"drug": _("Enter at most %(count)s characters.") % {"count": MAX_TEXT}}
    if text.isdigit():
        return {}
    if len(plain(text).replace(" ", "")) < MIN_DRUG_LETTERS:
        return {
            "drug": _("Enter at least %(count)s letters of the drug's name, or its RxNorm number.")
            % {"count": MIN_DRUG_LETTERS}
        }
    return {}
