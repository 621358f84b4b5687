"""Every YAML case in src/aca_rules/cases must hold."""

import pytest
from case_runner import load_cases, run_case

CASES = load_cases()


def test_at_least_150_cases():
    assert len(CASES) >= 150, len(CASES)


def test_case_names_unique():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), [n for n in names if names.count(n) > 1]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    problems = run_case(case)
    assert not problems, "\n".join(problems)
