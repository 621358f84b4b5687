"""From API requests to the shopping household, and from priced plans to API plans."""

from __future__ import annotations

import json
import threading
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.catalog.plan_data import PlanInfo, VariantInfo
from marketplace.catalog.plan_prices import PlanQuote
from marketplace.catalog.versioning import versioned_cache
from marketplace.shopping.household import HouseholdQuery, PersonInput
from marketplace.shopping.places import counties_for_zip
from marketplace.shopping.quotes import plan_year
from marketplace.shopping.search import PlanFilter

#: CMS relationship (lower case) -> the rules' relationship (self, spouse, child or
#: other_dependent). A tax household has one spouse; a life partner or ex-spouse is not one.
RELATIONSHIPS = {
    "self": "self",
    "spouse": "spouse",
    "child": "child",
    "adopted child": "child",
    "foster child": "child",
    "stepson or stepdaughter": "child",
    "stepchild": "child",
    "ward": "child",
    "grandson or granddaughter": "other_dependent",
    "grandchild": "other_dependent",
    "nephew or niece": "other_dependent",
    "brother or sister": "other_dependent",
    "life partner": "other_dependent",
    "ex-spouse": "other_dependent",
    "collateral dependent": "other_dependent",
    "sponsored dependent": "other_dependent",
    "dependent of a minor dependent": "other_dependent",
    "court appointed guardian": "other_dependent",
    "guardian": "other_dependent",
    "stepparent": "other_dependent",
    "annultant": "other_dependent",
    "brother-in-law or sister-in-law": "other_dependent",
    "son-in-law or daughter-in-law": "other_dependent",
    "other relative": "other_dependent",
    "other relationship": "other_dependent",
    "other dependent": "other_dependent",
    "other_dependent": "other_dependent",
}
#: Without a relationship, a person after the first is taken as a child up to this age
#: (dependent coverage to 26, 45 CFR 147.120), else as another dependent.
CHILD_AGE_LIMIT = 26
#: Tobacco use: regular use within the last 6 months (45 CFR 147.102(a)(1)(iv), 144.103).
TOBACCO_LOOKBACK_MONTHS = 6
#: Our CSR level -> CMS's name for it (CMS CSREligibilityEnum, CostSharingReductionEnum).
CSR_NAMES = {
    "94": "94% AV Level Silver Plan CSR",
    "87": "87% AV Level Silver Plan CSR",
    "73": "73% AV Level Silver Plan CSR",
    "zero": "Zero Cost Sharing Plan Variation",
    "limited": "Limited Cost Sharing Plan Variation",
}
#: A plan variant code -> CMS's name of the variant (docs/puf-and-834.md A, CSRVariationType).
VARIANT_NAMES = {
    "01": "Exchange variant (no CSR)",
    "02": "Zero Cost Sharing Plan Variation",
    "03": "Limited Cost Sharing Plan Variation",
    "04": "73% AV Level Silver Plan CSR",
    "05": "87% AV Level Silver Plan CSR",
    "06": "94% AV Level Silver Plan CSR",
}
#: CMS csr_override -> our CSR level.
CSR_OVERRIDES = {
    "CSR73": "73",
    "CSR87": "87",
    "CSR94": "94",
    "LimitedCSR": "limited",
    "ZeroCSR": "zero",
}
METALS = {
    "Catastrophic": "catastrophic",
    "Expanded Bronze": "expanded_bronze",
    "Bronze": "bronze",
    "Silver": "silver",
    "Gold": "gold",
    "Platinum": "platinum",
}
METAL_NAMES = {code: name for name, code in METALS.items()}
USE_LEVELS = {"Low": "low", "Medium": "medium", "High": "high"}


