"""The monthly pack by email: opt-in, one per person and month, PDFs written for each reader,
attached when the outbox sends it; and the retention that deletes old reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from rapport.audit.models import AuditEntry
from rapport.feedback.models import OutboxKind, OutboxMessage, OutboxState
from rapport.feedback.schedule import run_all
from rapport.feedback.tasks import deliver
from rapport.reports.models import MonthlyPack, PackState, PackSubscription, ReportRequest
from rapport.reports.packs import pack_period, prepare_monthly_packs, set_subscription
from rapport.reports.services import delete_old_reports
from rapport.reports.tests.helpers import pdf_text, recompute, scored_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(project, other_project, django_capture_on_commit_callbacks):
    scored_project(
        project,
        scores=[8, 8, 6],
        culture="confidential",
        people=2,
        issue="Nobody answers the branch phone.",
        action="Staff the branch phone line",
    )
    scored_project(other_project, scores=[7, 7, 7])
    recompute(django_capture_on_commit_callbacks)
    return project


def _run(capture) -> dict:
    with capture(execute=True):
        return prepare_monthly_packs()


def test_off_by_default_nobody_gets_a_pack(scored, users, django_capture_on_commit_callbacks):
    assert _run(django_capture_on_commit_callbacks)["prepared"] == 0
    assert not OutboxMessage.objects.filter(kind=OutboxKind.MONTHLY_PACK).exists()
    assert mail.outbox == []


def test_sponsor_and_relationship_owner_get_their_pdfs_once_a_month(
    scored, erin, carol, django_capture_on_commit_callbacks
):
    customer = scored.customer
    customer.relationship_owner = carol
    customer.save()
    set_subscription(erin, on=True, by=erin)
    set_subscription(carol, on=True, by=carol)
    counts = _run(django_capture_on_commit_callbacks)
    assert counts["prepared"] == 2
    period = pack_period()
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {erin.email, carol.email}

    sponsor = sent[erin.email]
    assert period in sponsor.subject
    assert [name for name, _, _ in sponsor.attachments] == [
        ReportRequest.objects.get(requested_by=erin).filename
    ]
    _, pdf, mimetype = sponsor.attachments[0]
    assert mimetype == "application/pdf"
    text = pdf_text(pdf)
    assert "Portfolio health review" in text and "prepared for Erin Sponsor" in text
    # Written for the sponsor: no alerts, no comments, no words said in confidence.
    assert "Alerts cite single answers" in text and "Nobody answers the branch phone" not in text

    owner = sent[carol.email]
    (name, pdf, _) = owner.attachments[0]
    assert name.startswith("customer-") and "check and forward" in owner.body
    assert "Retail Banking" in pdf_text(pdf)
    # The outbox keeps the text, never the PDF; the mail log shows it as sent.
    row = OutboxMessage.objects.get(to_email=carol.email)
    assert row.state == OutboxState.SENT and "check and forward" in row.text_body
    assert all(p.state == PackState.QUEUED for p in MonthlyPack.objects.all())

    # A re-run of the schedule (today, or twice at once) sends nothing again.
    again = _run(django_capture_on_commit_callbacks)
    assert again["prepared"] == 0 and again["already"] == 2
    assert len(mail.outbox) == 2
    assert MonthlyPack.objects.count() == 2 and ReportRequest.objects.count() == 2


def test_a_subscriber_with_nothing_to_read_gets_nothing(
    scored, dave, django_capture_on_commit_callbacks
):
    set_subscription(dave, on=True, by=dave)  # a manager who owns no customer relationship
    assert _run(django_capture_on_commit_callbacks)["nothing_to_send"] == 1
    assert mail.outbox == [] and not MonthlyPack.objects.exists()


def test_turned_off_before_sending_cancels_the_email(scored, erin):
    set_subscription(erin, on=True, by=erin)
    prepare_monthly_packs()  # on_commit never runs here: nothing written or sent yet
    pack = MonthlyPack.objects.get()
    from rapport.reports.packs import assemble_pack

    assert assemble_pack(pack.pk) == PackState.QUEUED
    message = OutboxMessage.objects.get(kind=OutboxKind.MONTHLY_PACK)
    set_subscription(erin, on=False, by=erin)
    assert deliver(message.pk) == "cancelled"
    message.refresh_from_db()
    assert message.state == OutboxState.CANCELLED and "turned the monthly pack off" in (
        message.last_error
    )
    assert mail.outbox == []


def test_a_deleted_report_fails_the_send_with_a_clear_error(scored, erin):
    set_subscription(erin, on=True, by=erin)
    prepare_monthly_packs()
    from rapport.reports.packs import assemble_pack

    assemble_pack(MonthlyPack.objects.get().pk)
    message = OutboxMessage.objects.get(kind=OutboxKind.MONTHLY_PACK)
    ReportRequest.objects.all().delete()
    assert deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert "missing" in message.last_error and mail.outbox == []


def test_the_profile_switch(client, erin, scored):
    client.force_login(erin)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Monthly pack by email" in page and "Email me the monthly pack" in page
    assert "the portfolio health review" in page
    client.post(reverse("reports:monthly_pack"), {"on": "1"})
    assert PackSubscription.objects.filter(user=erin).exists()
    assert "Stop the monthly pack" in client.get(reverse("accounts:profile")).content.decode()
    assert AuditEntry.objects.filter(action="reports.pack.subscribed").exists()
    client.post(reverse("reports:monthly_pack"), {"on": "0"})
    assert not PackSubscription.objects.filter(user=erin).exists()
    # Bad input: a clear message, nothing changes.
    response = client.post(reverse("reports:monthly_pack"), {"on": "yes"}, follow=True)
    assert "Choose whether" in response.content.decode()
    assert not PackSubscription.objects.exists()
    assert client.get(reverse("reports:monthly_pack")).status_code == 405


def test_retention_deletes_old_reports_on_the_schedule(alice):
    now = timezone.now()
    old = ReportRequest.objects.create(
        kind="portfolio", requested_by=alice, state="done", pdf=b"%PDF old"
    )
    ReportRequest.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=31))
    busy = ReportRequest.objects.create(kind="portfolio", requested_by=alice, state="running")
    ReportRequest.objects.filter(pk=busy.pk).update(created_at=now - dt.timedelta(days=40))
    fresh = ReportRequest.objects.create(kind="portfolio", requested_by=alice, state="done")
    result = run_all(only=["delete-old-reports"])
    assert result == {"delete-old-reports": 1}
    assert set(ReportRequest.objects.values_list("pk", flat=True)) == {busy.pk, fresh.pk}
    assert AuditEntry.objects.filter(action="reports.report.retention").count() == 1
    assert delete_old_reports(days=1, now=now + dt.timedelta(days=2)) == 1  # the fresh one
    with pytest.raises(ValueError, match="at least one day"):
        delete_old_reports(days=0)
