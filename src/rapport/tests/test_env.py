"""The settings helpers: good values parse, bad values fail loudly and name the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from rapport.env import Env


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("on", True), ("0", False), ("off", False)],
)
def test_bool_accepts_the_usual_spellings(raw, expected):
    assert Env({"FLAG": raw}).bool("FLAG", default=not expected) is expected


def test_bool_refuses_anything_else_and_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="RAPPORT_DEBUG must be a boolean"):
        Env({"RAPPORT_DEBUG": "maybe"}).bool("RAPPORT_DEBUG", default=False)


def test_empty_values_fall_back_to_the_default():
    assert Env({"X": "  "}).int("X", 7) == 7
    assert Env({}).list("HOSTS", ["a"]) == ["a"]


def test_int_checks_type_and_bounds():
    env = Env({"PORT": "70000", "N": "ten"})
    with pytest.raises(ImproperlyConfigured, match="PORT must be at most 65535"):
        env.int("PORT", 25, minimum=1, maximum=65535)
    with pytest.raises(ImproperlyConfigured, match="N must be a whole number"):
        env.int("N", 1)


def test_list_splits_on_commas():
    assert Env({"HOSTS": "a.org, b.org,,"}).list("HOSTS") == ["a.org", "b.org"]


def test_choice_lists_the_allowed_values():
    with pytest.raises(ImproperlyConfigured, match="RAPPORT_TASKS must be one of database, rq"):
        Env({"RAPPORT_TASKS": "celery"}).choice("RAPPORT_TASKS", ("database", "rq"), "database")


def test_required_string_missing():
    with pytest.raises(ImproperlyConfigured, match="RAPPORT_SECRET_KEY must be set"):
        Env({}).str("RAPPORT_SECRET_KEY", required=True)


def test_sqlite_url_gets_timeouts_and_no_writing_pragma_per_connection(tmp_path):
    config = Env({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}).database("DATABASE_URL", "")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == f"{tmp_path}/x.sqlite3"
    # WAL is set once per file (rapport.ops.sqlite): a pragma that writes, run on every new
    # connection, failed every page on a full disk.
    assert "journal_mode" not in config["OPTIONS"]["init_command"]
    assert "busy_timeout=20000" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] == 20
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_url_parses():
    env = Env({"DATABASE_URL": "postgres://app:secret@db.internal:5433/rapport"})
    config = env.database("DATABASE_URL", "")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "rapport")
    assert config["CONN_MAX_AGE"] == 0 and config["CONN_HEALTH_CHECKS"]


def test_postgres_prepares_hot_statements_unless_turned_off():
    url = "postgres://app@db/rapport"
    config = Env({"DATABASE_URL": url}).database("DATABASE_URL", "")
    assert config["OPTIONS"]["prepare_threshold"] == 5
    off = Env({"DATABASE_URL": url, "RAPPORT_DB_PREPARED_STATEMENTS": "off"})
    assert "prepare_threshold" not in off.database("DATABASE_URL", "")["OPTIONS"]
    sqlite = Env({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"}).database("DATABASE_URL", "")
    assert "prepare_threshold" not in sqlite["OPTIONS"]


@pytest.mark.parametrize("url", ["postgres://app@db/rapport", "sqlite:////tmp/x.sqlite3"])
def test_connections_are_kept_between_requests_and_checked(url):
    config = Env({"DATABASE_URL": url}).database("DATABASE_URL", "", conn_max_age=60)
    assert config["CONN_MAX_AGE"] == 60 and config["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize("url", ["mysql://x@y/z", "not a url", "sqlite://"])
def test_bad_database_urls_name_the_variable(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        Env({"DATABASE_URL": url}).database("DATABASE_URL", "")


# --- The settings module as a whole, in a fresh interpreter --------------------------------

GOOD_PRODUCTION = {
    "RAPPORT_ENV": "production",
    "RAPPORT_SECRET_KEY": "k3y-" + "x9Qz!" * 12,
    "RAPPORT_ALLOWED_HOSTS": "rapport.example.org",
}


def _run(args: list[str], extra_env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("RAPPORT_") and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3", **extra_env})
    env["DJANGO_SETTINGS_MODULE"] = "rapport.settings"
    return subprocess.run(
        [sys.executable, "-c", "from rapport.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", ["RAPPORT_SECRET_KEY", "RAPPORT_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing, tmp_path):
    env = {k: v for k, v in GOOD_PRODUCTION.items() if k != missing}
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_weak_secret_key(tmp_path):
    result = _run(["check"], {**GOOD_PRODUCTION, "RAPPORT_SECRET_KEY": "short"}, tmp_path)
    assert result.returncode != 0
    assert "RAPPORT_SECRET_KEY must be at least 50" in result.stderr


def test_production_check_deploy_is_clean(tmp_path):
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], GOOD_PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_bad_value_fails_at_start_naming_the_variable(tmp_path):
    result = _run(["check"], {"RAPPORT_EMAIL_PORT": "twenty-five"}, tmp_path)
    assert result.returncode != 0
    assert "RAPPORT_EMAIL_PORT must be a whole number" in result.stderr


def test_cli_help_lists_rapport_and_django_commands(tmp_path):
    result = _run(["--help"], {}, tmp_path)
    assert result.returncode == 0
    for command in ("migrate", "demo_data", "create_user", "db_worker", "shell"):
        assert command in result.stdout


def test_production_refuses_the_demo_mailbox(tmp_path):
    result = _run(["check"], {**GOOD_PRODUCTION, "RAPPORT_EMAIL": "mailbox"}, tmp_path)
    assert result.returncode != 0
    assert "RAPPORT_EMAIL=mailbox is for the demo" in result.stderr