class RequestProblem(Exception):
    """A request the API answers with an error object (status, CMS code, field errors)."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors or {}

    def body(self) -> dict:
        return {
            "code": self.code,
            "status": self.status,
            "message": self.message,
            "error": self.message,
            "errors": self.errors,
        }


PLACE_FIELDS = ("place.state", "place.zipcode", "place.countyfips")


def place_county(place, fields: tuple[str, str, str] = PLACE_FIELDS) -> str:
    """The county FIPS of a request's place, checked against the served state and the zip.
    `fields`: how the request names its state, zip code and county, for the messages."""
    state_field, zip_field, county_field = fields
    served = settings.MARKETPLACE_STATE
    if place.state != served:
        raise RequestProblem(
            400,
            1002,
            _("This exchange serves %(state)s only.") % {"state": served},
            {
                state_field: _("Must be %(state)s; this exchange serves %(state)s only.")
                % {"state": served}
            },
        )
    counties = counties_for_zip(place.zipcode, served)
    if not counties:
        raise RequestProblem(
            400,
            1001,
            _("Zip code %(zip)s is not in %(state)s.") % {"zip": place.zipcode, "state": served},
            {
                zip_field: _("Zip code %(zip)s is not in %(state)s.")
                % {"zip": place.zipcode, "state": served}
            },
        )
    fips = [c.fips for c in counties]
    if place.countyfips is None:
        if len(fips) > 1:
            raise RequestProblem(
                400,
                1003,
                _("This zip code spans several counties: give place.countyfips."),
                {
                    county_field: _("Required for %(zip)s: one of %(counties)s.")
                    % {"zip": place.zipcode, "counties": ", ".join(fips)}
                },
            )
        return fips[0]
    if place.countyfips not in fips:
        raise RequestProblem(
            400,
            1001,
            _("County %(county)s does not contain zip code %(zip)s.")
            % {"county": place.countyfips, "zip": place.zipcode},
            {
                county_field: _("Zip %(zip)s lies in %(counties)s.")
                % {"zip": place.zipcode, "counties": ", ".join(fips)}
            },
        )
    return place.countyfips


def effective_date(body) -> date:
    """CMS: the household's effective_date, else January 1 of the plan year."""
    if body.household.effective_date is not None:
        return body.household.effective_date
    return date(body.year or plan_year() or date.today().year, 1, 1)


def _age(person, i: int, on: date) -> int:
    """CMS: `age` when given (it wins), else the age on the effective date from `dob`."""
    if person.age is not None:
        return person.age
    born = person.dob  # one of the two is there (schemas.PersonIn)
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if not 0 <= age <= 120:
        message = _("The date of birth must give an age from 0 to 120 on %(date)s.") % {
            "date": on.isoformat()
        }
        raise RequestProblem(400, 1003, message, {f"household.people.{i}.dob": message})
    return age


def _tobacco(person, on: date) -> bool:
    """Uses tobacco, or used it regularly within the 6 months before the effective date."""
    last = person.last_tobacco_use_date
    if person.uses_tobacco or last is None:
        return person.uses_tobacco
    months = (on.year - last.year) * 12 + on.month - last.month - (on.day < last.day)
    return months < TOBACCO_LOOKBACK_MONTHS


def relationships(body) -> list[str]:
    """Each person's relationship to the first, who is the subscriber (CMS: "first is
    considered the subscriber"; `relationship` is optional). Without one, the second person
    is the spouse when `has_married_couple`, others are children under 26 or other
    dependents (docs/adr/0401-cms-api-compatibility.md)."""
    people = body.household.people
    found = []
    for i, person in enumerate(people):
        given = person.relationship
        if i == 0:  # the subscriber, whatever relationship was sent (as before)
            found.append("self")
        elif given is not None:
            found.append(RELATIONSHIPS[given.lower()])
        elif i == 1 and body.household.has_married_couple and "spouse" not in found:
            found.append("spouse")
        else:
            found.append("pending")
    for i, relationship in enumerate(found):
        if i and relationship == "self":
            message = _("Only the first person can be Self.")
            raise RequestProblem(
                400, 1003, message, {f"household.people.{i}.relationship": message}
            )
    return found


def household_query(body) -> HouseholdQuery:
    """The shopping household for an API request (same rules path as the pages)."""
    county = place_county(body.place)
    on = effective_date(body)
    people = []
    for i, (person, relationship) in enumerate(
        zip(body.household.people, relationships(body), strict=True)
    ):
        age = _age(person, i, on)
        if relationship == "pending":
            relationship = "child" if age < CHILD_AGE_LIMIT else "other_dependent"
        people.append(
            PersonInput(
                age=age,
                relationship=relationship,
                tobacco=_tobacco(person, on),
                pregnant=person.is_pregnant or bool(person.pregnant_with),
                aian=person.aian,
                seeking_coverage=person.seeking_coverage and not person.has_mec,
            )
        )
    if not any(p.seeking_coverage for p in people):
        raise RequestProblem(
            400,
            1003,
            _("At least one person must need coverage."),
            {"household.people": _("At least one person must need coverage.")},
        )
    return HouseholdQuery(
        zipcode=body.place.zipcode,
        countyfips=county,
        income=Decimal(body.household.income),
        people=tuple(people),
        year=body.year,
    )


