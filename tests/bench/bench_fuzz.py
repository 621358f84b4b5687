"""Longer fuzzing than `make test` runs (ADR 0402): schemathesis over the API's OpenAPI
document and Hypothesis over every page form, with many more examples.

`make bench ONLY=fuzz`; MARKETPLACE_FUZZ_EXAMPLES (default 500 a request mode and operation)
and MARKETPLACE_FORM_FUZZ_EXAMPLES (default 100 a form) change how many. A failure prints
pytest's report (the smallest failing request) and fails the bench run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.bench import Figure

SUITES = {
    "API (schemathesis)": ("tests/api/test_fuzz.py", "MARKETPLACE_FUZZ_EXAMPLES", "500"),
    "page forms (Hypothesis)": (
        "tests/security/test_form_fuzz.py",
        "MARKETPLACE_FORM_FUZZ_EXAMPLES",
        "100",
    ),
}


def run() -> list[Figure]:
    figures = []
    for name, (path, variable, default) in SUITES.items():
        examples = os.environ.get(variable, default)
        env = {**os.environ, variable: examples}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", path],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stdout[-20000:], file=sys.stderr)
            raise RuntimeError(f"fuzzing the {name} found a failure")
        figures.append(
            Figure(f"fuzz {name}", seconds, "s", f"{examples} examples each, no failure")
        )
    return figures
