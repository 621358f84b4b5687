"""`make bench`: run every tests/bench/bench_*.py module and print one line per figure.

`make bench ONLY=rules` (or `python -m tests.bench rules`) runs the modules whose name
contains the word.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback

import tests.bench as bench_package


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    only = argv[0] if argv else os.environ.get("ONLY", "")
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(bench_package.__path__)
        if info.name.startswith("bench_") and only in info.name
    )
    failed = 0
    for name in names:
        module = importlib.import_module(f"tests.bench.{name}")
        try:
            for figure in module.run():
                print(figure.line(), flush=True)
        except Exception:
            failed += 1
            print(f"{name}: FAILED", flush=True)
            traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
