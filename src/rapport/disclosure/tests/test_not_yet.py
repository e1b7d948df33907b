"""Nothing is released before it is over: asking for a later day (a report for a month that has
not started) reads what is released today."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rapport.disclosure.release import load_partition
from rapport.reports.content.common import parse_period
from rapport.testing.factories import (
    CustomerFactory,
    ProjectFactory,
    ResponseFactory,
    ReviewCycleFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def _month_after_this_quarter() -> dt.date:
    today = timezone.localdate()
    last = (today.month - 1) // 3 * 3 + 3
    year, month = (today.year + 1, 1) if last == 12 else (today.year, last + 1)
    return dt.date(year, month, 28)


def test_a_running_quarter_is_not_released_for_a_later_day():
    customer = CustomerFactory(name="Harbour", feedback_culture="confidential")
    people = [StakeholderFactory(customer=customer) for _ in range(6)]
    period = timezone.localdate().strftime("%Y-%m")
    for project_people in (people[:3], people[3:]):  # 3 + 3 people: under k in each round
        cycle = ReviewCycleFactory(
            project=ProjectFactory(customer=customer),
            period=period,
            state="closed",
            confidentiality="confidential",
        )
        for person in project_people:
            ResponseFactory(cycle=cycle, stakeholder=person, scores={"overall": 8, "value": 8})
    later = load_partition([customer.pk], today=_month_after_this_quarter())
    assert later.released() == [] and load_partition([customer.pk]).released() == []


def test_a_report_for_a_month_not_started_is_refused():
    today = timezone.localdate()
    assert parse_period(f"{today:%Y-%m}") == f"{today:%Y-%m}"
    later = _month_after_this_quarter()
    with pytest.raises(ValidationError, match="has not started yet"):
        parse_period(f"{later:%Y-%m}")
