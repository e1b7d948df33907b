"""The closing summary and the "action done" email quote an issue raised in confidence only to
the person who raised it; the others are told how many points there were, never the words."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.feedback import services
from rapport.testing.factories import ResponseFactory

pytestmark = pytest.mark.django_db

OWN = "My team waits two weeks for every decision"
ROOM = "We hear about delays too late"


def _close(project, carol, feedback_givers, capture, *, confidentiality: str):
    olivia = feedback_givers[0]
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    cycle.confidentiality = confidentiality
    cycle.save(update_fields=["confidentiality"])
    services.record_meeting(cycle, by=carol, held_on=dt.date(2026, 3, 15), scores={"overall": 6})
    answer = ResponseFactory(
        cycle=cycle, stakeholder=olivia if confidentiality != "anonymous" else None
    )
    own = services.raise_issue(cycle, by=carol, text=OWN, response=answer)
    services.raise_issue(cycle, by=carol, text=ROOM)
    action = services.add_action(
        cycle, by=carol, title="Decision day every Tuesday", due=dt.date(2026, 4, 10), issue=own
    )
    services.agree_actions(cycle, by=carol)
    with capture(execute=True):
        services.close_cycle(cycle, by=carol)
    return action


def _to(outbox, email):
    return next(m for m in outbox if m.to[0] == email)


def test_a_confidential_summary_quotes_each_person_only_their_own_words(
    project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks
):
    action = _close(
        project,
        carol,
        feedback_givers,
        django_capture_on_commit_callbacks,
        confidentiality="confidential",
    )
    olivia, remi = _to(mailoutbox, "olivia@retail.test"), _to(mailoutbox, "remi@retail.test")
    # Olivia raised the first point in her own answer: she reads it, not the other one.
    assert OWN in olivia.body and ROOM not in olivia.body
    assert "Points raised in confidence, not quoted here: 1." in olivia.body
    # Rémi reads neither, in French, and still learns what we are doing.
    assert OWN not in remi.body and ROOM not in remi.body
    assert "non cités ici : 2." in remi.body and "Decision day every Tuesday" in remi.body
    for mail in (olivia, remi):
        assert OWN not in mail.alternatives[0][0] or mail is olivia
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_action_status(action, by=carol, status="done")
    olivia, remi = _to(mailoutbox, "olivia@retail.test"), _to(mailoutbox, "remi@retail.test")
    assert OWN in olivia.body and OWN not in remi.body
    assert OWN not in remi.alternatives[0][0] and "Decision day every Tuesday" in remi.body


def test_an_anonymous_summary_quotes_no_one_and_an_open_one_everyone(
    project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks
):
    _close(
        project,
        carol,
        feedback_givers,
        django_capture_on_commit_callbacks,
        confidentiality="anonymous",
    )
    for email in ("olivia@retail.test", "remi@retail.test"):
        body = _to(mailoutbox, email).body
        assert OWN not in body and ROOM not in body
    assert (
        "Points raised in confidence, not quoted here: 2."
        in _to(mailoutbox, "olivia@retail.test").body
    )


def test_an_open_summary_quotes_every_point_to_everyone(
    project, carol, feedback_givers, mailoutbox, django_capture_on_commit_callbacks
):
    _close(
        project,
        carol,
        feedback_givers,
        django_capture_on_commit_callbacks,
        confidentiality="attributed",
    )
    for email in ("olivia@retail.test", "remi@retail.test"):
        body = _to(mailoutbox, email).body
        assert OWN in body and ROOM in body and "not quoted" not in body
