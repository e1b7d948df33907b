#!/usr/bin/env bash
# Runs Rapport with a fresh demo portfolio on SQLite: web server, and the worker with the schedule.
# Email goes to the demo mailbox (/mailbox/), not to the terminal, so the logins and links below
# stay the last thing on screen.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8000}"
SITE="http://127.0.0.1:${PORT}"
mkdir -p var
export DATABASE_URL="sqlite:///$PWD/var/demo.sqlite3"
export RAPPORT_SITE_URL="$SITE"
export RAPPORT_EMAIL=mailbox
rm -f var/demo.sqlite3 var/demo.sqlite3-wal var/demo.sqlite3-shm

echo "Preparing a fresh demo database (var/demo.sqlite3)…"
.venv/bin/rapport migrate --verbosity 0
.venv/bin/rapport demo-data | tee var/demo-data.txt

PIDS=()
stop() {
    trap - EXIT INT TERM
    if ((${#PIDS[@]})); then
        kill "${PIDS[@]}" 2>/dev/null || true
        for _ in {1..50}; do  # up to 10 s for the task in hand
            kill -0 "${PIDS[@]}" 2>/dev/null || break
            sleep 0.2
        done
    fi
}
trap stop EXIT
trap 'stop; exit 130' INT TERM

# The worker sends the queued emails and runs the daily schedule (reminders, expiries, pulses…).
# Each runs in its own process group (set -m), so Ctrl-C reaches only this script, which then
# stops them once, gently (a second signal would make the worker stop mid-task).
set -m
.venv/bin/rapport worker >var/demo-worker.log 2>&1 &
PIDS+=($!)
.venv/bin/rapport runserver "127.0.0.1:${PORT}" --noreload &
PIDS+=($!)
set +m

# Wait for the server, so its start-up lines come before the logins, not after them.
.venv/bin/python - "$SITE/accounts/login/" <<'PY' || true
import sys, time, urllib.request

for _ in range(60):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=1)  # noqa: S310
        break
    except Exception:
        time.sleep(0.5)
PY

cat <<MSG

────────────────────────────────────────────────────────────────────────────
Rapport is running at ${SITE}/  (stop with Ctrl-C)

Links from the demo data:
$(grep -E 'https?://' var/demo-data.txt || true)

Emails are not sent: read them in the demo mailbox, ${SITE}/mailbox/ (as the PMO lead).
The worker's log is in var/demo-worker.log.

$(sed -n '/^Demo logins/,$p' var/demo-data.txt)
MSG
wait -n "${PIDS[@]}" || true  # either one stopping stops the demo
