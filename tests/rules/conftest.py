"""Make tests/rules importable as a flat directory (case_runner, fingerprints) and src on
the path. The project-wide fixtures of tests/conftest.py apply here as everywhere: the rules
package itself never imports Django (test_code_health checks it in a fresh process)."""

import sys
from pathlib import Path

HERE = Path(__file__).parent
SRC = HERE.parent.parent / "src"
for p in (str(HERE), str(SRC)):
    if p not in sys.path:
        sys.path.insert(0, p)
