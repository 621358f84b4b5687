"""The API's error messages in the caller's language (docs/adr/0400-shopping-and-api.md).

The language comes from the `Accept-Language` header only (the API reads no cookie and no
session), English when the header names no language we speak. Messages are translated;
field paths, error codes and JSON keys stay English, and so does the OpenAPI document.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.utils.translation.trans_real import language_code_re, parse_accept_lang_header


def request_language(request) -> str:
    """The first language of the request's `Accept-Language` we have, else English."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, quality in parse_accept_lang_header(header):
        if code == "*":
            break
        if quality <= 0 or not language_code_re.search(code):
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def in_request_language(run):
    """Runs an API operation (validation, view and error handlers) in the request's
    language and says which in `Content-Language` (ninja "view" decorator)."""

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        language = request_language(request)
        with translation.override(language):
            response = run(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        return response

    return wrapper


#: Fixed English messages written below the API (ninja, the shopping layer) that the API
#: passes on, translated here at the boundary.
PASSED_ON = {
    "Cannot parse request body": gettext_lazy("Cannot parse request body"),
    "No plans are loaded for this state yet.": gettext_lazy(
        "No plans are loaded for this state yet."
    ),
}


def passed_on(message: str) -> str:
    """A lower layer's message in the active language when it is one we know."""
    for english, translated in PASSED_ON.items():
        if message == english:
            return str(translated)
        if message.startswith(english + " ("):  # ninja adds the parser's error when DEBUG
            return str(translated) + message[len(english) :]
    return message


def _or(expected: str) -> str:
    """Pydantic's "'a', 'b' or 'c'" with the language's word for "or"."""
    items, sep, last = expected.rpartition(" or ")
    if not sep:
        return expected
    return _("%(items)s or %(last)s") % {"items": items, "last": last}


def _is_list(ctx: dict) -> bool:
    """Pydantic names the kind of sequence in English: only lists are translated."""
    return ctx.get("field_type") == "List"


#: Pydantic error type -> the message in the active language (in English exactly pydantic's
#: own message; tests/api/test_api_i18n.py checks it). Types not listed keep pydantic's text.
FIELD_MESSAGES = {
    "missing": lambda ctx: _("Field required"),
    "date_type": lambda ctx: _("Input should be a valid date"),
    "int_type": lambda ctx: _("Input should be a valid integer"),
    "int_parsing": lambda ctx: _(
        "Input should be a valid integer, unable to parse string as an integer"
    ),
    "int_from_float": lambda ctx: _(
        "Input should be a valid integer, got a number with a fractional part"
    ),
    "int_parsing_size": lambda ctx: _(
        "Unable to parse input string as an integer, exceeded maximum size"
    ),
    "float_type": lambda ctx: _("Input should be a valid number"),
    "float_parsing": lambda ctx: _(
        "Input should be a valid number, unable to parse string as a number"
    ),
    "finite_number": lambda ctx: _("Input should be a finite number"),
    "decimal_type": lambda ctx: _(
        "Decimal input should be an integer, float, string or Decimal object"
    ),
    "decimal_parsing": lambda ctx: _("Input should be a valid decimal"),
    "bool_type": lambda ctx: _("Input should be a valid boolean"),
    "bool_parsing": lambda ctx: _("Input should be a valid boolean, unable to interpret input"),
    "string_type": lambda ctx: _("Input should be a valid string"),
    "string_pattern_mismatch": lambda ctx: _("String should match pattern '%(pattern)s'") % ctx,
    "greater_than_equal": lambda ctx: _("Input should be greater than or equal to %(ge)s") % ctx,
    "less_than_equal": lambda ctx: _("Input should be less than or equal to %(le)s") % ctx,
    "greater_than": lambda ctx: _("Input should be greater than %(gt)s") % ctx,
    "less_than": lambda ctx: _("Input should be less than %(lt)s") % ctx,
    "literal_error": lambda ctx: (
        _("Input should be %(expected)s") % {"expected": _or(str(ctx["expected"]))}
    ),
    "list_type": lambda ctx: _("Input should be a valid list"),
    "dict_type": lambda ctx: _("Input should be a valid dictionary"),
    "model_type": lambda ctx: (
        _("Input should be a valid dictionary or instance of %(class_name)s") % ctx
    ),
    "model_attributes_type": lambda ctx: _(
        "Input should be a valid dictionary or object to extract fields from"
    ),
    "too_short": lambda ctx: (
        ngettext(
            "List should have at least %(min_length)s item after validation, not %(actual_length)s",
            "List should have at least %(min_length)s items after validation, not "
            "%(actual_length)s",
            int(ctx["min_length"]),
        )
        % ctx
        if _is_list(ctx)
        else None
    ),
    "too_long": lambda ctx: (
        ngettext(
            "List should have at most %(max_length)s item after validation, not %(actual_length)s",
            "List should have at most %(max_length)s items after validation, not %(actual_length)s",
            int(ctx["max_length"]),
        )
        % ctx
        if _is_list(ctx)
        else None
    ),
}


#: Our own validation error types (api/schemas.py) -> their message.
OWN_MESSAGES = {"age_or_dob": gettext_lazy("Give age or dob (YYYY-MM-DD).")}


def field_message(item: dict) -> str:
    """One pydantic error's message in the active language (its own text if unknown)."""
    if item.get("type") in OWN_MESSAGES:
        return str(OWN_MESSAGES[item["type"]])
    english = str(item.get("msg") or _("Invalid value"))
    make = FIELD_MESSAGES.get(item.get("type", ""))
    if make is None:
        return english
    try:
        return make(dict(item.get("ctx") or {})) or english
    except (KeyError, TypeError, ValueError):
        return english
