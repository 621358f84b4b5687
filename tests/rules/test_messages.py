"""The message catalog of reasons and explanation lines (aca_rules.messages): every message
in English and Spanish, and every line the engine writes can be shown in both."""

from __future__ import annotations

import ast
import copy
import json
import pickle
import re
from decimal import Decimal
from pathlib import Path

import pytest
from case_runner import check_lines, determination_cases, run_determination
from hypothesis import given, settings
from hypothesis import strategies as st

import aca_rules
from aca_rules import (
    EmployerOffer,
    Household,
    Person,
    determination_to_dict,
    determine,
)
from aca_rules.messages import (
    CATALOG,
    LANGUAGES,
    RETIRED,
    RULE_MODULES,
    Line,
    Message,
    UnknownMessage,
    language_of,
    localize,
    placeholders,
    render,
    render_json,
)

PKG_FILES = sorted(Path(aca_rules.__file__).parent.rglob("*.py"))
PKG_ROOT = Path(aca_rules.__file__).parent.parent
CITATION = re.compile(
    r"(?:IRC|ACA) \d+[A-Za-z]*(?:\([A-Za-z0-9]+\))*"
    r"|\d+ (?:CFR|U\.S\.C\.|CMR|V\.S\.A\.) [\d.]+[A-Za-z]*(?:-\d+)?(?:\([A-Za-z0-9]+\))*"
    r"|Pub\. L\. \d+-\d+(?: \d+)?"
)
MESSAGE_ID = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_0-9]*$")


# --- The catalog -----------------------------------------------------------------------


@pytest.mark.parametrize("message_id", sorted(CATALOG))
def test_every_message_has_english_and_spanish(message_id):
    texts = CATALOG[message_id]
    assert len(texts) == len(LANGUAGES) == 2
    english, spanish = texts
    assert english.strip() and spanish.strip()
    assert english != spanish, f"{message_id} is not translated"


@pytest.mark.parametrize("message_id", sorted(CATALOG))
def test_both_languages_have_the_same_placeholders_and_formats(message_id):
    english, spanish = CATALOG[message_id]
    assert sorted(set(placeholders(english))) == sorted(set(placeholders(spanish)))


@pytest.mark.parametrize("message_id", sorted(CATALOG))
def test_legal_citations_are_not_translated(message_id):
    english, spanish = CATALOG[message_id]
    assert sorted(CITATION.findall(english)) == sorted(CITATION.findall(spanish))


def test_only_lines_stating_facts_have_no_citation():
    uncited = [mid for mid, (english, _) in CATALOG.items() if not CITATION.search(english)]
    # The few lines without a citation state a fact of the inputs, not a rule.
    assert sorted(uncited) == [
        "aptc.household_not_eligible",
        "aptc.no_coverage_family",
        "benchmark.given",
        "benchmark.no_silver_plan",
        "benchmark.not_computed",
        "ma_connectorcare.schedule_not_confirmed",
        "medicaid.household",
        "medicaid.household_no_expansion",
        "medicaid.no_group",
    ]


