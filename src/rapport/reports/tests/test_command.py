"""rapport report …: the same PDFs from the command line, with clear errors."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rapport.reports.tests.helpers import pdf_text, recompute, scored_project

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_portfolio_review(
    tmp_path, project, django_capture_on_commit_callbacks
):
    scored_project(project, scores=[8, 7, 8])
    recompute(django_capture_on_commit_callbacks)
    target = tmp_path / "x.pdf"
    call_command("report", "portfolio", "--output", str(target))
    text = pdf_text(target.read_bytes())
    assert "Portfolio health review" in text and "Health by month" in text


def test_the_command_reads_as_a_given_person(tmp_path, project, carol, other_project):
    with pytest.raises(CommandError, match="that you may read"):
        call_command(
            "report", "project", str(other_project.pk), "--as", carol.email,
            "--output", str(tmp_path / "x.pdf"),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["customer"], "Which customer"),
        (["portfolio", "3"], "takes no id"),
        (["portfolio", "--period", "May"], "YYYY-MM"),
        (["portfolio", "--as", "nobody@x.test"], "No active user"),
    ],
)
def test_bad_input_is_refused_clearly(tmp_path, db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "--output", str(tmp_path / "x.pdf"))


def test_the_output_must_be_a_pdf_in_an_existing_folder(tmp_path, db):
    with pytest.raises(CommandError, match=r"\.pdf"):
        call_command("report", "portfolio", "--output", str(tmp_path / "x.txt"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("report", "portfolio", "--output", str(tmp_path / "no" / "x.pdf"))
