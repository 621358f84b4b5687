# The two set-up commands of the README: `make run` and `make test`.
# Everything they need is installed here, from a fresh clone with only Python 3.11 and git.

# The interpreter the virtual environment is made from: the distribution's /usr/bin/python3.11
# when it can make one (a static build with profile-guided and link-time optimization, about a
# tenth less CPU for the batch commands than a shared-library build such as pyenv's: ADR 0835),
# else the first python3.11 on PATH. `make PYTHON=...` chooses another.
PYTHON ?= $(shell /usr/bin/python3.11 -c 'import ensurepip, venv' >/dev/null 2>&1 && echo /usr/bin/python3.11 || echo python3.11)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench load lint format check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## Serve the whole exchange (web, API, background work) at http://127.0.0.1:8000 until Ctrl-C.
run: $(STAMP)
	$(BIN)/marketplace serve

## Run the whole test suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL).
test: $(STAMP)
	$(BIN)/python scripts/ensure_test_system_packages.py
	$(BIN)/pytest -q

## Run the benchmarks; prints one line per figure.
bench: $(STAMP)
	$(BIN)/python -m tests.bench $(ONLY)

## The whole journey under load (Locust): make load USERS=N DURATION=SECONDS; ends with one
## summary line (docs/load-testing.md). DATABASE_URL=postgres://... runs it on PostgreSQL.
USERS ?= 100
DURATION ?= 60
load: $(STAMP)
	$(BIN)/python -m tests.load.run --users $(USERS) --duration $(DURATION) $(LOAD_OPTIONS)

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

format: $(STAMP)
	$(BIN)/ruff format src tests scripts
	$(BIN)/ruff check --fix src tests scripts

## Checks CI runs besides the tests.
check: $(STAMP)
	$(BIN)/marketplace makemigrations --check --dry-run
	$(MAKE) lint
	$(BIN)/python scripts/check_rules_boundary.py
	$(BIN)/python scripts/check_layering.py
	$(BIN)/python scripts/check_function_length.py
	$(BIN)/python scripts/audit_dependencies.py

clean:
	rm -rf $(VENV) var
