"""The responses export in the JSON API, and ``rapport export`` on the command line."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from rapport.accounts.services import issue_api_token
from rapport.exports.tests.files import read_csv

pytestmark = pytest.mark.django_db


def test_api_responses_as_csv_with_a_bearer_token(client, carol, world):
    _, token = issue_api_token(carol, name="exports")
    response = client.get(
        "/api/exports/responses", {"format": "csv"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    assert [r["confidentiality"] for r in read_csv(response)] == ["attributed"]


def test_api_responses_as_xlsx_filtered(client, alice, world):
    client.force_login(alice)
    response = client.get("/api/exports/responses", {"format": "xlsx", "review": world["quiet"].pk})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 2


def test_api_refuses_sponsors_and_bad_formats(client, erin, alice, world):
    client.force_login(erin)
    assert client.get("/api/exports/responses").status_code == 403
    client.force_login(alice)
    assert client.get("/api/exports/responses", {"format": "pdf"}).status_code == 422


def test_command_writes_csv_to_stdout_as_the_reader_sees_it(alice, carol, world):
    out = io.StringIO()
    call_command("export", "responses", "--as", carol.email, stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["confidentiality"] for r in rows] == ["attributed"]


def test_command_writes_xlsx_to_a_file_with_filters(tmp_path, alice, world, project):
    target = tmp_path / "projects.xlsx"
    call_command(
        "export", "projects", "--format", "xlsx", "--output", str(target), "--filter", "q=branch"
    )
    sheet = openpyxl.load_workbook(target).active
    assert [c.value for c in sheet["B"]] == ["project", project.name]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["salaries"], "No list called"),
        (["projects", "--filter", "manager=1"], "has no filter “manager”"),
        (["projects", "--filter", "nonsense"], "KEY=VALUE"),
        (["responses", "--as", "erin@pmo.test"], "Sponsors read totals only"),
        (["projects", "--as", "nobody@pmo.test"], "No active user"),
    ],
)
def test_command_errors_are_clear(alice, erin, world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export", *args, stdout=io.StringIO())


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_to_a_file_replaces_it_only_once_whole(tmp_path, alice, erin, world, fmt):
    """A refused export leaves no empty file, and an earlier export under that name as it
    was; one that succeeds takes its place, with no part file left beside it."""
    target = tmp_path / f"projects.{fmt}"
    for args in (
        ["--filter", "delivery_status=ZZ"],
        ["--as", "erin@pmo.test", "--filter", "period=2026-01"],
    ):
        with pytest.raises(CommandError):
            call_command(
                "export",
                "responses" if "erin@pmo.test" in args else "projects",
                "--format",
                fmt,
                "--output",
                str(target),
                *args,
            )
    assert list(tmp_path.iterdir()) == []

    target.write_bytes(b"earlier")
    with pytest.raises(CommandError):
        call_command(
            "export",
            "projects",
            "--format",
            fmt,
            "--output",
            str(target),
            "--filter",
            "delivery_status=ZZ",
        )
    assert target.read_bytes() == b"earlier"

    call_command("export", "projects", "--format", fmt, "--output", str(target))
    assert list(tmp_path.iterdir()) == [target]
    data = target.read_bytes()
    assert data.startswith(b"PK" if fmt == "xlsx" else b"id,project,")
