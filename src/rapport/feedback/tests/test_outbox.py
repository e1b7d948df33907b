"""The outbox: one worker per message at a time, retries with backoff reusing the Message-ID,
no blind resend after a crash (the claim lease)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from rapport.feedback import services, tasks
from rapport.feedback.models import InvitationLink, OutboxKind, OutboxMessage, OutboxState

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_cycle(project, feedback_givers, carol):
    """An opened email cycle whose messages are queued but not sent (no commit callbacks run)."""
    project.customer.preferred_channel = "email"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-03", by=carol)
    services.open_cycle(cycle, by=carol)
    assert OutboxMessage.objects.filter(state=OutboxState.QUEUED).count() == 2
    return cycle


def test_a_worker_killed_mid_batch_sends_no_duplicates_when_restarted(queued_cycle, mailoutbox):
    first, second = OutboxMessage.objects.order_by("pk")
    # The worker sent the first message, then handed the second to the server and died before
    # marking it sent.
    assert tasks.deliver(first.pk) == "sent"
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    claimed = OutboxMessage.objects.filter(pk=second.pk, state=OutboxState.QUEUED).update(
        state=OutboxState.SENDING, claimed_at=hour_ago, handed_at=hour_ago
    )
    assert claimed == 1 and len(mailoutbox) == 1
    # A restarted worker (and a duplicate enqueue of both ids) sends nothing twice.
    result = tasks.deliver_due()
    assert tasks.deliver(first.pk) == "not claimed"
    assert tasks.deliver(second.pk) == "not claimed"
    assert len(mailoutbox) == 1
    second.refresh_from_db()
    assert second.state == OutboxState.NEEDS_CHECK and result["needs_check"] == 1
    assert "check with the recipient" in second.last_error


def test_two_workers_racing_for_one_message_send_it_once(queued_cycle, mailoutbox):
    message = OutboxMessage.objects.order_by("pk").first()
    assert [tasks.deliver(message.pk), tasks.deliver(message.pk)] == ["sent", "not claimed"]
    assert len(mailoutbox) == 1


def test_the_same_email_is_never_queued_twice(queued_cycle):
    invitation = queued_cycle.invitations.first()
    again = services.queue_message(
        OutboxKind.INVITATION,
        to_email=invitation.email,
        dedupe_key=f"invitation:{invitation.pk}",
        invitation=invitation,
        cycle=queued_cycle,
    )
    assert again is None and OutboxMessage.objects.count() == 2


def test_a_failed_send_is_retried_with_backoff_and_its_link_revoked(queued_cycle, mailoutbox):
    message = OutboxMessage.objects.order_by("pk").first()
    now = timezone.now()
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")):
        assert tasks.deliver(message.pk, now=now) == "retry"
    message.refresh_from_db()
    assert message.state == OutboxState.QUEUED and message.attempts == 1
    assert message.next_attempt_at == now + tasks.backoff(1) and "down" in message.last_error
    assert InvitationLink.objects.get().revoked
    # Not due yet: nothing happens; once due, it is sent.
    assert tasks.deliver(message.pk, now=now) == "not claimed"
    assert tasks.deliver(message.pk, now=now + dt.timedelta(minutes=2)) == "sent"
    assert len(mailoutbox) == 1
    assert tasks.backoff(3) > tasks.backoff(2) > tasks.backoff(1)


def test_a_message_gives_up_after_the_last_attempt(queued_cycle):
    message = OutboxMessage.objects.order_by("pk").first()
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=tasks.MAX_ATTEMPTS - 1)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("x")):
        assert tasks.deliver(message.pk) == "failed"


def test_requeue_after_a_manual_check(
    queued_cycle, alice, mailoutbox, django_capture_on_commit_callbacks
):
    message = OutboxMessage.objects.order_by("pk").first()
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.NEEDS_CHECK)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.requeue(message, by=alice)
    message.refresh_from_db()
    assert message.state == OutboxState.SENT and len(mailoutbox) == 1


def test_bounced_and_unsubscribed_addresses_are_respected(queued_cycle, mailoutbox):
    services.record_suppression("OLIVIA@retail.test", "bounce")
    assert tasks.deliver_due() == {"needs_check": 0, "sent": 1}
    assert [m.to for m in mailoutbox] == [["remi@retail.test"]]
    assert OutboxMessage.objects.get(to_email="olivia@retail.test").state == OutboxState.CANCELLED


def test_opt_out_link_records_a_suppression_only_on_post(client, email_cycle, mailoutbox):
    import re

    from rapport.feedback.models import Suppression

    url = re.search(r"http://testserver(/s/unsubscribe/[^\s]+/)", mailoutbox[0].body).group(1)
    assert client.get(url).status_code == 200 and not Suppression.objects.exists()
    client.post(url)
    assert Suppression.objects.get().reason == "opt_out"


def test_recipients_without_address_or_oneself_are_refused(project, carol, mailoutbox):
    from rapport.testing.factories import ProjectStakeholderFactory, StakeholderFactory

    nobody = StakeholderFactory(customer=project.customer, name="No Mail", email="")
    me = StakeholderFactory(customer=project.customer, name="Carol Herself", email="CAROL@pmo.test")
    ok = StakeholderFactory(customer=project.customer, name="Fine", email="fine@retail.test")
    for s in (nobody, me, ok):
        ProjectStakeholderFactory(project=project, stakeholder=s)
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    problems = dict((s.name, p) for s, p in services.recipients(cycle, carol.email))
    assert problems == {
        "Carol Herself": "is you: Rapport does not send reviews to the person sending them",
        "Fine": "",
        "No Mail": "has no email address",
    }
    invitations = services.open_cycle(cycle, by=carol)
    assert [i.email for i in invitations] == ["fine@retail.test"]


def test_preview_shows_every_email_before_opening(client, project, feedback_givers, carol):
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="email")
    client.force_login(carol)
    page = client.get(f"/reviews/{cycle.pk}/open/").content.decode()
    assert "Two minutes on Branch booking this month?" in page
    assert "Deux minutes sur Branch booking ce mois-ci ?" in page
    assert "/s/preview-link/" in page  # the link is shown, as a placeholder
    assert OutboxMessage.objects.count() == 0


def test_suppress_email_command_records_a_bounce(stakeholder):
    from django.core.management import call_command

    from rapport.feedback.models import Suppression

    call_command("suppress_email", "Olivia.Walker@retail.test", reason="bounce")
    row = Suppression.objects.get()
    assert row.stakeholder == stakeholder and row.reason == "bounce"


@pytest.mark.parametrize(("minutes", "flagged"), [(4, False), (6, True)])
def test_a_claim_left_by_a_dead_worker_is_flagged_within_the_lease(
    queued_cycle, mailoutbox, settings, minutes, flagged
):
    settings.RAPPORT_OUTBOX_LEASE_MINUTES = 5
    first, second = OutboxMessage.objects.order_by("pk")
    then = timezone.now() - dt.timedelta(minutes=minutes)
    OutboxMessage.objects.filter(pk=first.pk).update(
        state=OutboxState.SENDING, claimed_at=then, handed_at=then
    )
    # The worker's next delivery, of any row, looks at the claims first.
    assert tasks.deliver(second.pk) == "sent"
    first.refresh_from_db()
    assert first.state == (OutboxState.NEEDS_CHECK if flagged else OutboxState.SENDING)
    assert len(mailoutbox) == 1


def test_the_workers_outbox_pass_flags_stale_claims(queued_cycle, settings):
    from rapport.feedback.schedule import run_all

    first = OutboxMessage.objects.order_by("pk").first()
    then = timezone.now() - dt.timedelta(minutes=6)
    OutboxMessage.objects.filter(pk=first.pk).update(
        state=OutboxState.SENDING, claimed_at=then, handed_at=then
    )
    result = run_all(["deliver-outbox"])["deliver-outbox"]
    assert result["needs_check"] == 1


def test_a_claim_that_never_reached_the_server_is_sent_again_by_itself(
    queued_cycle, mailoutbox, settings
):
    settings.RAPPORT_OUTBOX_LEASE_MINUTES = 5
    first, _second = OutboxMessage.objects.order_by("pk")
    # A worker claimed the row and was killed before handing the message to the server.
    OutboxMessage.objects.filter(pk=first.pk).update(
        state=OutboxState.SENDING, claimed_at=timezone.now() - dt.timedelta(minutes=6)
    )
    result = tasks.deliver_due()
    first.refresh_from_db()
    assert first.state == OutboxState.SENT and result["needs_check"] == 0
    assert len(mailoutbox) == 2  # both went, each once
    assert first.handed_at is not None


def test_the_hand_over_is_recorded_before_the_message_leaves(queued_cycle):
    message = OutboxMessage.objects.order_by("pk").first()
    seen = []

    def send(self, *args, **kwargs):
        seen.append(OutboxMessage.objects.get(pk=message.pk).handed_at)
        return 1

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", send):
        assert tasks.deliver(message.pk) == "sent"
    assert seen and seen[0] is not None


def test_a_retry_reuses_the_message_id(queued_cycle, mailoutbox, settings):
    message = OutboxMessage.objects.order_by("pk").first()
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("reply lost")
    ):
        assert tasks.deliver(message.pk) == "retry"
    message.refresh_from_db()
    first_id = message.message_id
    assert f".outbox-{message.pk}@" in first_id and first_id.endswith(">")
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=None)
    assert tasks.deliver(message.pk) == "sent"
    (sent,) = mailoutbox
    assert sent.extra_headers["Message-ID"] == first_id
    assert sent.message()["Message-ID"] == first_id
    other = OutboxMessage.objects.exclude(pk=message.pk).get()
    assert tasks.deliver(other.pk) == "sent"
    assert mailoutbox[1].extra_headers["Message-ID"] != first_id


@pytest.fixture
def database_queue(settings):
    """Tasks wait in the database queue (nothing runs them): messages stay queued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)  # as in the worker: no transaction around the task