#: Filters on data this exchange does not hold: asked for, they are refused by name.
UNSUPPORTED_FILTERS = {
    "drugs": gettext_lazy("drug coverage"),
    "providers": gettext_lazy("provider networks"),
    "disease_mgmt_programs": gettext_lazy("disease management programs"),
    "child_dental_coverage": gettext_lazy("dental coverage"),
    "adult_dental_coverage": gettext_lazy("dental coverage"),
    "simple_choice": gettext_lazy("Simple Choice plans"),
}


def _refuse_unsupported(spec) -> None:
    for name, what in UNSUPPORTED_FILTERS.items():
        if getattr(spec, name):
            message = _("This exchange has no data on %(what)s yet: leave filter.%(name)s out.") % {
                "what": what,
                "name": name,
            }
            raise RequestProblem(400, 1003, message, {f"filter.{name}": message})


def _lowest(*values):
    found = [v for v in values if v is not None]
    return min(found) if found else None


def plan_filter(spec) -> PlanFilter:
    """The shopping filter for the API's `filter` object (CMS PlanSearchFilter: the single
    `metal_level`, `type` and `issuer` join their lists; `premium` and `deductible` are
    maxima)."""
    if spec is None:
        return PlanFilter()
    _refuse_unsupported(spec)
    premium = spec.premium_range
    deductible = spec.deductible_range
    metals = [*spec.metal_levels, *([spec.metal_level] if spec.metal_level else [])]
    return PlanFilter(
        metal_levels=[METALS[m] for m in metals],
        types=[*spec.types, *([spec.type] if spec.type else [])],
        issuers=[*spec.issuers, *([spec.issuer] if spec.issuer else [])],
        premium_min=premium.min if premium else None,
        premium_max=_lowest(premium.max if premium else None, spec.premium),
        deductible_min=deductible.min if deductible else None,
        deductible_max=_lowest(deductible.max if deductible else None, spec.deductible),
        hsa=bool(spec.hsa),
        standardized=bool(spec.standardized),
    )


def extra_filter(spec, suppressed: list[str], catastrophic: bool | None):
    """What CMS filters on beyond the shopping filter (design types, quality rating,
    division, suppressed plans, catastrophic_override), as a predicate on a quote."""
    designs = set(spec.design_types) if spec is not None else set()
    rating = spec.quality_rating if spec is not None else None
    dental = spec is not None and spec.division == "Dental"
    hidden = {plan_id[:14] for plan_id in suppressed}

    def keep(quote) -> bool:
        info = quote.info
        design = "DESIGN1" if info.standardized else "NOT_APPLICABLE"
        if dental or info.plan_id in hidden or (designs and design not in designs):
            return False
        if rating and (info.quality_rating or 0) < rating:
            return False
        if catastrophic is not None and info.metal_level == "catastrophic":
            return catastrophic
        return True

    return keep


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _amounts(variant: VariantInfo | None, kind: str) -> list[dict]:
    """CMS Deductible / MOOP objects: each kind for an individual and for a family."""
    if variant is None:
        return []
    if kind == "deductible":
        name = "Medical EHB Deductible"
        if variant.integrated:
            name = "Combined Medical and Drug EHB Deductible"
        rows = [(name, variant.deductible_individual, variant.deductible_family)]
        if not variant.integrated:
            rows.append(
                (
                    "Drug EHB Deductible",
                    variant.drug_deductible_individual,
                    variant.drug_deductible_family,
                )
            )
    else:
        rows = [
            (
                "Maximum Out of Pocket for Medical and Drug EHB Benefits (Total)",
                variant.moop_individual,
                variant.moop_family,
            )
        ]
    csr = VARIANT_NAMES.get(variant.variant, "Unknown CSR")
    return [
        {
            "type": name,
            "amount": _number(amount),
            "csr": csr,
            "family_cost": cost,
            "network_tier": "In-Network",
            "individual": cost == "Individual",
            "family": cost == "Family",
            "display_string": "",
            "variant": variant.variant,
        }
        for name, individual, family in rows
        for cost, amount in (("Individual", individual), ("Family", family))
    ]


