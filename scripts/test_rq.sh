#!/usr/bin/env bash
# The scale-out mode: the task and outbox tests with RAPPORT_TASKS=rq, through django-tasks-rq
# and a real Redis (RAPPORT_REDIS_URL, default database 9 of the local Redis), on SQLite and, when
# asked (RAPPORT_TEST_POSTGRES=1 or DATABASE_URL=postgres://…), on PostgreSQL too. Fails, never
# skips, when Redis cannot be reached. Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

export RAPPORT_TASKS=rq
export RAPPORT_REDIS_URL="${RAPPORT_REDIS_URL:-redis://127.0.0.1:6379/9}"
# test_action_done.py is left out: with a backend that can defer (RQ), "action done" emails
# wait for a daily batch by design, and those tests read the inline behaviour.
TESTS=(
  src/rapport/feedback/tests/test_rq.py
  src/rapport/feedback/tests/test_outbox.py
  src/rapport/feedback/tests/test_reminders.py
  src/rapport/feedback/tests/test_flow.py
  src/rapport/feedback/tests/test_pulse.py
  src/rapport/feedback/tests/test_worker.py
  src/rapport/insights/tests/test_incremental.py
  src/rapport/ops/tests/test_health.py
)

"$BIN/python" scripts/check_redis.py "$RAPPORT_REDIS_URL" || exit 1

run_pytest() {
  local label="$1"; shift
  echo "== Task and outbox tests with RQ on Redis, on ${label}"
  "$BIN/pytest" -p no:cacheprovider "${TESTS[@]}" "$@"
  local status=$?
  if [ "$status" -eq 5 ]; then
    echo "FAILED: pytest collected no tests in the RQ run on ${label}." >&2
    return 1
  fi
  return "$status"
}

PG_URL=""
if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  PG_URL="$DATABASE_URL"
elif [ "${RAPPORT_TEST_POSTGRES:-0}" = "1" ]; then
  PG_URL="postgres://postgres@127.0.0.1:5432/test"
fi

DATABASE_URL="sqlite:///$PWD/var/test.sqlite3" run_pytest "SQLite" "$@" || exit 1
if [ -n "$PG_URL" ]; then
  "$BIN/python" scripts/check_postgres.py "$PG_URL" || exit 1
  DATABASE_URL="$PG_URL" run_pytest "PostgreSQL" "$@" || exit 1
fi
