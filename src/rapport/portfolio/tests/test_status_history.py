"""Delivery-status history: one record per project and month, written by one service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rapport.audit.models import AuditEntry
from rapport.portfolio import services
from rapport.portfolio.history import (
    in_force_since,
    month_strip,
    previous_period,
    status_at,
    statuses_at,
)
from rapport.portfolio.models import DeliveryStatusMonth
from rapport.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 5, 14)


def _history(project) -> list[tuple[str, str]]:
    return list(
        DeliveryStatusMonth.objects.filter(project=project)
        .order_by("period")
        .values_list("period", "status")
    )


# --- Pure functions ------------------------------------------------------------------------------

HISTORY = [("2025-03", "G"), ("2025-06", "A"), ("2025-09", "R")]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2025-01", "G"),  # before any record: the earliest known status
        ("2025-03", "G"),
        ("2025-05", "G"),
        ("2025-06", "A"),  # a record holds from its own month
        ("2025-08", "A"),
        ("2025-09", "R"),
        ("2026-12", "R"),
    ],
)
def test_status_at_reads_the_latest_record_at_or_before_the_month(period, expected):
    assert status_at(HISTORY, period, "AG") == expected


def test_status_at_without_history_is_the_default():
    assert status_at([], "2025-05", "AR") == "AR"


def test_statuses_at_walks_sorted_months_as_status_at_reads_each():
    months = ["2025-01", "2025-03", "2025-05", "2025-06", "2025-08", "2025-09", "2026-12"]
    assert statuses_at(HISTORY, months, "AG") == [status_at(HISTORY, m, "AG") for m in months]
    same_month = [("2025-03", "G"), ("2025-03", "R")]  # the later record of a month wins
    assert statuses_at(same_month, ["2025-03"], "AG") == [status_at(same_month, "2025-03", "AG")]
    assert statuses_at([], months[:2], "AR") == ["AR", "AR"]
    with pytest.raises(ValueError, match="sorted"):
        statuses_at(HISTORY, ["2025-06", "2025-01"], "AG")


def test_the_current_status_is_in_force_since_its_unbroken_run_began():
    assert in_force_since([("2026-01", "A"), ("2026-02", "G"), ("2026-03", "G")]) == "2026-02"
    assert in_force_since([("2026-01", "G")]) == "2026-01"
    assert in_force_since([]) is None


def test_previous_period_crosses_the_year():
    assert previous_period("2026-01") == "2025-12"
    assert previous_period("2026-07") == "2026-06"


def test_month_strip_starts_at_the_first_record_and_marks_recorded_months():
    strip = month_strip([("2026-02", "G"), ("2026-04", "A")], "2026-05")
    assert [(m.period, m.status, m.recorded, m.changed) for m in strip] == [
        ("2026-02", "G", True, False),
        ("2026-03", "G", False, False),
        ("2026-04", "A", True, True),
        ("2026-05", "A", False, False),
    ]
    assert len(month_strip([("2020-01", "G")], "2026-05", months=12)) == 12
    assert month_strip([], "2026-05") == []


# --- The service ---------------------------------------------------------------------------------


def test_a_new_project_records_its_status_for_this_month(alice, customer):
    project = services.create_project(
        by=alice, name="Branch app", customer=customer, delivery_status="AG", today=TODAY
    )
    record = DeliveryStatusMonth.objects.get(project=project)
    assert (record.period, record.status, record.recorded_by) == ("2026-05", "AG", alice)


def test_a_change_in_the_console_is_recorded_for_this_month_with_who(alice, customer):
    project = services.create_project(by=alice, name="Branch app", customer=customer)
    diff = services.update_project(project, by=alice, delivery_status="R", complexity=4)
    this_month = services.period_of(timezone.localdate())
    assert diff["delivery_status"] == ["G", "R"] and diff["complexity"] == [3, 4]
    assert _history(project) == [(this_month, "R")]
    project.refresh_from_db()
    assert project.delivery_status == "R"
    entry = AuditEntry.objects.get(action="portfolio.project.delivery_status_recorded")
    assert entry.actor == alice
    assert entry.changes == {
        "period": this_month,
        "delivery_status": ["G", "R"],
        "current": ["G", "R"],
    }


def test_saving_the_same_status_records_nothing(alice, customer):
    project = services.create_project(by=alice, name="Branch app", customer=customer)
    diff = services.update_project(project, by=alice, delivery_status="G")
    assert diff == {}
    assert DeliveryStatusMonth.objects.count() == 1
    assert not AuditEntry.objects.filter(action__contains="delivery_status").exists()


def test_a_project_without_history_keeps_its_old_status_for_the_months_before(alice, customer):
    # A project made before the history existed (or by a factory): no record at all.
    project = ProjectFactory(customer=customer, delivery_status="AG")
    assert services.set_delivery_status(project, "R", by=alice, today=TODAY) == "created"
    assert _history(project) == [("2026-04", "AG"), ("2026-05", "R")]
    assert status_at(_history(project), "2025-11", None) == "AG"


def test_a_past_month_for_a_project_without_history_keeps_todays_status(alice, customer):
    project = ProjectFactory(customer=customer, delivery_status="A")
    services.set_delivery_status(project, "G", by=alice, period="2025-06", today=TODAY)
    project.refresh_from_db()
    assert project.delivery_status == "A"
    assert _history(project) == [("2025-06", "G"), ("2026-05", "A")]


def test_recording_an_earlier_month_corrects_history_not_today(alice, customer):
    project = services.create_project(
        by=alice, name="Branch app", customer=customer, delivery_status="A", today=TODAY
    )
    outcome = services.set_delivery_status(project, "R", by=alice, period="2026-01", today=TODAY)
    assert outcome == "created"
    project.refresh_from_db()
    assert project.delivery_status == "A"
    assert _history(project) == [("2026-01", "R"), ("2026-05", "A")]


def test_the_latest_recorded_month_becomes_the_current_status(alice, customer):
    project = services.create_project(
        by=alice, name="Branch app", customer=customer, today=dt.date(2026, 1, 10)
    )
    services.set_delivery_status(project, "A", by=alice, period="2026-02", today=TODAY)
    project.refresh_from_db()
    assert project.delivery_status == "A"
    # The same month again, another status: the month's record is updated, not doubled.
    assert (
        services.set_delivery_status(project, "AR", by=alice, period="2026-02", today=TODAY)
        == "updated"
    )
    assert (
        services.set_delivery_status(project, "AR", by=alice, period="2026-02", today=TODAY)
        == "unchanged"
    )
    project.refresh_from_db()
    assert project.delivery_status == "AR"
    assert _history(project) == [("2026-01", "G"), ("2026-02", "AR")]


@pytest.mark.parametrize(
    ("status", "period", "field", "message"),
    [
        ("X", "2026-01", "delivery_status", "not a delivery status"),
        ("A/G", "2026-01", "delivery_status", "not a delivery status"),  # labels: forms map them
        ("G", "2026-13", "period", "YYYY-MM"),
        ("G", "26-01", "period", "YYYY-MM"),
        ("G", "2026-06", "period", "has not started yet"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(alice, customer, status, period, field, message):
    project = ProjectFactory(customer=customer, delivery_status="G")
    with pytest.raises(ValidationError) as caught:
        services.set_delivery_status(project, status, by=alice, period=period, today=TODAY)
    assert message in " ".join(caught.value.message_dict[field])
    project.refresh_from_db()
    assert project.delivery_status == "G"
    assert not DeliveryStatusMonth.objects.exists()
    assert not AuditEntry.objects.exists()
