"""Compare two versions of the rules engine over the same random households.

    .venv/bin/python scripts/compare_rules_versions.py --ref main --n 100000 --seed 11

Exports ``src/aca_rules`` at ``--ref`` (git archive) into a temporary directory, runs the
households through that engine and through the working tree's, each in its own process,
and prints how many determinations differ, grouped by the fields that differ and by a
class that explains the difference (ADR 0103). Years 2024-2026 only (the older engine
refuses 2027). Nothing is written outside the temporary directory.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATES = (
    "AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE "
    "NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY".split()
)
BHP_STATES = {"MN", "NY", "OR"}
STATUSES = ("lpr_5", "lpr_recent", "refugee", "other_lawful")


def household(rng: random.Random) -> dict:
    """One random household (the estimate input of docs/contracts.md 4.2)."""
    size = rng.choice((1, 1, 1, 2, 2, 3, 4, 5))
    people = [_person(rng, "self", rng.randint(19, 70))]
    if size > 1 and rng.random() < 0.6:
        people.append(_person(rng, "spouse", rng.randint(19, 70)))
    while len(people) < size:
        people.append(_person(rng, "child", rng.randint(0, 22)))
    data = {
        "year": rng.choice((2024, 2025, 2026)),
        "state": rng.choice(STATES),
        "income": round(rng.uniform(0, 6.5) * 15000 * (1 + 0.3 * (size - 1)), 2),
        "filing_status": "married_joint"
        if any(p["relationship"] == "spouse" for p in people)
        else "single",
        "people": people,
        "benchmark_premium": rng.randint(300, 2500),
    }
    if rng.random() < 0.2:
        data["determination_date"] = f"{data['year']}-{rng.randint(1, 12):02d}-15"
    return data


def _person(rng: random.Random, relationship: str, age: int) -> dict:
    person = {"age": age, "relationship": relationship, "aian": rng.random() < 0.05}
    if relationship != "child" and rng.random() < 0.08:
        person["esi_offer"] = {"employee_premium": rng.randint(50, 700), "min_value": True}
    if rng.random() < 0.07:
        person.update(citizen=False, immigration_status=rng.choice(STATUSES))
    if relationship != "child" and age < 45 and rng.random() < 0.03:
        person["pregnant"] = True
    return person


def _summary(result: dict) -> dict:
    subsidy = result.get("state_subsidy") or {}
    return {
        "fpl_percent": result["fpl_percent"],
        "ptc_eligible": result["ptc_eligible"],
        "applicable_percentage": result["applicable_percentage"],
        "expected_contribution": result["expected_contribution"],
        "aptc": result["aptc"],
        "csr": result["csr"],
        "state_subsidy": [
            subsidy.get("plan_type"),
            subsidy.get("eligible"),
            subsidy.get("monthly"),
        ],
        "members": [
            [m["medicaid"], m["chip"], m["qhp"], m["aptc"], m["csr"], m["catastrophic"]]
            for m in result["members"]
        ],
    }


def worker(n: int, seed: int, out: Path) -> None:
    """Run in a process whose PYTHONPATH points at the engine to test."""
    from aca_rules import (
        InputError,
        YearNotSupported,
        determination_to_dict,
        determine,
        parse_household,
    )

    rng = random.Random(seed)
    with out.open("w") as fh:
        for _ in range(n):
            data = household(rng)
            try:
                result = _summary(determination_to_dict(determine(parse_household(data))))
            except (InputError, YearNotSupported) as exc:
                result = {"error": str(exc)[:80]}
            fh.write(json.dumps(result) + "\n")


def _exact_percent(data: dict) -> Decimal:
    """Income as a percent of the APTC/CSR guideline (prior year's), exactly."""
    guidelines = {
        2023: (14580, 5140, 18210, 6430, 16770, 5910),
        2024: (15060, 5380, 18810, 6730, 17310, 6190),
        2025: (15650, 5500, 19550, 6880, 17990, 6330),
    }
    base, inc, ak, ak_inc, hi, hi_inc = guidelines[data["year"] - 1]
    if data["state"] == "AK":
        base, inc = ak, ak_inc
    elif data["state"] == "HI":
        base, inc = hi, hi_inc
    size = len(data["people"])
    return Decimal(str(data["income"])) * 100 / (base + (size - 1) * inc)


def _bhp_cause(data: dict, old: dict, new: dict) -> str | None:
    """The Basic Health Program difference of a member, if any (ADR 0103)."""
    pairs = list(zip(old["members"], new["members"], strict=True))
    if not any(o[2] != n[2] or o[3] != n[3] for o, n in pairs):
        return None
    state = data["state"]
    if state == "OR":
        return "BHP OR: OHP Bridge (from 2024-07-01) was missing; it bars the QHP"
    if any(o[3] and not n[3] for o, n in pairs):
        return f"BHP {state}: now eligible (current income / current guideline, NY dates)"
    if any(n[3] and not o[3] for o, n in pairs):
        return f"BHP {state}: no longer eligible (current income / current guideline, NY dates)"
    return f"BHP {state}: eligibility now bars the QHP itself (was: no APTC only)"


def classify(data: dict, old: dict, new: dict) -> str:
    """The cause of a difference, from the household and the fields that differ."""
    if data["state"] in BHP_STATES:
        cause = _bhp_cause(data, old, new)
        if cause is not None:
            return cause
    exact = _exact_percent(data)
    for limit, name in (
        (400, "400% cap"),
        (150, "CSR 150%"),
        (200, "CSR 200%"),
        (250, "CSR 250%"),
        (300, "AI/AN 300%"),
    ):
        if limit < exact < limit + 1:
            return f"{name}: exact income in ({limit}%, {limit + 1}%) was truncated to {limit}%"
    return f"unexplained (exact {exact:.3f}%)"


def _export(ref: str, into: Path) -> Path:
    git = shutil.which("git") or "git"
    archive = subprocess.run(  # noqa: S603 (the ref is the caller's own argument)
        [git, "archive", "--format=tar", ref, "src/aca_rules"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="main")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.n, args.seed, args.worker)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        old_src = _export(args.ref, Path(tmp) / "old")
        outputs = {}
        for label, src in (("old", old_src), ("new", ROOT / "src")):
            outputs[label] = Path(tmp) / f"{label}.jsonl"
            command = [
                sys.executable,
                __file__,
                "--worker",
                str(outputs[label]),
                "--n",
                str(args.n),
                "--seed",
                str(args.seed),
            ]
            env = {"PYTHONPATH": str(src), "PATH": ""}
            subprocess.run(command, check=True, env=env)  # noqa: S603 (this interpreter and file)
        report(
            args, outputs["old"].read_text().splitlines(), outputs["new"].read_text().splitlines()
        )
    return 0


def report(args, old_lines: list[str], new_lines: list[str]) -> None:
    rng = random.Random(args.seed)
    classes: collections.Counter = collections.Counter()
    fields: collections.Counter = collections.Counter()
    examples: dict[str, dict] = {}
    for old_line, new_line in zip(old_lines, new_lines, strict=True):
        data = household(rng)
        old, new = json.loads(old_line), json.loads(new_line)
        if old == new:
            continue
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        fields[", ".join(changed)] += 1
        cause = classify(data, old, new) if "error" not in old and "error" not in new else "error"
        classes[cause] += 1
        examples.setdefault(cause, {"input": data, "old": old, "new": new})
    total = len(old_lines)
    differ = sum(classes.values())
    print(f"{total} households, {differ} determinations differ ({differ / total:.3%})")
    print("By cause:")
    for cause, count in classes.most_common():
        print(f"  {count:6d}  {cause}")
    print("By fields that differ:")
    for changed, count in fields.most_common(15):
        print(f"  {count:6d}  {changed}")
    print("One example per cause:")
    for cause, example in examples.items():
        print(f"  {cause}: {json.dumps(example)[:600]}")


if __name__ == "__main__":
    raise SystemExit(main())
