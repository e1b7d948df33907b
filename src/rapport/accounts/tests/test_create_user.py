"""``rapport create-user`` from scripts: no terminal needed, passwords checked by the validators."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from rapport.accounts.models import Role, User
from rapport.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = "a long enough passphrase"


def _create(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    call_command("create_user", *args, stdin=io.StringIO(stdin), stdout=out)
    return out.getvalue()


def test_password_from_stdin_creates_the_user(client):
    out = _create("lead@pmo.test", "--name", "Lee Lead", "--password-stdin", stdin=GOOD + "\n")
    assert "Created lead@pmo.test (PMO lead)." in out
    user = User.objects.get(email="lead@pmo.test")
    assert user.role == Role.PMO_LEAD and user.check_password(GOOD)
    assert AuditEntry.objects.filter(action="accounts.user.created", object_id=user.pk).exists()
    assert client.login(username="lead@pmo.test", password=GOOD)


def test_only_the_first_line_of_stdin_is_the_password():
    _create("x@pmo.test", "--name", "X", "--password-stdin", stdin=GOOD + "\r\nsecond line\n")
    assert User.objects.get(email="x@pmo.test").check_password(GOOD)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short", "too short"),
        ("password123", "too common"),
        ("84736251943", "entirely numeric"),
        ("lee.lead.pmo", "too similar"),
    ],
)
def test_a_weak_password_is_refused_and_nothing_is_created(password, reason):
    with pytest.raises(CommandError, match=reason) as refused:
        _create("lee.lead@pmo.test", "--name", "Lee Lead", "--password-stdin", stdin=password)
    assert "Nothing was created" in str(refused.value)
    assert not User.objects.exists()


def test_an_empty_line_on_stdin_is_refused():
    with pytest.raises(CommandError, match="empty line"):
        _create("x@pmo.test", "--name", "X", "--password-stdin", stdin="\n")
    assert not User.objects.exists()


def test_without_a_terminal_it_never_prompts_and_says_what_to_do(monkeypatch):
    def no_prompt(*args, **kwargs):
        raise AssertionError("must not prompt without a terminal")

    monkeypatch.setattr("getpass.getpass", no_prompt)
    with pytest.raises(CommandError, match=r"--password-stdin .* or --no-password"):
        _create("x@pmo.test", "--name", "X")
    assert not User.objects.exists()


def test_at_a_terminal_it_asks_twice(monkeypatch):
    answers = iter([GOOD, GOOD])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    call_command("create_user", "x@pmo.test", "--name", "X", stdin=tty, stdout=io.StringIO())
    assert User.objects.get(email="x@pmo.test").check_password(GOOD)


def test_the_two_options_exclude_each_other():
    with pytest.raises(CommandError):
        _create("x@pmo.test", "--name", "X", "--password-stdin", "--no-password", stdin=GOOD)


def test_no_password_then_forgot_your_password_sets_one(client):
    out = _create(
        "pm@pmo.test", "--name", "Pat Manager", "--role", "project_manager", "--no-password"
    )
    assert "Forgot your password?" in out
    user = User.objects.get(email="pm@pmo.test")
    assert not user.has_usable_password()
    # Django's reset form skips accounts without a usable password; Rapport's must not.
    client.post(reverse("accounts:password_reset"), {"email": "PM@pmo.test"})
    assert [m.to for m in mail.outbox] == [["pm@pmo.test"]]


def test_an_existing_email_is_refused():
    _create("x@pmo.test", "--name", "X", "--no-password")
    with pytest.raises(CommandError, match="already exists"):
        _create("X@pmo.test", "--name", "X again", "--no-password")


def test_the_rapport_command_without_a_terminal_says_what_to_do(tmp_path):
    """The real command in its own process, stdin not a terminal (the rest is tested above
    through call_command with a StringIO stdin)."""
    src = str(Path(__file__).resolve().parents[3])
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("RAPPORT_") and k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([src, env.get("PYTHONPATH", "")]),
            "DJANGO_SETTINGS_MODULE": "rapport.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )

    def rapport(*args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", "from rapport.cli import main; main()", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            **kwargs,
        )

    # A pipe that is closed at once, as under cron or a provisioning tool: it used to end in
    # EOFError from getpass; now it stops before touching the database and says what to use.
    refused = rapport("create-user", "a@pmo.test", "--name", "A", stdin=subprocess.DEVNULL)
    assert refused.returncode == 1, refused.stderr
    assert "No terminal to ask for the password: use --password-stdin" in refused.stderr
    assert "Traceback" not in refused.stderr
