"""The recurring monthly review as a calendar invitation (.ics, RRULE FREQ=MONTHLY)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from icalendar import Calendar, Event, vRecur

from rapport.feedback.models import ReviewCycle


def first_meeting_day(cycle: ReviewCycle) -> dt.date:
    """The meeting's date if held, else a week before the cycle's deadline (or the 15th)."""
    meeting = getattr(cycle, "meeting", None) if cycle.pk else None
    if meeting is not None:
        return meeting.held_on
    if cycle.deadline:
        return cycle.deadline - dt.timedelta(days=7)
    year, month = (int(x) for x in cycle.period.split("-"))
    return dt.date(year, month, 15)


def monthly_rule(day: dt.date) -> vRecur:
    """The same day each month, moved to the month's last day when the month is shorter.

    Days 1–28 exist in every month: BYMONTHDAY=day. From the 29th, the rule lists the days from
    28 to ``day`` and keeps the last of them that the month has (BYSETPOS=-1): the 30th is the
    30th, or 29 February in a leap year, or the 28th. So every month has exactly one meeting and
    ``day`` itself (the invite's DTSTART) is always an occurrence.
    """
    if day.day <= 28:
        return vRecur(freq="MONTHLY", bymonthday=day.day)
    return vRecur(freq="MONTHLY", bymonthday=list(range(28, day.day + 1)), bysetpos=-1)


def calendar_bytes(cycle: ReviewCycle, *, minutes: int = 30, language: str = "en") -> bytes:
    """The calendar file, its title and description in ``language`` (the stakeholder's)."""
    from rapport.feedback.words import strings

    s = strings(language)
    project = cycle.project
    day = first_meeting_day(cycle)
    start = dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)
    cal = Calendar()
    cal.add("prodid", "-//Rapport//Monthly review//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    # A stable UID per project: calendars update the one recurring event instead of adding more.
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "rapport"
    event.add("uid", f"rapport-monthly-review-{project.pk}@{host}")
    event.add("summary", s["calendar_summary"].format(project=project.name))
    event.add("description", s["calendar_description"])
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=minutes))
    event.add("dtstamp", dt.datetime.now(tz=dt.UTC))
    event.add("rrule", monthly_rule(day))
    cal.add_component(event)
    return cal.to_ical()
