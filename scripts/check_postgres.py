"""Fail with a clear message when the PostgreSQL named for the test run cannot be reached."""

import sys

import psycopg

url = sys.argv[1]
try:
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=5) as c:
        version = c.execute("show server_version").fetchone()[0]
except psycopg.Error as exc:
    safe = url.split("@")[-1]
    print(
        f"FAILED: PostgreSQL at {safe} is unreachable, so the PostgreSQL test run cannot happen.\n"
        f"  {exc}".rstrip(),
        file=sys.stderr,
    )
    sys.exit(1)
print(f"PostgreSQL {version} reachable.")