def test_a_send_stopped_by_a_full_disk_is_released_once_the_database_writes(
    database_queue, queued_cycle, mailoutbox, monkeypatch
):
    """The link could not be stored, so nothing went out; the database refuses the release
    twice more, then takes it: the row is queued again, not left for a manual check."""
    from django.db import OperationalError, connection

    message = OutboxMessage.objects.order_by("pk").first()
    state = {"failing": False, "left": 3}

    def full_disk(execute, sql, params, many, context):
        writes = sql.lstrip().upper().startswith(("INSERT", "UPDATE"))
        if writes and "feedback_invitationlink" in sql and sql.upper().startswith("INSERT"):
            state["failing"] = True
        if writes and state["failing"] and state["left"]:
            state["left"] -= 1
            raise OperationalError("database or disk is full")
        return execute(sql, params, many, context)

    waits = []
    monkeypatch.setattr(tasks.time, "sleep", waits.append)
    with connection.execute_wrapper(full_disk):
        assert tasks.deliver(message.pk) == "retry"
    assert waits == [1.0, 2.0]
    message.refresh_from_db()
    assert message.state == OutboxState.QUEUED and message.attempts == 1
    assert "disk is full" in message.last_error
    assert mailoutbox == []


def test_a_database_failure_before_the_message_leaves_puts_it_back_in_the_queue(
    queued_cycle, mailoutbox
):
    """PostgreSQL restarting between the claim and the send: nothing went out, so the row goes
    back to the queue (the next delivery pass sends it), not to a manual check."""
    from django.db import OperationalError

    message = OutboxMessage.objects.order_by("pk").first()
    with mock.patch(
        "rapport.feedback.services.mail.suppressed_emails",
        side_effect=OperationalError("terminating connection due to administrator command"),
    ):
        assert tasks.deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert message.state == OutboxState.QUEUED and message.next_attempt_at is None
    assert "administrator command" in message.last_error and mailoutbox == []
    assert tasks.deliver(message.pk) == "sent" and len(mailoutbox) == 1


