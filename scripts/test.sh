#!/usr/bin/env bash
# Lint, import contracts, types, then the whole test suite on SQLite, then again on PostgreSQL when asked
# (RAPPORT_TEST_POSTGRES=1, or DATABASE_URL naming a postgres:// database).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

run_pytest() {
  local label="$1"; shift
  echo "== Tests on ${label}"
  "$BIN/pytest" "$@"
  local status=$?
  if [ "$status" -eq 5 ]; then
    echo "FAILED: pytest collected no tests on ${label}; there must be tests." >&2
    return 1
  fi
  return "$status"
}

echo "== Lint (ruff)"
"$BIN/ruff" check src || exit 1
"$BIN/ruff" format --check src || { echo "Run 'make format' to fix formatting." >&2; exit 1; }

echo "== Import contracts (lint-imports; the allowed dependencies of docs/architecture.md)"
"$BIN/lint-imports" --no-cache || exit 1

echo "== Types (mypy with django-stubs; configuration in pyproject.toml)"
"$BIN/mypy" || exit 1

PG_URL=""
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  PG_URL="$DATABASE_URL"
elif [ "${RAPPORT_TEST_POSTGRES:-0}" = "1" ]; then
  PG_URL="postgres://postgres@127.0.0.1:5432/test"
fi

DATABASE_URL="sqlite:///$PWD/var/test.sqlite3" run_pytest "SQLite" "$@" || exit 1

if [ -n "$PG_URL" ]; then
  if ! "$BIN/python" scripts/check_postgres.py "$PG_URL"; then
    exit 1
  fi
  DATABASE_URL="$PG_URL" run_pytest "PostgreSQL" "$@" || exit 1
else
  echo "(PostgreSQL run skipped: set RAPPORT_TEST_POSTGRES=1 to run the suite on PostgreSQL too.)"
fi
