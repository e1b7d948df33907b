"""The projects import: problems in the file are reported by line and by the file's column."""

from __future__ import annotations

import pytest

from rapport.accounts.models import User
from rapport.customers.models import Customer
from rapport.imports.reading import TableSource
from rapport.imports.services import run_import
from rapport.portfolio.models import Project

pytestmark = pytest.mark.django_db


def _check(tmp_path, text, commit=False):
    path = tmp_path / "projects.csv"
    path.write_text(text, encoding="utf-8")
    result = run_import("projects", TableSource.from_path(path), by=None, commit=commit)
    return result, [(e.line, e.column, e.reason) for e in result.errors]


def test_the_same_project_twice_is_refused_on_the_later_line(tmp_path):
    text = (
        "project,customer,complexity\n"
        "NEWP-3,Northwind,2\n"
        "NEWP-3,Northwind,4\n"
        "newp-3,Northwind,5\n"
        "OTHER,Northwind,1\n"
    )
    for commit in (False, True):
        _, errors = _check(tmp_path, text, commit=commit)
        assert errors == [
            (3, "project", "Line 2 already imports NEWP-3."),
            (4, "project", "Line 2 already imports newp-3."),
        ]
    assert not Project.objects.exists()


def test_errors_name_the_files_columns(tmp_path):
    text = (
        "project,customer,project_manager\n"
        f"{'P' * 250},Northwind,\n"
        f"P-2,{'C' * 201},\n"
        f"P-3,Northwind,{'m' * 300}@northwind.example\n"
        f"{'K' * 65},Northwind,\n"
    )
    _, errors = _check(tmp_path, text)
    assert [(line, column) for line, column, _ in errors] == [
        (2, "project"),
        (3, "customer"),
        (4, "project_manager"),
        (5, "project"),
    ]
    assert "at most 64 characters (this has 250)" in errors[0][2]
    assert "at most 200 characters (it has 201)" in errors[1][2]
    assert "at most 64 characters (this has 65)" in errors[3][2]
    assert not Project.objects.exists() and not Customer.objects.exists()
    assert not User.objects.exists()


def test_two_long_keys_alike_in_their_first_64_characters_are_refused_not_cut(tmp_path):
    text = f"project,customer\n{'K' * 64}A,Northwind\n{'K' * 64}B,Northwind\n"
    _, errors = _check(tmp_path, text, commit=True)
    assert [(line, column) for line, column, _ in errors] == [(2, "project"), (3, "project")]
    assert not any("changed while" in reason for _, _, reason in errors)


def test_an_existing_project_is_found_by_a_name_longer_than_a_code(tmp_path):
    customer = Customer.objects.create(name="Northwind")
    Project.objects.create(name="N" * 100, code="N-1", customer=customer)
    result, errors = _check(tmp_path, f"project,customer,complexity\n{'n' * 100},Northwind,4\n")
    assert errors == [] and result.updated == 1


def test_the_dry_run_says_what_the_file_does_besides_its_projects(tmp_path, client, alice):
    """A typo in a customer's name makes a new customer and moves the project to it: the dry
    run says so before anything is applied, on the command line and on the Import page."""
    import io

    from django.core.management import call_command

    from rapport.testing.factories import CustomerFactory, ProjectFactory

    ProjectFactory(code="HIS-01", customer=CustomerFactory(name="Northwind Retail"))
    text = "project,customer,project_manager\nHIS-01,Northwind Retal,new.pm@pmo.test\n"
    result, errors = _check(tmp_path, text)
    assert errors == []
    assert result.notes == [
        "Line 2: new customer “Northwind Retal”.",
        "Line 2: new account for new.pm@pmo.test (project manager).",
        "Line 2: HIS-01 moves from Northwind Retail to Northwind Retal.",
    ]
    assert Customer.objects.count() == 1 and not User.objects.filter(email="new.pm@pmo.test")
    out = io.StringIO()
    call_command("import_data", "projects", str(tmp_path / "projects.csv"), stdout=out)
    assert "Line 2: HIS-01 moves from Northwind Retail to Northwind Retal." in out.getvalue()
    client.force_login(alice)
    upload = io.BytesIO(text.encode())
    upload.name = "projects.csv"
    page = client.post("/imports/", {"kind": "projects", "file": upload}).content.decode()
    assert "new customer “Northwind Retal”" in page and "Besides its rows, the file:" in page
    assert Customer.objects.count() == 1


def test_a_project_manager_named_by_the_file_has_that_role(tmp_path, alice, carol, erin):
    """An existing account given as a project's manager is an active project manager, as in
    the console and the API; a new address still gets a project manager's account."""
    text = (
        "project,customer,project_manager\n"
        f"P-1,Northwind,{carol.email}\n"
        f"P-2,Northwind,{erin.email.upper()}\n"
        f"P-3,Northwind,{alice.email}\n"
        "P-4,Northwind,new.manager@pmo.test\n"
    )
    result, errors = _check(tmp_path, text, commit=True)
    assert [(line, column) for line, column, _ in errors] == [
        (3, "project_manager"),
        (4, "project_manager"),
    ]
    assert "Erin Sponsor has the role Executive sponsor" in errors[0][2]
    assert not Project.objects.exists() and not result.committed
    assert not User.objects.filter(email="new.manager@pmo.test").exists()
