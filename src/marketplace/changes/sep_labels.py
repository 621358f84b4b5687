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
    gettext_noop(
        "Gained a dependent (or became one) through a child support order or other court order"
    ),
    gettext_noop(
        "Your job-based coverage is no longer affordable or no longer gives minimum value "
        "(or your employer is ending or changing it), and you are newly eligible for the "
        "premium tax credit"
    ),
    gettext_noop(
        "Moved here from a state that did not expand Medicaid, where your income was too "
        "low for the premium tax credit, and are now eligible for it"
    ),
    gettext_noop(
        "Your income changed and you are now eligible for the premium tax credit, after "
        "having too little income for it while living in a state that did not expand "
        "Medicaid"
    ),
    gettext_noop(
        "Your household income went down and you are newly eligible for the premium tax credit"
    ),
    gettext_noop(
        "Found not eligible for Medicaid or CHIP after open enrollment ended (or more than "
        "60 days after a life event), having applied in time"
    ),
    gettext_noop(
        "Proved eligibility after coverage ended because a document was not given in time, "
        "or did not enroll while a citizenship or immigration check was pending with income "
        "below the poverty line (granted by a caseworker)"
    ),
    gettext_noop(
        "An employer newly offers you an individual coverage HRA or a QSEHRA (the date is "
        "the first day it can take effect)"
    ),
    gettext_noop(
        "An employer newly offers you an individual coverage HRA or a QSEHRA without the "
        "notice 90 days before its plan year (for example, you were newly hired) (the date "
        "is the first day it can take effect)"
    ),
]
