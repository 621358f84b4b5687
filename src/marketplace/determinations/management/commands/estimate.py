"""`marketplace estimate`: one household (a JSON object) or many (an array) on stdin, their
eligibility determinations on stdout, in the same shape (docs/contracts.md 4.2).

Bad input prints {"errors": {field: message}} and exits with status 2; never a traceback.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from marketplace.core import jsonio

BAD_INPUT = 2
INTERNAL_ERROR = 1


class Command(BaseCommand):
    help = "Read household(s) as JSON on stdin and print their eligibility determination(s)."

    def handle(self, *args, **options):
        status, payload = estimate_text(sys.stdin.read())
        self.stdout.write(jsonio.dumps(payload))
        if status:
            sys.exit(status)


def estimate_text(text: str) -> tuple[int, object]:
    """Answer the raw stdin text: (exit status, JSON-ready object)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return BAD_INPUT, {"errors": {"input": f"Malformed JSON: {exc.msg} (line {exc.lineno})."}}
    if isinstance(data, dict):
        return estimate_households([data], prefix=False, single=True)
    if isinstance(data, list):
        if not data:
            return BAD_INPUT, {"errors": {"input": "The array holds no household."}}
        return estimate_households(data, prefix=True, single=False)
    return BAD_INPUT, {"errors": {"input": "Give one household (an object) or a list of them."}}


def estimate_households(items: list, *, prefix: bool, single: bool) -> tuple[int, object]:
    from aca_rules import InputError, determination_to_dict, determine, parse_household
    from marketplace.catalog.pricing import DatabaseCatalog

    households, errors = [], {}
    for index, item in enumerate(items):
        label = f"[{index}]." if prefix else ""
        if not isinstance(item, dict):
            errors[f"[{index}]"] = "Each household must be a JSON object."
            continue
        try:
            households.append(parse_household(item))
        except InputError as exc:
            errors.update({f"{label}{field}": message for field, message in exc.errors.items()})
    if errors:
        return BAD_INPUT, {"errors": errors}
    catalog = DatabaseCatalog()
    try:
        results = [determination_to_dict(determine(h, catalog)) for h in households]
    except InputError as exc:
        return BAD_INPUT, {"errors": exc.errors}
    except Exception as exc:  # never a traceback on the console
        return INTERNAL_ERROR, {"errors": {"internal": f"The estimate failed: {exc}"}}
    return 0, results[0] if single else results
