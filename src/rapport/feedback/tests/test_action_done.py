"""The last step of the loop: an action finished after the summary is told to the customer
(one email per person and day, in their language, with a "did this fix it?" link), and the
next agenda says whether they confirmed it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from rapport.feedback import services
from rapport.feedback.agenda import agenda_for
from rapport.feedback.models import (
    Action,
    OutboxKind,
    OutboxMessage,
    OutboxState,
)
from rapport.feedback.services import actions as action_services
from rapport.feedback.tasks import deliver_due

pytestmark = pytest.mark.django_db


def _closed_march(project, carol, capture, *, confidentiality: str = "attributed"):
    """March's review, closed with one issue and two actions still open."""
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    if confidentiality != "attributed":
        cycle.confidentiality = confidentiality
        cycle.save(update_fields=["confidentiality"])
    services.record_meeting(cycle, by=carol, held_on=dt.date(2026, 3, 15), scores={"overall": 6})
    issue = services.raise_issue(cycle, by=carol, text="We hear about delays too late")
    first = services.add_action(
        cycle, by=carol, title="Weekly delay note", due=dt.date(2026, 4, 10), issue=issue
    )
    second = services.add_action(
        cycle, by=carol, title="Delay page on the intranet", due=dt.date(2026, 4, 20), issue=issue
    )
    services.agree_actions(cycle, by=carol)
    with capture(execute=True):
        services.close_cycle(cycle, by=carol)
    return cycle, first, second


def _customer(outbox) -> list:
    """The emails to the customer's people (alerts to the PMO may go out too)."""
    return [m for m in outbox if m.to[0].endswith("@retail.test")]


def _confirm_path(body: str) -> list[str]:
    return re.findall(r"http://testserver(/s/fixed/[^\s\"<]+/)", body)


