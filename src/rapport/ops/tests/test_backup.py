"""``rapport backup`` and ``rapport restore``: a verified round trip on the test database
(SQLite through its online backup API, PostgreSQL through pg_dump and pg_restore)."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from rapport.customers.models import Customer, Stakeholder
from rapport.ops import backup as ops_backup
from rapport.testing.factories import CustomerFactory, StakeholderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _state() -> list[tuple]:
    return sorted(Stakeholder.objects.values_list("pk", "name", "email", "customer__name"))


def test_a_backup_restores_exactly_what_was_saved(tmp_path, capsys):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.fail("pg_dump is not on PATH: install postgresql-client to test PostgreSQL backups")
    customer = CustomerFactory(name="Harbour Logistics")
    StakeholderFactory(customer=customer, name="Zoë Quennell", email="zoe@harbour.test")
    StakeholderFactory(customer=customer, name="Sam Ortiz", email="sam@harbour.test")
    saved = _state()
    file = tmp_path / "rapport.backup"

    call_command("backup", "--output", str(file))
    out = capsys.readouterr().out
    assert f"database to {file}" in out and "checked" in out
    assert file.stat().st_size > 0

    # After the backup: a deletion and a new customer, both undone by the restore.
    Stakeholder.objects.filter(name="Sam Ortiz").delete()
    CustomerFactory(name="Made after the backup")
    assert _state() != saved

    call_command("restore", str(file), "--yes")
    connection.close()
    assert _state() == saved
    assert not Customer.objects.filter(name="Made after the backup").exists()
    # The restored database takes writes again.
    CustomerFactory(name="After the restore")
    assert Customer.objects.count() == 2


def test_a_restore_needs_yes_and_a_real_backup(tmp_path):
    CustomerFactory(name="Kept")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "none"))
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "none"), "--yes")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(junk), "--yes")
    assert list(Customer.objects.values_list("name", flat=True)) == ["Kept"]


def test_a_backup_never_overwrites_a_file(tmp_path):
    file = tmp_path / "exists.backup"
    file.write_text("keep me")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", "--output", str(file))
    assert file.read_text() == "keep me"


def test_without_pg_dump_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(ops_backup.shutil, "which", lambda name: None)
    with pytest.raises(ops_backup.BackupError, match=r"pg_dump is not on PATH.*postgresql-client"):
        ops_backup._pg_run("pg_dump", "--version")
