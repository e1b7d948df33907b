"""Meeting and call mode: agenda with carried-over actions, live scores, minutes, calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from rapport.feedback import services
from rapport.feedback.agenda import agenda_for
from rapport.feedback.models import CycleState, Meeting, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_cycle(project, carol, feedback_givers):
    cycle = services.plan_cycle(project, "2026-04", by=carol, mode="meeting")
    services.open_cycle(cycle, by=carol)
    return cycle


def test_agenda_carries_over_last_months_open_actions(project, carol, meeting_cycle):
    march = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    services.record_meeting(march, by=carol, held_on=dt.date(2026, 3, 15), scores={"overall": 6})
    services.add_action(march, by=carol, title="Fix the booking form", due=dt.date(2026, 4, 30))
    done = services.add_action(march, by=carol, title="Send the plan", due=dt.date(2026, 3, 30))
    services.set_action_status(done, by=carol, status="done")
    agenda = agenda_for(meeting_cycle)
    titles = [s.title for s in agenda]
    assert titles == [
        "Last month's actions",
        "This month's scores and comments",
        "New issues",
        "Prioritize with the customer",
        "Agree actions",
        "What would make it a 10?",
    ]
    assert any("Fix the booking form" in item for item in agenda[0].items)
    # A done action is not carried over; the agenda says it is done and not yet confirmed.
    assert not any(item.startswith("Send the plan — due") for item in agenda[0].items)
    assert any(
        item.startswith("Send the plan — done") and "not been told" in item
        for item in agenda[0].items
    )


def test_scores_agreed_live_are_a_meeting_response(client, carol, meeting_cycle):
    client.force_login(carol)
    page = client.get(f"/reviews/{meeting_cycle.pk}/meeting/").content.decode()
    assert "Last month&#x27;s actions" in page or "Last month's actions" in page
    result = client.post(
        f"/reviews/{meeting_cycle.pk}/meeting/",
        {
            "held_on": "2026-04-14",
            "source": "call",
            "attendees": "Olivia Walker\nCarol Manager",
            "minutes": "Agreed to send weekly notes.",
            "score_overall": "7",
            "score_reliability": "6",
            "comment": "Fewer surprises",
        },
    )
    assert result.status_code == 302
    response = Response.objects.get(cycle=meeting_cycle)
    assert response.source == "call" and response.scores == {"overall": 7, "reliability": 6}
    assert response.comment == "Fewer surprises" and response.stakeholder is None
    meeting = Meeting.objects.get(cycle=meeting_cycle)
    assert meeting.attendees.splitlines() == ["Olivia Walker", "Carol Manager"]
    assert meeting.agenda and meeting.agenda[0]["title"] == "Last month's actions"
    meeting_cycle.refresh_from_db()
    assert meeting_cycle.state == CycleState.DISCUSSED
    # Recording it again updates the same response.
    client.post(
        f"/reviews/{meeting_cycle.pk}/meeting/",
        {"held_on": "2026-04-14", "source": "call", "score_overall": "8"},
    )
    assert Response.objects.filter(cycle=meeting_cycle).count() == 1


def test_meeting_invitation_carries_the_recurring_calendar(
    project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks
):
    cycle = services.plan_cycle(project, "2026-04", by=carol, mode="meeting")
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle, by=carol)
    assert len(mailoutbox) == 2
    name, content, mimetype = mailoutbox[0].attachments[0]
    assert name == "monthly-review.ics" and mimetype == "text/calendar"
    assert "Answer the review" not in mailoutbox[0].body  # meetings send no survey link
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["RRULE"]["FREQ"] == ["MONTHLY"]


def test_calendar_download(client, erin, meeting_cycle):
    client.force_login(erin)
    response = client.get(f"/reviews/{meeting_cycle.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"RRULE:FREQ=MONTHLY" in response.content
    assert b"Monthly review: Branch booking" in response.content