def _string_constants(path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_message_id_in_the_rules_code_is_in_the_catalog_and_every_one_is_used():
    used: set[str] = set()
    for path in PKG_FILES:
        if path.name != "messages.py":
            used |= {s for s in _string_constants(path) if MESSAGE_ID.match(s)}
    assert used - set(CATALOG) == set(), "ids used in code but missing from the catalog"
    assert set(CATALOG) - used == RETIRED, "catalog messages no code uses (not retired)"
    assert RETIRED <= set(CATALOG), "a retired id must stay in the catalog (stored lines)"


def _modules_writing(message_id: str) -> list[str]:
    found = []
    for path in PKG_FILES:
        if path.name != "messages.py" and message_id in _string_constants(path):
            module = path.relative_to(PKG_ROOT).with_suffix("")
            found.append(".".join(module.parts))
    return found


@pytest.mark.parametrize("message_id", sorted(set(CATALOG) - RETIRED))
def test_each_message_is_written_by_the_one_rule_module_the_catalog_names(message_id):
    """A reader finds the rule behind any reason line in one file: messages.RULE_MODULES
    names it, and the id appears in that module only."""
    assert _modules_writing(message_id) == [RULE_MODULES[message_id]]


def test_the_map_of_rule_modules_lists_every_message_in_use():
    assert set(RULE_MODULES) == set(CATALOG) - RETIRED


# --- Message values --------------------------------------------------------------------


def test_a_message_is_its_english_sentence_and_renders_in_spanish():
    message = Message("aptc.eligible")
    assert str(message) == "Eligible for APTC (IRC 36B(c)(1); 45 CFR 155.305(f))."
    assert message.render("es") == (
        "Califica para el crédito fiscal para la prima (APTC) (IRC 36B(c)(1); 45 CFR 155.305(f))."
    )
    assert render(message, "es-us") == message.render("es")


def test_money_is_written_the_same_way_in_both_languages():
    message = Message(
        "aptc.amount",
        {"benchmark": Decimal("1400"), "contribution": Decimal("2454"), "aptc": Decimal("1195.50")},
    )
    assert "max(0, $1,400 - $2,454/12) = $1,195.50" in message.render("en")
    assert "máx(0, $1,400 - $2,454/12) = $1,195.50" in message.render("es")


def test_stored_args_are_json_and_render_the_same_text():
    message = Message(
        "esi.affordable_self", {"annual": Decimal("1806"), "threshold": Decimal("9.96")}
    )
    stored = json.loads(json.dumps(message.to_json()))
    assert stored == {"id": "esi.affordable_self", "args": {"annual": "1806", "threshold": "9.96"}}
    for language in LANGUAGES:
        assert render_json(stored, language) == message.render(language)
    assert "$21,672.00" not in message.render("en")
    assert "self-only $1,806.00/yr is at most 9.96%" in message.render("en")


def test_messages_are_immutable_values():
    a = Message("csr.silver", {"level": "87"})
    b = Message("csr.silver", {"level": "87"})
    assert a == b and hash(a) == hash(b)
    assert Message.from_json(a.to_json()) == a
    assert pickle.loads(pickle.dumps(Message("aptc.eligible"))) == Message("aptc.eligible")  # noqa: S301 - our own bytes
    assert copy.deepcopy(a) == a


def test_language_codes():
    assert language_of("es") == language_of("es-US") == language_of("es_MX") == "es"
    assert language_of("en-us") == language_of(None) == language_of("fr") == "en"


def test_an_unknown_message_or_a_missing_figure_is_an_error():
    with pytest.raises(UnknownMessage):
        render(Message("no.such_message"), "es")
    with pytest.raises(KeyError):
        render(Message("csr.silver"), "es")
    with pytest.raises(ValueError):
        render(Message("benchmark.given", {"benchmark": "twelve"}), "en")


# --- Showing stored lines (localize) ---------------------------------------------------


STORED_TEXT = ["Eligible for APTC (IRC 36B(c)(1); 45 CFR 155.305(f))."]
STORED_CODES = [{"id": "aptc.eligible", "args": {}}]
SPANISH = "Califica para el crédito fiscal para la prima (APTC) (IRC 36B(c)(1); 45 CFR 155.305(f))."


def test_spanish_lines_are_rendered_from_the_codes():
    assert localize(STORED_TEXT, STORED_CODES, "es") == [Line(SPANISH, "")]


def test_english_shows_the_text_as_stored():
    assert localize(STORED_TEXT, STORED_CODES, "en") == [Line(STORED_TEXT[0], "")]
    assert localize(STORED_TEXT, None, "en") == [Line(STORED_TEXT[0], "")]


def test_a_determination_stored_without_codes_stays_in_english_marked_as_english():
    assert localize(STORED_TEXT, None, "es") == [Line(STORED_TEXT[0], "en")]
    assert localize(STORED_TEXT, [], "es") == [Line(STORED_TEXT[0], "en")]


def test_a_line_this_version_cannot_render_stays_in_english():
    texts = [*STORED_TEXT, "A sentence from a newer version."]
    codes = [*STORED_CODES, {"id": "future.message", "args": {}}]
    assert localize(texts, codes, "es") == [Line(SPANISH, ""), Line(texts[1], "en")]
    assert localize(STORED_TEXT, [{"id": "csr.silver", "args": {}}], "es") == [
        Line(STORED_TEXT[0], "en")
    ]
    assert localize(STORED_TEXT, ["not a code"], "es") == [Line(STORED_TEXT[0], "en")]


def test_codes_that_do_not_match_the_lines_are_not_used():
    assert localize(STORED_TEXT, STORED_CODES * 2, "es") == [Line(STORED_TEXT[0], "en")]


def test_a_language_the_catalog_lacks_gets_english_marked_as_english():
    assert localize(STORED_TEXT, STORED_CODES, "fr") == [Line(STORED_TEXT[0], "en")]


# --- Every line the engine writes ------------------------------------------------------


CASES = [case for case in determination_cases() if "error" not in run_determination(case)]


def test_most_cases_run_a_determination():
    assert len(CASES) >= 100


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_line_of_every_case_renders_in_english_and_spanish(case):
    check_lines(run_determination(case))


def test_the_cases_and_state_programs_use_most_of_the_catalog():
    seen = set()
    for case in CASES:
        result = run_determination(case)
        seen |= {c["id"] for c in result["explanation_codes"]}
        seen |= {c["id"] for m in result["members"] for c in m["reason_codes"]}
        subsidy = result["state_subsidy"] or {}
        seen |= {subsidy[k]["id"] for k in ("reason_code", "note_code") if k in subsidy}
    assert len(seen) >= 55, sorted(set(CATALOG) - seen)


RARER = {
    # A Texas parent at 5% FPL qualifies as a parent (Texas has no adult expansion).
    "medicaid.parent": Household(
        year=2026,
        state="TX",
        income=Decimal(2000),
        people=(Person(age=30), Person(age=5, relationship="child")),
    ),
    # DC covers 19- and 20-year-olds above its adult-group limit.
    "medicaid.young_adult": Household(
        year=2026, state="DC", income=Decimal(20000), people=(Person(age=19),)
    ),
    # Above 500% FPL in 2025: no ConnectorCare plan type.
    "ma_connectorcare.outside_plan_types": Household(
        year=2025,
        state="MA",
        income=Decimal(80000),
        people=(Person(age=40),),
        benchmark_premium=Decimal(1500),
    ),
}


@pytest.mark.parametrize("message_id", sorted(RARER))
def test_rarer_lines_render_in_both_languages(message_id):
    result = determination_to_dict(determine(RARER[message_id]))
    ids = {c["id"] for m in result["members"] for c in m["reason_codes"]}
    ids |= {c["id"] for c in result["explanation_codes"]}
    assert message_id in ids
    check_lines(result)


def test_the_state_program_reason_and_note_have_codes():
    household = Household(
        year=2025,
        state="MA",
        income=Decimal(30000),
        people=(Person(age=40),),
        benchmark_premium=Decimal(600),
    )
    result = determination_to_dict(determine(household))
    subsidy = result["state_subsidy"]
    assert subsidy["reason_code"]["id"] == "ma_connectorcare.plan_type"
    assert subsidy["note_code"] == {
        "id": "ma_connectorcare.schedule_not_confirmed",
        "args": {"year": 2025},
    }
    # The reason, then the note saying why there is no amount (engine.determine).
    assert result["explanation"][-2:] == [subsidy["reason"], subsidy["note"]]
    check_lines(result)


# A named household: the Garcias, four people at 161% FPL in Boston (parents with APTC and
# CSR 87, children on CHIP).
GARCIAS = Household(
    year=2026,
    state="MA",
    income=Decimal(52000),
    filing_status="married_joint",
    benchmark_premium=Decimal(1400),
    people=(
        Person(age=40, relationship="self"),
        Person(age=38, relationship="spouse"),
        Person(age=10, relationship="child"),
        Person(age=6, relationship="child"),
    ),
)


def test_the_garcias_reasons_in_spanish():
    det = determine(GARCIAS)
    maria, lucia = det.members[0], det.members[2]
    assert [r.render("es") for r in maria.reasons][1:4] == [
        "Puede inscribirse en un plan de salud calificado (QHP) (45 CFR 155.305(a)).",
        SPANISH,
        "Reducciones de costos compartidos en los planes Plata: variante con un valor actuarial "
        "(AV) del 87% (45 CFR 155.305(g)).",
    ]
    assert lucia.reasons[0].render("es").startswith("CHIP (MA): ingresos del ")
    assert (
        det.explanation[0]
        .render("es")
        .startswith(
            "Hogar de 4 persona(s) en MA: el nivel federal de pobreza (FPL) de 2025 es $32,150"
        )
    )
    spanish = det.explanation[0].render("es")
    assert "los ingresos de $52,000 son el 161.74% de esa cifra" in spanish
    assert "el porcentaje aplicable se lee en el 161% (sin decimales" in spanish


@st.composite
def households(draw):
    year = draw(st.sampled_from([2024, 2025, 2026]))
    state = draw(st.sampled_from(["TX", "MA", "VT", "NY", "MN", "CA", "GA", "WI", "AK"]))
    people = []
    for i in range(draw(st.integers(min_value=1, max_value=5))):
        relationship = (
            "self" if i == 0 else draw(st.sampled_from(["spouse", "child", "other_dependent"]))
        )
        if relationship == "spouse" and any(p.relationship == "spouse" for p in people):
            relationship = "child"
        citizen = draw(st.booleans())
        offer = None
        if relationship in ("self", "spouse") and draw(st.booleans()):
            offer = EmployerOffer(
                employee_premium=Decimal(draw(st.integers(min_value=0, max_value=900))),
                family_premium=draw(st.none() | st.integers(0, 2000).map(Decimal)),
                min_value=draw(st.booleans()),
            )
        people.append(
            Person(
                age=draw(st.integers(min_value=0, max_value=90)),
                relationship=relationship,
                pregnant=draw(st.booleans()),
                aian=draw(st.booleans()),
                citizen=citizen,
                lawfully_present=citizen or draw(st.booleans()),
                incarcerated=draw(st.booleans()),
                has_mec=draw(st.booleans()),
                seeking_coverage=draw(st.booleans()),
                resident=draw(st.booleans()),
                hardship_exemption=draw(st.booleans()),
                esi_offer=offer,
            )
        )
    spouse = any(p.relationship == "spouse" for p in people)
    return Household(
        year=year,
        state=state,
        income=Decimal(draw(st.integers(min_value=-5000, max_value=300_000))),
        people=tuple(people),
        filing_status=draw(st.sampled_from(["married_joint", "married_separate"]))
        if spouse
        else "single",
        mfs_exception=draw(st.booleans()),
        tax_filer=draw(st.booleans()),
        benchmark_premium=draw(st.none() | st.integers(0, 3000).map(Decimal)),
    )


@settings(max_examples=300, deadline=None)
@given(households())
def test_every_line_of_any_household_renders_in_english_and_spanish(household):
    check_lines(determination_to_dict(determine(household)))


def test_an_income_just_over_the_medicaid_limit_never_reads_as_the_limit():
    """Truncated to two places, an income a few cents over 138% would read "138.00% is above
    138.00%"; the reason shows enough places to be over (42 CFR 435.603(d))."""

    def assessed(income: int):
        household = Household(
            year=2026,
            state="CA",
            income=Decimal(income),
            benchmark_premium=Decimal(500),
            people=(Person(age=40, relationship="self"),),
        )
        return determine(household).members[0]

    income = 21000
    while assessed(income).medicaid:
        income += 1
    text = assessed(income).reasons[0].render("en")
    shown, limit = re.search(r"income ([\d.]+)% of .* limit of ([\d.]+)%", text).groups()
    assert Decimal(shown) > Decimal(limit), text
    assert f"{shown}%" in assessed(income).reasons[0].render("es")
    assert "at or below" in assessed(income - 1).reasons[0].render("en")
