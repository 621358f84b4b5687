"""Running the rules engine on an application and storing the result (immutably)."""

from __future__ import annotations

import dataclasses

from aca_rules import determination_to_dict, determine, parse_household
from marketplace.applications import rules_input
from marketplace.applications.models import Application
from marketplace.catalog.pricing import catalog
from marketplace.core import clock
from marketplace.determinations import law_values as lv
from marketplace.determinations.models import Cause, Determination


def determine_and_store(
    application: Application, data: dict | None = None, *, cause: str = Cause.SUBMISSION
) -> Determination:
    """Build the input, determine it with the database catalog, store it; call inside the
    caller's transaction. Raises aca_rules.InputError when the facts cannot be determined.

    `data` is the rules input to determine instead of `rules_input.build(application)`: a
    redetermination after a verification deadline passes (verifications/expiry.py) gives the
    stored facts with the data sources' information substituted, and its `cause`. Either
    way the same engine, catalog and storage run, and the input is stored as determined."""
    # Determined as of today: the submission date, or the date of a redetermination (ADR 0102).
    now = clock.now()
    today = now.date()
    data = rules_input.build(application, today) if data is None else rules_input.dated(data, today)
    return Determination.objects.create(**decision(application, data, now, cause))


def decide(data: dict) -> tuple[dict, lv.LawValuesUsed]:
    """The engine's determination of rules input `data` on the database catalog, as stored:
    the result without its `unconfirmed_values`, and those as their `LawValuesUsed` row (not
    yet stored: `law_values.ensure`, or `Determination.save`, does; docs/adr/0818). Raises
    aca_rules.InputError when the facts cannot be determined."""
    det = determine(parse_household(data), catalog)
    result = determination_to_dict(dataclasses.replace(det, unconfirmed_values=()))
    del result["unconfirmed_values"]
    return result, lv.of_used(det.unconfirmed_values, det.rules_version)


def decision(application: Application, data: dict, now, cause: str = Cause.SUBMISSION) -> dict:
    """The fields of the Determination of `data` (dated already) made at `now`: what
    `determine_and_store` stores, and what a batch of submissions (applications/batch.py)
    stores for each household."""
    result, law_values = decide(data)
    return dict(
        application=application,
        rules_version=str(result.get("rules_version") or ""),
        input_snapshot=data,
        result=result,
        law_values=law_values,
        cause=cause,
        created_at=now,  # "decided on", on the exchange's clock
    )


def store(
    application: Application,
    data: dict,
    result: dict,
    *,
    cause: str,
    law_values: lv.LawValuesUsed | None = None,
) -> Determination:
    """Store `result` and `law_values`, the engine's answer to `data` (`decide`, already
    made: a renewal plans with it first and stores it only when it is not a dry run), as a
    determination."""
    return Determination.objects.create(
        application=application,
        rules_version=str(result.get("rules_version") or ""),
        input_snapshot=data,
        result=result,
        law_values=law_values,
        cause=cause,
        created_at=clock.now(),  # "decided on", on the exchange's clock
    )
