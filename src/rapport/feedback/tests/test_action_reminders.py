"""Once a week, each owner of corrective actions is told what is due: one email, in their
language, with the actions overdue or due within a week, written when it is sent."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from rapport.catalogs import CONSOLE_LANGUAGES
from rapport.feedback import services
from rapport.feedback.models import OutboxKind, OutboxMessage, OutboxState
from rapport.feedback.schedule import run_all
from rapport.feedback.services.action_reminders import queue_action_reminders
from rapport.feedback.tasks import deliver_due
from rapport.testing.console import english

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(project, carol, bob):
    today = timezone.localdate()
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")

    def add(title, days, owner):
        return services.add_action(
            cycle, by=carol, title=title, due=today + dt.timedelta(days=days), owner=owner
        )

    actions = {
        "late": add("Weekly delay note", -3, carol),
        "soon": add("Delay page", 3, carol),
        "far": add("Quarterly survey of the branches", 30, carol),
        "done": add("Kick-off recap", -10, carol),
        "bobs": add("Name a backup for sign-off", 1, bob),
    }
    services.set_action_status(actions["done"], by=carol, status="done")
    return actions


def _reminders():
    return [m for m in mail.outbox if "corrective action" in m.subject]


def _send(django_capture_on_commit_callbacks, today=None):
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue_action_reminders(today)
    deliver_due()
    return queued


def test_each_owner_gets_what_is_due_once_a_week(
    django_capture_on_commit_callbacks, due, carol, bob
):
    assert _send(django_capture_on_commit_callbacks) == 2
    by_person = {m.to[0]: m for m in _reminders()}
    assert set(by_person) == {carol.email, bob.email}
    carols = by_person[carol.email]
    assert carols.subject == "[Rapport] 2 corrective actions to do, 1 overdue"
    text = carols.body
    assert "Weekly delay note" in text and "3 days late" in text and "Delay page" in text
    assert "Quarterly survey" not in text and "Kick-off recap" not in text
    assert text.index("Weekly delay note") < text.index("Delay page")  # the soonest due first
    assert "/reviews/actions/?mine=on" in text and f"/reviews/{due['late'].cycle_id}/" in text
    assert "untick them on your profile" in text and "/accounts/profile/" in text
    html = carols.alternatives[0][0]
    assert "Open my actions" in html and "3 days late" in html
    assert "List-Unsubscribe" not in carols.extra_headers  # colleagues, about their own work
    assert by_person[bob.email].subject == "[Rapport] 1 corrective action due this week"
    # The schedule runs every day: the same week sends nothing more, the next week again.
    assert _send(django_capture_on_commit_callbacks) == 0 and len(_reminders()) == 2
    assert run_all(["remind-action-owners"]) == {"remind-action-owners": 0}
    next_week = timezone.localdate() + dt.timedelta(days=7)
    assert _send(django_capture_on_commit_callbacks, next_week) == 2


def test_written_in_the_owners_language(django_capture_on_commit_callbacks, due, carol):
    carol.language = "fr"
    carol.save()
    _send(django_capture_on_commit_callbacks)
    french = next(m for m in mail.outbox if m.to == [carol.email])
    assert french.subject == "[Rapport] 2 actions correctives à faire, dont 1 en retard"
    assert "3 jours de retard" in french.body


def test_an_action_finished_before_the_email_goes_drops_out(
    django_capture_on_commit_callbacks, due, carol, bob
):
    queue_action_reminders()  # queued, not yet sent (no commit callbacks ran)
    services.set_action_status(due["bobs"], by=bob, status="done")
    services.set_action_status(due["soon"], by=carol, status="in_progress")
    deliver_due()
    assert [m.to[0] for m in _reminders()] == [carol.email]
    bobs = OutboxMessage.objects.get(kind=OutboxKind.ACTION_REMINDER, to_email=bob.email)
    assert bobs.state == OutboxState.CANCELLED and bobs.last_error == "Nothing is due any more"


def test_nobody_who_left_and_nothing_when_turned_off(
    django_capture_on_commit_callbacks, due, carol, bob, settings
):
    bob.is_active = False
    bob.save()
    assert _send(django_capture_on_commit_callbacks) == 1
    assert [m.to[0] for m in _reminders()] == [carol.email]
    settings.RAPPORT_ACTION_REMINDERS = False
    next_week = timezone.localdate() + dt.timedelta(days=7)
    assert _send(django_capture_on_commit_callbacks, next_week) == 0


def test_a_sponsor_who_owns_an_action_gets_links_they_can_open_and_no_words_in_confidence(
    django_capture_on_commit_callbacks, project, carol, erin
):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    cycle.confidentiality = "confidential"
    cycle.save(update_fields=["confidentiality"])
    services.add_action(
        cycle, by=carol, title="Escalate the budget", due=timezone.localdate(), owner=erin
    )
    _send(django_capture_on_commit_callbacks)
    email = next(m for m in mail.outbox if m.to == [erin.email])
    assert "Escalate the budget" not in email.body and "(words said in confidence)" in email.body
    assert f"/reviews/{cycle.pk}/" in email.body  # the review page, which a sponsor reads
    assert "/reviews/actions/" not in email.body  # the actions list is for those who run reviews


@pytest.mark.parametrize("language", CONSOLE_LANGUAGES)
def test_no_english_is_left_in_any_console_language(
    django_capture_on_commit_callbacks, due, carol, language
):
    carol.language = language
    carol.save()
    _send(django_capture_on_commit_callbacks)
    email = next(m for m in mail.outbox if m.to == [carol.email])
    # What the email says, without the action titles and the project (stored data) or links.
    said = email.subject + "\n" + email.body
    for data in ("Weekly delay note", "Delay page", carol.full_name, "Branch booking"):
        said = said.replace(data, "")
    said = re.sub(r"https?://\S+", "", said)
    assert english(language).findall(said) == [], said
