"""The PMO service pulse: opening rounds, the emailed link, the survey page, one answer per
invitation, anonymity, the outbox, and the quarterly schedule."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from rapport.audit.models import AuditEntry
from rapport.catalog.services import change_service_status, create_service
from rapport.feedback import tasks
from rapport.feedback.models import OutboxMessage, OutboxState, SuppressionReason
from rapport.feedback.pulse import services as pulse
from rapport.feedback.pulse.models import PulseInvitation, PulseResponse, PulseRound, PulseState
from rapport.feedback.schedule import SCHEDULE
from rapport.feedback.services import record_suppression
from rapport.feedback.services.links import hash_token
from rapport.feedback.services.responses import SurveyClosed
from rapport.testing.factories import StakeholderFactory
from rapport.text import COMMENT_MAX

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(customer):
    """Five stakeholders who can be asked (one French-speaking)."""
    rows = [
        StakeholderFactory(customer=customer, name=f"Person {i}", email=f"p{i}@retail.test")
        for i in range(4)
    ]
    rows.append(
        StakeholderFactory(customer=customer, name="Rémi", email="remi@retail.test", language="fr")
    )
    return rows


@pytest.fixture
def offered(alice):
    """Two services people may tick (available, piloting) and one idea they may not."""
    kit = create_service(by=alice, name="Start kit", outcome="You start in two weeks.")
    report = create_service(by=alice, name="Plain report", outcome="One page on progress.")
    idea = create_service(by=alice, name="Someday", outcome="Not yet.")
    change_service_status(kit, "piloting", by=alice)
    change_service_status(kit, "available", by=alice)
    change_service_status(report, "piloting", by=alice)
    # Rémi reads French: the pulse opens only once the services it offers speak it.
    kit.outcome_translations = {"fr": "Vous démarrez en deux semaines."}
    kit.save(update_fields=["outcome_translations"])
    report.outcome_translations = {"fr": "Une page sur l’avancement."}
    report.save(update_fields=["outcome_translations"])
    return {"kit": kit, "report": report, "idea": idea}


@pytest.fixture
def opened(customer, people, offered, alice, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = pulse.open_pulse_round(customer, by=alice, period="2026-Q2")
    return round_


def pulse_path(message) -> str:
    match = re.search(r"http://testserver(/s/pulse/[A-Za-z0-9_\-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def token_of(message) -> str:
    return pulse_path(message).rstrip("/").rsplit("/", 1)[1]


def answers(offered=None, **extra):
    base = {"priorities_served": "8", "effort": "3", "comment": ""}
    if offered:
        base["services"] = [str(offered["kit"].pk)]
    return {**base, **extra}


# --- opening and the outbox ---------------------------------------------------------------------


def test_opening_invites_who_may_be_emailed_and_sends_each_email_once(
    customer, people, offered, alice, django_capture_on_commit_callbacks, mailoutbox
):
    StakeholderFactory(customer=customer, name="No address", email="")
    StakeholderFactory(customer=customer, name="Gone", email="gone@retail.test", is_active=False)
    StakeholderFactory(customer=customer, name="Alice herself", email="alice@pmo.test")
    record_suppression("p3@retail.test", SuppressionReason.OPT_OUT)
    with django_capture_on_commit_callbacks(execute=True):
        round_ = pulse.open_pulse_round(customer, by=alice, period="2026-Q2")
    invited = set(round_.invitations.values_list("email", flat=True))
    assert invited == {"p0@retail.test", "p1@retail.test", "p2@retail.test", "remi@retail.test"}
    assert round_.state == PulseState.OPEN and round_.is_anonymous
    keys = set(OutboxMessage.objects.values_list("dedupe_key", flat=True))
    assert keys == {f"pulse:{i.pk}" for i in round_.invitations.all()}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(invited)
    # The worker running again (or a duplicate enqueue) sends nothing twice.
    for message in OutboxMessage.objects.all():
        assert tasks.deliver(message.pk) == "not claimed"
    tasks.deliver_due()
    assert len(mailoutbox) == 4
    # Only the token's hash is kept; the outbox keeps the email with the link removed.
    sent = OutboxMessage.objects.get(to_email="p0@retail.test")
    email = next(m for m in mailoutbox if m.to[0] == "p0@retail.test")
    token = token_of(email)
    assert sent.state == OutboxState.SENT and token not in sent.text_body + sent.html_body
    assert PulseInvitation.objects.get(email="p0@retail.test").token_hash == hash_token(token)
    assert email.subject == "One minute on how we work with you?"
    french = next(m for m in mailoutbox if m.to[0] == "remi@retail.test")
    assert french.subject.startswith("Une minute")
    entry = AuditEntry.objects.get(action="feedback.pulse.opened")
    assert "Alice herself is you" in entry.changes["skipped"]


def test_a_second_round_for_the_same_quarter_is_refused(opened, customer, alice):
    with pytest.raises(ValidationError, match="already has a pulse for 2026-Q2"):
        pulse.open_pulse_round(customer, by=alice, period="2026-Q2")
    with pytest.raises(IntegrityError), transaction.atomic():
        PulseRound.objects.create(customer=customer, period="2026-Q2")


def test_an_answered_or_closed_pulse_email_is_not_sent(
    customer, people, offered, alice, mailoutbox
):
    round_ = pulse.open_pulse_round(customer, by=alice, period="2026-Q2")  # queued, not sent
    first, second = OutboxMessage.objects.order_by("pk")[:2]
    PulseInvitation.objects.filter(pk=first.pulse_invitation_id).update(used=True)
    assert tasks.deliver(first.pk) == "cancelled"
    pulse.close_pulse_round(round_, by=alice)
    assert tasks.deliver(second.pk) == "cancelled"
    assert mailoutbox == []


def test_a_failed_send_clears_the_token_it_made(customer, people, offered, alice, mailoutbox):
    pulse.open_pulse_round(customer, by=alice, period="2026-Q2")
    message = OutboxMessage.objects.order_by("pk").first()
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")):
        assert tasks.deliver(message.pk) == "retry"
    assert PulseInvitation.objects.get(pk=message.pulse_invitation_id).token_hash is None


# --- the survey page ------------------------------------------------------------------------------


def test_get_records_nothing_in_two_queries(
    client, opened, mailoutbox, offered, django_assert_max_num_queries
):
    path = pulse_path(mailoutbox[0])
    with django_assert_max_num_queries(2):
        page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200 and "How well does the project office serve" in html
    assert "Start kit" in html and "Plain report" in html and "Someday" not in html
    assert 'class="scale-options n-10 np-5"' in html and "csrfmiddlewaretoken" in html
    client.get(path)
    assert PulseResponse.objects.count() == 0
    assert not PulseInvitation.objects.filter(used=True).exists()


def test_the_page_speaks_the_stakeholders_language(client, opened, mailoutbox):
    remi = next(m for m in mailoutbox if m.to[0] == "remi@retail.test")
    html = client.get(pulse_path(remi)).content.decode()
    assert 'lang="fr"' in html and "bureau des projets" in html


def test_one_anonymous_response_per_invitation_with_nothing_to_join_on(
    client, opened, mailoutbox, offered, django_assert_max_num_queries
):
    path = pulse_path(mailoutbox[0])
    services = [str(offered["kit"].pk), str(offered["report"].pk)]
    with django_assert_max_num_queries(12):
        done = client.post(path, {**answers(), "services": services, "comment": "Fewer forms"})
    assert done.status_code == 302 and done["Location"] == "/s/pulse/thanks/en/"
    assert "We have your answers" in client.get(done["Location"]).content.decode()
    response = PulseResponse.objects.get()
    assert response.stakeholder_id is None and response.submitted_on.day == 1
    assert response.services_helping == sorted(int(s) for s in services)
    # No column could join it back to a person, an invitation, a token or a precise time.
    columns = {f.column for f in PulseResponse._meta.concrete_fields}
    assert columns == {
        "id",
        "round_id",
        "customer_id",
        "confidentiality",
        "stakeholder_id",
        "submitted_on",
        "priorities_served",
        "effort",
        "services_helping",
        "comment",
    }
    assert not AuditEntry.objects.filter(object_id=str(response.pk)).exists()
    again = client.post(path, answers())
    assert again.status_code == 410 and "already answered" in again.content.decode()
    assert PulseResponse.objects.count() == 1


def test_a_second_submission_through_the_service_is_refused(opened, mailoutbox):
    token = token_of(mailoutbox[0])
    pulse.record_pulse_response(token, answers())
    with pytest.raises(SurveyClosed) as refused:
        pulse.record_pulse_response(token, answers())
    assert refused.value.code == "used" and PulseResponse.objects.count() == 1


def test_the_database_keeps_anonymous_pulse_responses_unlinked(opened, people):
    with pytest.raises(IntegrityError), transaction.atomic():
        PulseResponse.objects.create(
            round=opened,
            customer=opened.customer,
            confidentiality="anonymous",
            stakeholder=people[0],
            submitted_on=dt.date(2026, 4, 1),
            priorities_served=5,
            effort=3,
        )


def test_an_attributed_round_keeps_who_answered(
    customer, people, offered, alice, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        pulse.open_pulse_round(customer, by=alice, period="2026-Q2", confidentiality="attributed")
    email = next(m for m in mailoutbox if m.to[0] == "p1@retail.test")
    response = pulse.record_pulse_response(token_of(email), answers())
    assert response.stakeholder == people[1] and response.submitted_on == timezone.localdate()
    assert AuditEntry.objects.filter(action="feedback.pulse.answered").count() == 1


def test_bad_answers_change_nothing(client, opened, mailoutbox, offered):
    path = pulse_path(mailoutbox[0])
    missing = client.post(path, {"priorities_served": "8"})
    assert missing.status_code == 400
    assert "Please answer the first two questions" in missing.content.decode()
    idea = client.post(path, {**answers(), "services": [str(offered["idea"].pk)]})
    assert idea.status_code == 400 and "Unknown service" in idea.content.decode()
    out_of_range = client.post(path, answers(effort="9"))
    assert out_of_range.status_code == 400
    assert PulseResponse.objects.count() == 0
    assert not PulseInvitation.objects.filter(used=True).exists()


def test_the_post_needs_the_csrf_token(opened, mailoutbox):
    strict = Client(enforce_csrf_checks=True)
    path = pulse_path(mailoutbox[0])
    assert strict.post(path, answers()).status_code == 403
    token = strict.get(path).cookies["csrftoken"].value
    assert strict.post(path, {**answers(), "csrfmiddlewaretoken": token}).status_code == 302


def test_tampered_expired_and_closed_links_get_clear_pages(client, opened, mailoutbox, alice):
    path = pulse_path(mailoutbox[0])
    tampered = client.get(path[:-3] + "xx/")
    assert tampered.status_code == 404 and "This link does not work" in tampered.content.decode()
    PulseInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    expired = client.get(path)
    assert expired.status_code == 410 and "This link has expired" in expired.content.decode()
    pulse.close_pulse_round(opened, by=alice)
    closed = client.post(path, answers())
    assert closed.status_code == 410 and "questions are closed" in closed.content.decode()
    assert PulseResponse.objects.count() == 0


# --- schedule -------------------------------------------------------------------------------------


def test_the_quarterly_job_opens_one_round_per_customer_once(
    customer, other_customer, people, alice
):
    StakeholderFactory(customer=other_customer, email="x@finance.test")
    StakeholderFactory(customer=other_customer, email="")
    assert "open-quarterly-pulse" in SCHEDULE and "close-pulse-rounds" in SCHEDULE
    start = dt.date(2026, 7, 2)
    first = pulse.open_quarterly_pulse_rounds(today=start)
    assert sorted(r.customer.name for r in first) == ["Group Finance", "Retail Banking"]
    assert {r.period for r in first} == {"2026-Q3"}
    assert pulse.open_quarterly_pulse_rounds(today=start + dt.timedelta(days=3)) == []
    assert PulseRound.objects.count() == 2
    # Late in a quarter nothing new opens; past the deadline rounds close.
    assert pulse.open_quarterly_pulse_rounds(today=dt.date(2026, 9, 1)) == []
    assert pulse.close_due_pulse_rounds(today=dt.date(2026, 9, 1)) == 2
    assert set(PulseRound.objects.values_list("state", flat=True)) == {PulseState.CLOSED}


def test_quarters():
    assert pulse.quarter_of(dt.date(2026, 1, 1)) == "2026-Q1"
    assert pulse.quarter_of(dt.date(2026, 12, 31)) == "2026-Q4"
    assert pulse.quarter_start("2026-Q3") == dt.date(2026, 7, 1)
    assert pulse.quarter_months("2026-Q4") == ["2026-10", "2026-11", "2026-12"]


def test_the_pulse_refuses_control_characters_and_long_comments(client: Client, opened, mailoutbox):
    path = pulse_path(mailoutbox[0])
    html = client.get(path).content.decode()
    assert f'maxlength="{COMMENT_MAX}"' in html and f"Up to {COMMENT_MAX:,} characters." in html
    nul = client.post(path, answers(comment="fine\x00"))
    assert nul.status_code == 400 and "U+0000" in nul.content.decode()
    long = client.post(path, answers(comment="x" * (COMMENT_MAX + 1)))
    assert long.status_code == 400 and "too long" in long.content.decode()
    assert PulseResponse.objects.count() == 0
    written = "\tas written "
    assert client.post(path, answers(comment=written)).status_code == 302
    assert PulseResponse.objects.get().comment == written


def test_the_pulse_speaks_german_with_the_services_german_outcome(
    customer, people, offered, alice, django_capture_on_commit_callbacks, mailoutbox, client
):
    people[0].language = "de"
    people[0].save(update_fields=["language"])
    kit, report = offered["kit"], offered["report"]
    kit.outcome_translations = {
        **kit.outcome_translations,
        "de": "Ihr Projekt startet in zwei Wochen.",
    }
    kit.full_clean()
    kit.save()
    report.outcome_translations = {**report.outcome_translations, "de": "Eine Seite zum Stand."}
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        pulse.open_pulse_round(customer, by=alice, period="2026-Q2")
    # A translation removed after the emails went out: the page shows the text as written.
    report.outcome_translations = {}
    report.save()
    german = next(m for m in mailoutbox if m.to == ["p0@retail.test"])
    assert german.subject == "Eine Minute dazu, wie wir mit Ihnen arbeiten?"
    html = client.get(pulse_path(german)).content.decode()
    assert '<html lang="de">' in html and "Wie einfach ist die Zusammenarbeit mit uns?" in html
    assert "Ihr Projekt startet in zwei Wochen." in html and "You start in two weeks." not in html
    assert "One page on progress." in html  # not translated: shown as written


def test_the_pulse_is_refused_while_a_service_lacks_a_readers_language(
    customer, people, offered, alice, django_capture_on_commit_callbacks, mailoutbox
):
    people[0].language = "de"
    people[0].save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        pulse.open_pulse_round(customer, by=alice, period="2026-Q2")
    assert "Plain report (de)" in str(exc.value) and "Start kit (de)" in str(exc.value)
    assert "(fr)" not in str(exc.value)  # French is translated
    assert not PulseRound.objects.exists() and mailoutbox == []
    assert pulse.open_quarterly_pulse_rounds(today=dt.date(2026, 4, 2)) == []
    assert AuditEntry.objects.filter(action="feedback.pulse.refused").count() == 1
