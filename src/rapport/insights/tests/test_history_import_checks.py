"""The history import refuses bad cells with a line and a column, in the dry run already."""

from __future__ import annotations

import pytest

from rapport.customers.models import Stakeholder
from rapport.feedback.models import Response, ReviewCycle
from rapport.insights.tests.history import SAMPLES, run, write_csv

pytestmark = pytest.mark.django_db


def _check(path, commit=False):
    from rapport.imports.reading import TableSource
    from rapport.imports.services import run_import

    return run_import("responses", TableSource.from_path(path), by=None, commit=commit)


def _errors(result):
    return [(e.line, e.column, e.reason) for e in result.errors]


@pytest.fixture
def projects():
    run("import_data", "projects", str(SAMPLES / "projects.csv"), "--commit")


def test_a_respondent_of_other_digits_than_ascii_is_not_an_id(projects, tmp_path):
    path = write_csv(
        tmp_path / "digits.csv",
        ["project", "period", "respondent", "mode", "overall"],
        [["HIS-01", "2025-01", "²", "call", "8"], ["HIS-01", "2025-01", "١", "call", "8"]],
    )
    for commit in (False, True):
        errors = _errors(_check(path, commit=commit))
        assert [(line, column) for line, column, _ in errors] == [
            (2, "respondent"),
            (3, "respondent"),
        ]
        assert all("is not an email address" in reason for _, _, reason in errors)
    assert not Response.objects.exists()


def test_a_respondent_email_is_checked_as_the_stakeholders_import_checks_it(projects, tmp_path):
    long_local = "x" * 300 + "@northwind.example"
    path = write_csv(
        tmp_path / "emails.csv",
        ["project", "period", "respondent", "role", "mode", "overall"],
        [
            ["HIS-01", "2025-01", "@northwind", "", "call", "8"],
            ["HIS-01", "2025-01", "x@", "", "call", "8"],
            ["HIS-01", "2025-01", long_local, "", "call", "8"],
            ["HIS-01", "2025-01", "fine@northwind.example", "r" * 201, "call", "8"],
            ["HIS-01", "2025-02", "fine@northwind.example", "r" * 200, "call", "8"],
        ],
    )
    people = Stakeholder.objects.count()
    errors = _errors(_check(path))
    assert [(line, column) for line, column, _ in errors] == [
        (2, "respondent"),
        (3, "respondent"),
        (4, "respondent"),
        (5, "role"),
    ]
    assert all("is not an email address" in reason for _, _, reason in errors[:3])
    assert "at most 200 characters (it has 201)" in errors[3][2]
    assert _check(path, commit=True).errors
    assert Stakeholder.objects.count() == people
    assert not ReviewCycle.objects.exists()


def test_a_month_that_has_not_started_is_refused(projects, tmp_path):
    from django.utils import timezone

    this_month = timezone.localdate().strftime("%Y-%m")
    path = write_csv(
        tmp_path / "future.csv",
        ["project", "period", "mode", "overall"],
        [
            ["HIS-01", this_month, "call", "8"],
            ["HIS-01", "2099-12", "call", "8"],
            ["HIS-02", "2099-12", "call", "7"],
        ],
    )
    errors = _errors(_check(path))
    assert [(line, column) for line, column, _ in errors] == [(3, "period"), (4, "period")]
    assert "2099-12 has not started yet" in errors[0][2]
    assert _check(path, commit=True).errors
    assert not ReviewCycle.objects.exists()


def _anonymous_csv(path, newline):
    comment = newline.join(["First line", "second line"])
    text = (
        "project,period,mode,overall,comment\r\n"
        f'HIS-10,2025-03,email,8,"{comment}"\r\n'
        "HIS-10,2025-03,email,7,Plain\r\n"
    )
    path.write_bytes(text.encode())
    return path


def test_a_comment_is_keyed_and_stored_alike_with_crlf_or_lf_line_breaks(projects, tmp_path):
    import hashlib

    from rapport.portfolio.models import Project

    lf = _anonymous_csv(tmp_path / "lf.csv", "\n")
    crlf = _anonymous_csv(tmp_path / "crlf.csv", "\r\n")
    cr = _anonymous_csv(tmp_path / "cr.csv", "\r")
    out, _ = run("import_data", "responses", str(lf), "--commit")
    assert "2 created" in out
    # An LF file's key is the documented formula's, as before line breaks were made LF.
    project = Project.objects.get(code="HIS-10").pk
    content = f"{project}|2025-03|email|[('overall', 8)]|First line\nsecond line|1"
    key = Response.objects.get(overall=8).import_key
    assert bytes(key) == hashlib.sha256(content.encode()).digest()
    for other in (crlf, cr):
        out, _ = run("import_data", "responses", str(other), "--commit")
        assert "0 created, 0 updated, 2 unchanged" in out
    assert Response.objects.get(overall=8).comment == "First line\nsecond line"


def test_an_answer_imported_from_a_crlf_file_before_is_found_again(projects, tmp_path):
    import hashlib

    from rapport.portfolio.models import Project

    crlf = _anonymous_csv(tmp_path / "crlf.csv", "\r\n")
    run("import_data", "responses", str(crlf), "--commit")
    # As an earlier version stored it: the comment and its key with the file's CRLF.
    project = Project.objects.get(code="HIS-10").pk
    content = f"{project}|2025-03|email|[('overall', 8)]|First line\r\nsecond line|1"
    Response.objects.filter(overall=8).update(
        comment="First line\r\nsecond line", import_key=hashlib.sha256(content.encode()).digest()
    )
    out, _ = run("import_data", "responses", str(crlf), "--commit")
    assert "0 created, 1 updated, 1 unchanged" in out
    assert Response.objects.count() == 2
    assert Response.objects.get(overall=8).comment == "First line\nsecond line"
    out, _ = run("import_data", "responses", str(crlf), "--commit")
    assert "0 created, 0 updated, 2 unchanged" in out
