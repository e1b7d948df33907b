"""A month end to end: open, invite, answer, meet, agree actions, close with the summary."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.audit.models import AuditEntry
from rapport.feedback import services
from rapport.feedback.models import (
    CycleState,
    Invitation,
    InvitationLink,
    OutboxMessage,
    OutboxState,
    Response,
    ResponseSource,
)
from rapport.feedback.tests.conftest import link_from

pytestmark = pytest.mark.django_db


def test_a_month_end_to_end(
    client, email_cycle, carol, mailoutbox, django_capture_on_commit_callbacks
):
    cycle = email_cycle
    assert cycle.state == CycleState.INVITED
    assert len(mailoutbox) == 2
    assert {m.to[0] for m in mailoutbox} == {"olivia@retail.test", "remi@retail.test"}
    french = next(m for m in mailoutbox if m.to[0] == "remi@retail.test")
    assert "Bonjour Rémi Durand" in french.body
    # The outbox keeps the message, without the usable link.
    row = OutboxMessage.objects.get(to_email="olivia@retail.test")
    assert row.state == OutboxState.SENT and "[personal link removed" in row.text_body
    olivia_mail = next(m for m in mailoutbox if m.to[0] == "olivia@retail.test")
    path = link_from(olivia_mail)
    assert path.strip("/").split("/")[-1] not in row.text_body + row.html_body

    page = client.get(path)
    assert page.status_code == 200 and "What would make this a 10?" in page.content.decode()
    answer = client.post(
        path,
        {"q_overall": "6", "q_transparency": "4", "q_make_it_ten": "Tell us earlier about delays."},
    )
    assert answer.status_code == 302 and answer["Location"] == "/s/thanks/en/"
    cycle.refresh_from_db()
    assert cycle.state == CycleState.RESPONDED
    response = Response.objects.get(cycle=cycle)
    assert response.scores == {"overall": 6, "transparency": 4}
    assert response.source == ResponseSource.SURVEY and response.respondent_role == "COO"

    services.record_meeting(
        cycle,
        by=carol,
        held_on=dt.date(2026, 3, 20),
        attendees="Olivia Walker\nCarol Manager",
        minutes="Delays were not announced early enough.",
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.DISCUSSED
    issue = services.raise_issue(
        cycle, by=carol, text="We hear about delays too late", priority="high"
    )
    action = services.add_action(
        cycle,
        by=carol,
        title="Weekly delay note to Olivia",
        due=dt.date(2026, 4, 10),
        owner=carol,
        issue=issue,
    )
    services.agree_actions(cycle, by=carol)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_cycle(cycle, by=carol)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.CLOSED and cycle.summary_sent_at
    assert len(mailoutbox) == 2
    summary = next(m for m in mailoutbox if m.to[0] == "olivia@retail.test")
    assert "We hear about delays too late" in summary.body
    assert "Weekly delay note to Olivia (by 2026-04-10)" in summary.body
    action.refresh_from_db()
    assert action.customer_told_at is not None
    actions = set(
        AuditEntry.objects.filter(
            object_id=str(cycle.pk), object_type="feedback.reviewcycle"
        ).values_list("action", flat=True)
    )
    assert {
        "feedback.cycle.planned",
        "feedback.cycle.invited",
        "feedback.cycle.responded",
        "feedback.cycle.discussed",
        "feedback.cycle.actions_agreed",
        "feedback.cycle.closed",
    } <= actions
    # After the close, the link no longer records anything.
    assert client.post(path, {"q_overall": "9"}).status_code == 410
    assert Response.objects.get(cycle=cycle).overall == 6


def test_get_of_a_survey_link_records_nothing(client, email_cycle, mailoutbox):
    path = link_from(mailoutbox[0])
    before = (
        AuditEntry.objects.count(),
        Response.objects.count(),
        list(Invitation.objects.values_list("used", "responded_at")),
    )
    for _ in range(3):
        assert client.get(path).status_code == 200
        assert client.head(path).status_code == 200
    after = (
        AuditEntry.objects.count(),
        Response.objects.count(),
        list(Invitation.objects.values_list("used", "responded_at")),
    )
    assert before == after
    email_cycle.refresh_from_db()
    assert email_cycle.state == CycleState.INVITED


def test_only_the_hash_of_a_token_is_stored(email_cycle, mailoutbox):
    token = link_from(mailoutbox[0]).strip("/").split("/")[-1]
    assert not InvitationLink.objects.filter(token_hash=token).exists()
    assert InvitationLink.objects.filter(token_hash=services.hash_token(token)).exists()


def test_tampered_and_unknown_tokens_get_a_clear_page(client, email_cycle, mailoutbox):
    token = link_from(mailoutbox[0]).strip("/").split("/")[-1]
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    page = client.get(f"/s/{tampered}/")
    assert page.status_code == 404 and "This link does not work" in page.content.decode()
    assert client.post(f"/s/{tampered}/", {"q_overall": "3"}).status_code == 404
    assert Response.objects.count() == 0


def test_expired_link_is_refused_with_a_clear_page(client, email_cycle, mailoutbox):
    path = link_from(mailoutbox[0])
    Invitation.objects.update(expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    page = client.get(path)
    assert page.status_code == 410 and "This link has expired" in page.content.decode()
    assert client.post(path, {"q_overall": "8"}).status_code == 410
    assert Response.objects.count() == 0


def test_partial_answers_are_saved_and_resumed(client, email_cycle, mailoutbox):
    path = link_from(mailoutbox[0])
    saved = client.post(path, {"q_transparency": "7", "action": "save"})
    assert saved.status_code == 200 and "Your answers are saved" in saved.content.decode()
    response = Response.objects.get()
    assert not response.is_complete and response.scores == {"transparency": 7}
    # Coming back shows the saved answer, and finishing updates the same response.
    assert 'value="7" checked' in client.get(path).content.decode()
    client.post(path, {"q_overall": "8", "q_transparency": "7"})
    assert Response.objects.count() == 1
    response.refresh_from_db()
    assert response.is_complete and response.scores == {"transparency": 7, "overall": 8}


def test_sending_without_overall_score_explains_and_keeps_partial(client, email_cycle, mailoutbox):
    path = link_from(mailoutbox[0])
    page = client.post(path, {"q_value": "5", "action": "submit"})
    assert page.status_code == 400 and "overall score" in page.content.decode()
    assert Response.objects.count() == 0


def test_a_score_without_comment_is_kept(email_cycle):
    invitation = email_cycle.invitations.first()
    response = services.submit_response(invitation, {"overall": 9})
    assert response.overall == 9 and response.comment == ""


def test_a_second_submission_updates_the_same_response(client, email_cycle, mailoutbox):
    path = link_from(mailoutbox[0])
    client.post(path, {"q_overall": "5"})
    client.post(path, {"q_overall": "7"})
    assert Response.objects.count() == 1
    assert Response.objects.get().overall == 7
