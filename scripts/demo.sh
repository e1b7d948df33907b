#!/usr/bin/env bash
# Runs Rapport with a fresh demo portfolio on SQLite: web server and task worker.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8000}"
mkdir -p var
export DATABASE_URL="sqlite:///$PWD/var/demo.sqlite3"
export RAPPORT_SITE_URL="http://127.0.0.1:${PORT}"
rm -f var/demo.sqlite3 var/demo.sqlite3-wal var/demo.sqlite3-shm

echo "Preparing a fresh demo database (var/demo.sqlite3)…"
.venv/bin/rapport migrate --verbosity 0
.venv/bin/rapport demo-data

.venv/bin/rapport db_worker &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM

cat <<MSG

Rapport is starting at http://127.0.0.1:${PORT}/  (stop with Ctrl-C)
Sign in with any demo login above; the password for all of them is: rapport-demo
Emails are printed here instead of being sent.

MSG
.venv/bin/rapport runserver "127.0.0.1:${PORT}" --noreload
