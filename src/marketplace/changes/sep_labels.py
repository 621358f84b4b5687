"""The qualifying events' names (aca_rules/sep/events.yaml) marked for translation: the
pages translate the label read from the data with these msgids."""

from django.utils.translation import gettext_noop

LABELS = [
    gettext_noop("Lost other health coverage (employer coverage, Medicare, COBRA or other)"),
    gettext_noop("Lost Medicaid or CHIP coverage"),
    gettext_noop(
        "Your employer stopped paying toward your COBRA coverage, or government help with it ended"
    ),
    gettext_noop("Birth, adoption, placement for adoption or in foster care"),
    gettext_noop("Marriage"),
    gettext_noop("Divorce, legal separation or the death of someone on the plan"),
    gettext_noop("Became a citizen, national or lawfully present"),
    gettext_noop(
        "Newly eligible or ineligible for the premium tax credit, or a change in cost-sharing "
        "reductions"
    ),
    gettext_noop("Moved and gained access to new plans"),
    gettext_noop("Exceptional circumstances (granted by a caseworker)"),
    gettext_noop(
        "An error, misrepresentation or inaction of the Exchange or HHS (granted by a caseworker)"
    ),
    gettext_noop(
        "The plan substantially violated a material provision of its contract (granted by a "
        "caseworker)"
    ),
    gettext_noop("American Indian or Alaska Native (enroll or change plans once a month)"),
    gettext_noop(
        "Victim of domestic abuse or spousal abandonment (or their dependent) seeking to enroll "
        "apart from the spouse"
    ),
    gettext_noop(
        "A material error or misconduct of a non-Exchange entity, such as an agent or broker "
        "(granted by a caseworker)"
    ),
    gettext_noop(
        "A material error about a plan's benefits, service area or premium influenced the "
        "choice of plan (granted by a caseworker)"
    ),
    gettext_noop("Released from incarceration"),
    gettext_noop("Household income at or below 150% of the poverty guideline (monthly)"),
]