def plan_dict(info: PlanInfo, variant: VariantInfo | None, quote: PlanQuote | None = None) -> dict:
    """One plan in the CMS Plan shape (prices only when priced for a household)."""
    return {
        "id": info.plan_id,
        "variant_id": f"{info.plan_id}-{variant.variant if variant else '01'}",
        "name": info.name,
        "issuer": {"id": info.issuer_id, "name": info.issuer_name},
        "metal_level": METAL_NAMES.get(info.metal_level, info.metal_level),
        "type": info.plan_type,
        "year": info.year,
        "premium": _number(quote.premium) if quote else None,
        "premium_w_credit": _number(quote.premium_after_credit) if quote else None,
        "ehb_premium": _number(quote.ehb_premium) if quote else None,
        "aptc_applied": _number(quote.aptc_applied) if quote else None,
        "state_subsidy": _number(quote.state_subsidy) if quote else None,
        "state_subsidy_program": (quote.state_program_name or None) if quote else None,
        "state_program": info.state_program or None,
        "deductibles": _amounts(variant, "deductible"),
        "moops": _amounts(variant, "moop"),
        "hsa_eligible": info.hsa_eligible,
        "standardized": info.standardized,
        "design_type": "DESIGN1" if info.standardized else "NOT_APPLICABLE",
        "quality_rating": {
            "available": info.quality_rating is not None,
            "global_rating": info.quality_rating,
        },
        "estimated_yearly_costs": (
            {k: float(v) for k, v in quote.yearly_costs.items()} if quote else None
        ),
        "benefits_url": info.summary_of_benefits_url,
        "brochure_url": info.brochure_url,
        "formulary_url": info.formulary_url,
        "network_url": info.network_url,
    }


def quote_dict(quote: PlanQuote) -> dict:
    return plan_dict(quote.info, quote.variant, quote)


#: The Plan fields that hold the household's figures, in `plan_dict`'s order.
PRICED_FIELDS = (
    "premium",
    "premium_w_credit",
    "ehb_premium",
    "aptc_applied",
    "state_subsidy",
    "state_subsidy_program",
    "estimated_yearly_costs",
)
_MARK = "@@priced field %d of a plan@@"
#: `plan_dict`'s JSON cut at the priced fields, by (plan, year, variant): catalog data,
#: the same for every household (ADR 1702). Emptied when a catalog import lands.
_templates: dict = versioned_cache()
_templates_lock = threading.Lock()
TEMPLATES_CACHE_SIZE = 20_000


def _template(info: PlanInfo, variant: VariantInfo | None) -> tuple[str, ...] | None:
    key = (info.plan_id, info.year, variant.variant if variant else None)
    found = _templates.get(key)
    if found is None:
        plan = plan_dict(info, variant)
        for i, name in enumerate(PRICED_FIELDS):
            plan[name] = _MARK % i
        pieces = json.dumps(plan)
        found = []
        for i in range(len(PRICED_FIELDS)):
            head, _sep, pieces = pieces.partition(json.dumps(_MARK % i))
            found.append(head)
        found.append(pieces)
        # a catalog text holding a mark would cut it wrongly: such a plan is encoded whole
        found = () if any(_MARK[:9] in piece for piece in found) else tuple(found)
        with _templates_lock:
            if len(_templates) >= TEMPLATES_CACHE_SIZE:
                _templates.clear()
            _templates[key] = found
    return found or None


def quote_json(quote: PlanQuote) -> str:
    """`json.dumps(quote_dict(quote))`, the same text, from the plan's cached template and
    the household's figures: a plan search encodes only what depends on the household."""
    pieces = _template(quote.info, quote.variant)
    if pieces is None:
        return json.dumps(quote_dict(quote))
    yearly = ", ".join(f"{json.dumps(k)}: {float(v)!r}" for k, v in quote.yearly_costs.items())
    values = (
        _json_number(quote.premium),
        _json_number(quote.premium_after_credit),
        _json_number(quote.ehb_premium),
        _json_number(quote.aptc_applied),
        _json_number(quote.state_subsidy),
        json.dumps(quote.state_program_name or None),
        f"{{{yearly}}}",
    )
    out = [pieces[0]]
    for value, piece in zip(values, pieces[1:], strict=True):
        out.append(value)
        out.append(piece)
    return "".join(out)


def _json_number(value: Decimal | None) -> str:
    """`json.dumps(_number(value))`: JSON writes a float as its repr."""
    return "null" if value is None else repr(float(value))
