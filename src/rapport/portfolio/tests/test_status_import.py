"""Importing delivery-status history: good file, re-import, every bad cell by line and column,
all-or-nothing, and the shipped sample."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rapport.audit.models import AuditEntry
from rapport.imports.framework import read_rows
from rapport.imports.registry import get_importer
from rapport.portfolio import services
from rapport.portfolio.models import DeliveryStatusMonth, Project
from rapport.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples"


def _import(text: str, *, commit: bool = True, by=None):
    header, rows = read_rows(text.encode(), "status.csv")
    return get_importer("delivery-status")(by=by).run(header, rows, commit=commit)


@pytest.fixture
def projects(customer):
    """Two projects created in December 2024, so the file's months are later than that."""
    created = dt.date(2024, 12, 2)
    return (
        services.create_project(
            by=None, name="Branch booking", code="PRJ-1", customer=customer, today=created
        ),
        services.create_project(
            by=None, name="Card renewal", customer=customer, delivery_status="A", today=created
        ),
    )


GOOD = (
    "project,period,status\n"
    "PRJ-1,2025-01,G\n"
    "PRJ-1,2025-02,A/G\n"
    "card renewal,2025-01,a\n"  # a name ignoring case, a status in any case
    "PRJ-1,2025-03,R\n"
)


def test_a_file_records_each_month_and_the_latest_becomes_current(alice, projects):
    result = _import(GOOD, by=alice)
    assert result.ok and result.committed
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    booking, renewal = projects
    assert list(
        DeliveryStatusMonth.objects.filter(project=booking).values_list("period", "status")
    ) == [("2024-12", "G"), ("2025-01", "G"), ("2025-02", "AG"), ("2025-03", "R")]
    booking.refresh_from_db()
    renewal.refresh_from_db()
    assert (booking.delivery_status, renewal.delivery_status) == ("R", "A")
    entries = AuditEntry.objects.filter(action="portfolio.project.delivery_status_recorded")
    assert entries.count() == 4 and {e.actor for e in entries} == {alice}


def test_a_project_without_history_keeps_todays_status(customer):
    legacy = ProjectFactory(customer=customer, code="OLD-1", delivery_status="AR")
    assert _import("project,period,status\nOLD-1,2025-01,G\n").ok
    legacy.refresh_from_db()
    assert legacy.delivery_status == "AR"
    assert legacy.status_months.latest("period").status == "AR"


def test_importing_the_same_file_again_changes_nothing(projects):
    _import(GOOD)
    again = _import(GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    corrected = _import(GOOD.replace("PRJ-1,2025-02,A/G", "PRJ-1,2025-02,A"))
    assert (corrected.created, corrected.updated, corrected.unchanged) == (0, 1, 3)


def test_a_dry_run_changes_nothing(projects):
    result = _import(GOOD, commit=False)
    assert result.ok and not result.committed and result.created == 4
    assert DeliveryStatusMonth.objects.count() == 2  # the two creation months only
    assert set(Project.objects.values_list("delivery_status", flat=True)) == {"G", "A"}


def test_every_bad_cell_is_reported_by_line_and_column_and_nothing_changes(projects):
    bad = (
        "project,period,status\n"
        "PRJ-1,2025-01,G\n"  # line 2: fine
        "NOPE,2025-01,G\n"  # line 3: unknown project
        "PRJ-1,2025-13,G\n"  # line 4: not a month
        "PRJ-1,2025-02,Purple\n"  # line 5: not a status
        "PRJ-1,2099-01,R\n"  # line 6: a month that has not started
        "PRJ-1,2025-01,A\n"  # line 7: line 2 already gave this month
        "PRJ-1,,G\n"  # line 8: missing period
    )
    result = _import(bad)
    found = {(e.line, e.column) for e in result.errors}
    assert found == {
        (3, "project"),
        (4, "period"),
        (5, "status"),
        (6, "period"),
        (7, "period"),
        (8, "period"),
    }
    messages = {(e.line, e.column): e.reason for e in result.errors}
    assert "Unknown project “NOPE”" in messages[(3, "project")]
    assert "YYYY-MM" in messages[(4, "period")]
    assert "not one of: G, AG, A, AR, R" in messages[(5, "status")]
    assert "has not started yet" in messages[(6, "period")]
    assert messages[(7, "period")] == "Line 2 already gives PRJ-1’s status for 2025-01."
    assert not result.committed
    assert DeliveryStatusMonth.objects.count() == 2  # the two creation months only
    assert not AuditEntry.objects.filter(action="portfolio.project.delivery_status_recorded")


def test_missing_columns_are_named():
    result = _import("project,month,status\nPRJ-1,2025-01,G\n")
    assert {(e.line, e.column) for e in result.errors} == {(1, "period"), (1, "month")}


def test_the_sample_file_imports_after_the_projects_sample():
    for kind, name in [("projects", "projects.csv"), ("delivery-status", "delivery-status.csv")]:
        header, rows = read_rows((SAMPLES / name).read_bytes(), name)
        result = get_importer(kind)(by=None).run(header, rows, commit=True)
        assert result.ok, [str(e) for e in result.errors[:5]]
    assert result.created == 140
    his04 = Project.objects.get(code="HIS-04")
    statuses = dict(his04.status_months.values_list("period", "status"))
    assert (statuses["2025-03"], statuses["2025-12"], statuses["2026-02"]) == ("G", "AR", "A")
    assert his04.delivery_status == "A"  # this month's record, from the projects file


def test_a_refused_line_does_not_make_a_later_line_for_its_month_a_duplicate(projects):
    result = _import(
        "project,period,status\n"
        "PRJ-1,2025-01,XX\n"  # refused: not a status
        "PRJ-1,2025-01,G\n"
        "PRJ-1,2099-01,G\n"  # refused: not started
        "PRJ-1,2099-01,A\n"
        "PRJ-1,2025-01,A\n",
        commit=False,
    )
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "status"),
        (4, "period"),
        (5, "period"),
        (6, "period"),
    ]
    reasons = [e.reason for e in result.errors]
    assert "has not started yet" in reasons[1] and "has not started yet" in reasons[2]
    assert "Line 3 already gives PRJ-1’s status for 2025-01." in reasons[3]
