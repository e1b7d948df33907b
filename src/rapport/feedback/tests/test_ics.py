"""The recurring calendar invite agrees with itself: DTSTART is an occurrence of the RRULE, and
the rule gives exactly one meeting every month, on the same day or the month's last day."""

from __future__ import annotations

import calendar as cal
import datetime as dt
from itertools import islice

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from rapport.feedback import services
from rapport.feedback.ics import calendar_bytes, first_meeting_day


def _expand(content: bytes, count: int) -> tuple[dt.datetime, list[dt.datetime]]:
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    return start, list(islice(rule, count))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 4, 15),
        dt.date(2026, 1, 28),
        dt.date(2026, 1, 29),
        dt.date(2026, 1, 30),
        dt.date(2026, 1, 31),
        dt.date(2026, 4, 30),  # the last day of a 30-day month
        dt.date(2026, 3, 29),
        dt.date(2026, 2, 28),  # the last day of February
        dt.date(2028, 2, 29),  # leap day
        dt.date(2027, 12, 31),  # across a year end into a leap February
    ],
)
def test_the_first_occurrence_is_dtstart_and_every_month_has_one(project, carol, day):
    cycle = services.plan_cycle(project, f"{day:%Y-%m}", by=carol, mode="meeting")
    cycle.deadline = day + dt.timedelta(days=7)
    assert first_meeting_day(cycle) == day
    start, occurrences = _expand(calendar_bytes(cycle), 26)
    assert start.date() == day
    assert occurrences[0] == start
    month = (day.year, day.month)
    for occurrence in occurrences:
        last = cal.monthrange(*month)[1]
        assert (occurrence.year, occurrence.month) == month, occurrences
        assert occurrence.day == min(day.day, last)
        assert occurrence.time() == start.time()
        month = (month[0] + month[1] // 12, month[1] % 12 + 1)


@pytest.mark.django_db
def test_late_month_rules_clamp_to_the_month_end(project, carol):
    cycle = services.plan_cycle(project, "2026-01", by=carol, mode="meeting")
    cycle.deadline = dt.date(2026, 1, 30) + dt.timedelta(days=7)
    event = Calendar.from_ical(calendar_bytes(cycle)).walk("VEVENT")[0]
    assert event["RRULE"]["BYMONTHDAY"] == [28, 29, 30]
    assert event["RRULE"]["BYSETPOS"] == [-1]
    _, occurrences = _expand(calendar_bytes(cycle), 3)
    assert [o.date() for o in occurrences] == [
        dt.date(2026, 1, 30),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 30),
    ]