def test_an_action_done_after_the_summary_is_told_with_its_confirm_link(
    client, project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks
):
    _, first, _ = _closed_march(project, carol, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(first, by=carol, status="done")
    assert sorted(m.to[0] for m in _customer(mailoutbox)) == [
        "olivia@retail.test",
        "remi@retail.test",
    ]
    english = next(m for m in mailoutbox if m.to[0] == "olivia@retail.test")
    french = next(m for m in mailoutbox if m.to[0] == "remi@retail.test")
    assert english.subject == "Done: what we changed on Branch booking after your review"
    assert "Hello Olivia Walker" in english.body and "Weekly delay note" in english.body
    assert "Delay page on the intranet" not in english.body  # still open: not told as done
    assert "Did this fix it? Tell us" in english.body
    assert "Bonjour Rémi Durand" in french.body and "Cela a-t-il réglé" in french.body
    html = english.alternatives[0][0]
    assert "What we have done" in html and "/s/fixed/" in html
    row = OutboxMessage.objects.get(to_email="olivia@retail.test", kind=OutboxKind.ACTION_DONE)
    assert row.state == OutboxState.SENT and list(row.actions.all()) == [first]
    first.refresh_from_db()
    assert first.customer_told_done_at is not None

    # The customer follows the link and confirms; April's agenda says so.
    (path,) = _confirm_path(english.body)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    first.refresh_from_db()
    assert first.customer_confirmed_at is not None
    april = services.plan_cycle(project, "2026-04", by=carol, mode="meeting")
    items = agenda_for(april)[0].items
    assert any(
        i.startswith("Weekly delay note — done") and "the customer confirmed it fixed" in i
        for i in items
    ), items
    assert any(i.startswith("Delay page on the intranet — due 2026-04-20, open") for i in items)


def test_the_agenda_says_when_the_customer_has_not_confirmed(
    project, carol, feedback_givers, django_capture_on_commit_callbacks
):
    _, first, _ = _closed_march(project, carol, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(first, by=carol, status="done")
    april = services.plan_cycle(project, "2026-04", by=carol, mode="meeting")
    items = agenda_for(april)[0].items
    assert any("Weekly delay note — done" in i and "not confirmed" in i for i in items), items


def test_one_email_per_person_and_day(
    project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks
):
    """Run inline (no worker), the first action goes at once; one finished later the same day
    waits for tomorrow's run of the schedule, so nobody gets two such emails in a day."""
    _, first, second = _closed_march(project, carol, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(first, by=carol, status="done")
        services.set_action_status(second, by=carol, status="done")
    assert len(_customer(mailoutbox)) == 2  # one each, with both actions
    assert all(
        "Weekly delay note" in m.body and "Delay page" in m.body for m in _customer(mailoutbox)
    )

    third = services.add_action(
        services.plan_cycle(project, "2026-04", by=carol, mode="meeting"),
        by=carol,
        title="Call Olivia each Friday",
        due=dt.date(2026, 5, 1),
        issue=first.issue,
    )
    Action.objects.filter(pk=third.pk).update(cycle=first.cycle)  # an action of March's review
    third.refresh_from_db()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(third, by=carol, status="done")
    assert _customer(mailoutbox) == []  # today's email went already
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.tell_customer_done(now=timezone.now() + dt.timedelta(days=1))
    assert sent == 2
    assert all("Call Olivia each Friday" in m.body for m in _customer(mailoutbox))
    assert all("Weekly delay note" not in m.body for m in _customer(mailoutbox))


def test_actions_done_close_together_share_one_waiting_email(
    project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    """With a worker that defers, the email waits a few minutes and gathers what is finished."""
    monkeypatch.setattr(action_services, "_batch_delay", lambda: dt.timedelta(minutes=10))
    _, first, second = _closed_march(project, carol, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(first, by=carol, status="done")
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(second, by=carol, status="done")
    assert _customer(mailoutbox) == []
    assert OutboxMessage.objects.filter(kind=OutboxKind.ACTION_DONE).count() == 2
    deliver_due(now=timezone.now() + dt.timedelta(minutes=11))
    assert len(_customer(mailoutbox)) == 2
    assert all(
        "Weekly delay note" in m.body and "Delay page" in m.body for m in _customer(mailoutbox)
    )


def test_a_reopened_action_is_not_told_and_an_empty_email_is_never_sent(
    project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(action_services, "_batch_delay", lambda: dt.timedelta(minutes=10))
    _, first, _ = _closed_march(project, carol, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(first, by=carol, status="done")
        services.set_action_status(first, by=carol, status="in_progress")
    deliver_due(now=timezone.now() + dt.timedelta(minutes=11))
    assert _customer(mailoutbox) == []
    assert set(
        OutboxMessage.objects.filter(kind=OutboxKind.ACTION_DONE).values_list("state", flat=True)
    ) == {OutboxState.CANCELLED}


def test_an_action_done_before_the_close_is_in_the_summary_only(
    project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks
):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    services.record_meeting(cycle, by=carol, held_on=dt.date(2026, 3, 15), scores={"overall": 6})
    issue = services.raise_issue(cycle, by=carol, text="Invoices arrive late")
    action = services.add_action(
        cycle, by=carol, title="Send invoices on the 1st", due=dt.date(2026, 3, 30), issue=issue
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(action, by=carol, status="done")
    assert _customer(mailoutbox) == []  # its review is still open: the summary will say it
    services.agree_actions(cycle, by=carol)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_cycle(cycle, by=carol)
    assert len(_customer(mailoutbox)) == 2
    assert all(_confirm_path(m.body) for m in _customer(mailoutbox))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.tell_customer_done(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert _customer(mailoutbox) == []


def test_a_summary_never_has_an_empty_section(
    project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks
):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    services.record_meeting(cycle, by=carol, held_on=dt.date(2026, 3, 15), scores={"overall": 8})
    services.agree_actions(cycle, by=carol)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_cycle(cycle, by=carol)
    english = next(m for m in mailoutbox if m.to[0] == "olivia@retail.test")
    assert "What we are doing" not in english.body
    assert "What we are doing" not in english.alternatives[0][0]
    assert "You raised no new issues this month." in english.body


def test_in_an_anonymous_review_every_feedback_giver_hears_and_nobody_is_named(
    project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks
):
    _, first, _ = _closed_march(
        project, carol, django_capture_on_commit_callbacks, confidentiality="anonymous"
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(first, by=carol, status="done")
    assert sorted(m.to[0] for m in _customer(mailoutbox)) == [
        "olivia@retail.test",
        "remi@retail.test",
    ]
    english = next(m for m in mailoutbox if m.to[0] == "olivia@retail.test")
    assert "Rémi" not in english.body and "Rémi" not in english.alternatives[0][0]


def test_the_schedule_tells_customers(project, carol, feedback_givers, mailoutbox):
    from rapport.feedback.schedule import SCHEDULE

    assert "tell-customers" in SCHEDULE
