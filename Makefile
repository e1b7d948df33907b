# Rapport: `make demo` runs it with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Translation catalogs: the .po files are the source, their .mo files are compiled at set-up
# (Babel, so no GNU gettext is needed; docs/decisions/0004-translation-catalogs.md).
PO_FILES := $(shell find src/rapport -path '*/locale/*' -name '*.po' 2>/dev/null)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: demo test lint format install lock run worker bench clean messages

install: $(STAMP) $(MO_FILES)

# The dependencies' bytecode is compiled once here (~15 s): a fresh process (a command, a test
# run, the worker) then does not compile what it imports, which PYTHONDONTWRITEBYTECODE would
# make it do every time (Django's start-up 3.1–3.5 s → 0.9 s CPU; docs/insights.md).
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip sync --quiet --python $(BIN)/python --require-hashes --compile-bytecode \
		requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --editable .
	@touch $(STAMP)

%.mo: %.po $(STAMP)
	@$(BIN)/pybabel --quiet compile --input-file $< --output-file $@

# After changing marked strings: refresh the catalogs from the sources (scripts/messages.py).
messages: install
	$(BIN)/python scripts/messages.py
	@$(MAKE) --no-print-directory install

demo: install
	@bash scripts/demo.sh

test: install
	@bash scripts/test.sh

lint: install
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src

format: install
	$(BIN)/ruff check --fix src
	$(BIN)/ruff format src

# Re-pin dependencies after editing pyproject.toml.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--quiet --output-file requirements.lock

run: install
	$(BIN)/rapport migrate
	$(BIN)/rapport runserver 127.0.0.1:$${PORT:-8000}

worker: install
	$(BIN)/rapport worker

clean:
	rm -rf $(VENV) var/demo.sqlite3* test-artifacts $(MO_FILES)

# Speed at the reference size (DESIGN.md "Scale"); BENCH_DATABASE_URL=postgres://… to bench PostgreSQL.
# Then the recompute at 2,000 projects × 60 months (full, and one answer's incremental one), the
# health review page and API on that portfolio beside the PMO home and the API projects page, the
# imports beside a plain csv→sqlite3 load, and the respondent's survey path under load (gunicorn,
# loopback) beside a bare Django view.
bench: install
	$(BIN)/python scripts/bench.py
	db=$$(mktemp -d)/reference.sqlite3; $(BIN)/python scripts/bench_recompute.py --db $$db && \
		$(BIN)/python scripts/bench_insights.py --db $$db
	$(BIN)/python scripts/bench_imports.py
	$(BIN)/python scripts/load_survey.py
	$(BIN)/python scripts/bench_exports.py