def test_a_sent_message_the_database_cannot_record_is_recorded_when_it_can(
    queued_cycle, mailoutbox, monkeypatch
):
    """The server took it, so it is sent: the mark is written once the database is back (here
    after two refusals); if it never comes back, the row stays "sending" for the lease, since
    resending blindly could duplicate the email."""
    from django.db import OperationalError, connection

    first, second = OutboxMessage.objects.order_by("pk")
    refusals = {"left": 2}

    def mark_sent_fails(execute, sql, params, many, context):
        marking = sql.lstrip().upper().startswith("UPDATE") and OutboxState.SENT in (params or ())
        if marking and refusals["left"]:
            refusals["left"] -= 1
            raise OperationalError("could not write")
        return execute(sql, params, many, context)

    waits = []
    monkeypatch.setattr(tasks.time, "sleep", waits.append)
    with connection.execute_wrapper(mark_sent_fails):
        assert tasks.deliver(first.pk) == "sent"
    first.refresh_from_db()
    assert first.state == OutboxState.SENT and waits == [1.0, 2.0] and len(mailoutbox) == 1

    refusals["left"] = 99
    with connection.execute_wrapper(mark_sent_fails), pytest.raises(OperationalError):
        tasks.deliver(second.pk)
    second.refresh_from_db()
    assert second.state == OutboxState.SENDING and len(mailoutbox) == 2
