"""A live server on a SQLite file keeps answering surveys and sign-ins while a 50,000-row
import commits (0 errors). The scenario runs in its own pytest process, because the rest of the
suite uses an in-memory database, which has no real locking to test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCENARIO = Path(__file__).with_name("concurrent_import_scenario.py")
SRC = Path(__file__).resolve().parents[3]


def test_answers_and_sign_ins_keep_succeeding_while_a_large_import_commits(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "RAPPORT_TEST_DB_FILE": str(tmp_path / "rapport-test.sqlite3"),
    }
    env.pop("DATABASE_URL", None)  # always SQLite: the scenario is about its write lock
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(SCENARIO),
        "-q",
        "-p",
        "no:cacheprovider",
        "--ds=rapport.imports.tests.settings_file_db",
        "-o",
        f"python_files={SCENARIO.name}",
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
