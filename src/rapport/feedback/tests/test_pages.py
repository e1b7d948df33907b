"""Console review pages: permissions, empty states, fixed query counts, escaping."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.feedback import services
from rapport.feedback.models import OutboxMessage, ReviewCycle
from rapport.testing.factories import ProjectFactory, ProjectStakeholderFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _cycles(customer, pm, n, period="2026-03"):
    for i in range(n):
        project = ProjectFactory(customer=customer, name=f"P{period}-{i:02d}", project_manager=pm)
        ProjectStakeholderFactory(project=project)
        cycle = services.plan_cycle(project, period, by=pm, mode="email")
        services.open_cycle(cycle, by=pm)


@pytest.mark.parametrize("url", ["/reviews/", "/reviews/mail/"])
def test_pmo_lists_run_a_fixed_number_of_queries(client, alice, carol, customer, url):
    client.force_login(alice)
    _cycles(customer, carol, 2)
    small = _count(client, url)
    _cycles(customer, carol, 8, period="2026-04")
    assert _count(client, url) == small


def test_timeline_runs_a_fixed_number_of_queries(client, alice, project, carol, feedback_givers):
    client.force_login(alice)
    services.plan_cycle(project, "2026-01", by=carol, mode="meeting")
    small = _count(client, f"/reviews/project/{project.pk}/")
    for month in range(2, 9):
        cycle = services.plan_cycle(project, f"2026-{month:02d}", by=carol, mode="email")
        services.open_cycle(cycle, by=carol)
    assert _count(client, f"/reviews/project/{project.pk}/") == small


def test_pmo_page_orders_by_project_never_by_manager(client, alice, carol, dave, customer):
    client.force_login(alice)
    for name, pm in [("Zeta", carol), ("Alpha", dave), ("Mid", carol)]:
        project = ProjectFactory(customer=customer, name=name, project_manager=pm)
        services.plan_cycle(project, "2026-03", by=alice)
    page = client.get("/reviews/").content.decode()
    assert page.index("Alpha") < page.index("Mid") < page.index("Zeta")
    assert "Carol" not in page and "Dave" not in page


def test_empty_states_say_what_to_do_next(client, alice, dave):
    client.force_login(alice)
    assert "rapport run-schedule" in client.get("/reviews/").content.decode()
    assert "Open a review in email mode" in client.get("/reviews/mail/").content.decode()
    client.force_login(dave)
    assert "You have no reviews this month." in client.get("/reviews/mine/").content.decode()


def test_my_reviews_lists_only_my_projects(client, carol, project, other_project, dave):
    services.plan_cycle(project, services.current_period(), by=carol)
    services.plan_cycle(other_project, services.current_period(), by=dave)
    client.force_login(carol)
    page = client.get("/reviews/mine/").content.decode()
    assert "Branch booking" in page and "Close automation" not in page


def test_mail_log_shows_messages_escaped(client, alice, email_cycle):
    message = OutboxMessage.objects.first()
    OutboxMessage.objects.filter(pk=message.pk).update(html_body="<b onclick=x>hi</b>")
    client.force_login(alice)
    page = client.get(f"/reviews/mail/{message.pk}/").content.decode()
    assert "&lt;b onclick=x&gt;hi&lt;/b&gt;" in page and "<b onclick=x>" not in page


def test_illegal_move_from_the_page_explains_and_changes_nothing(client, carol, email_cycle):
    client.force_login(carol)
    response = client.post(f"/reviews/{email_cycle.pk}/move/", {"to": "closed"}, follow=True)
    assert "cannot become closed" in response.content.decode()
    assert ReviewCycle.objects.get(pk=email_cycle.pk).state == "invited"


def test_sponsor_cannot_change_a_review(client, erin, email_cycle):
    client.force_login(erin)
    assert client.post(f"/reviews/{email_cycle.pk}/move/", {"to": "cancelled"}).status_code == 403
    assert ReviewCycle.objects.get(pk=email_cycle.pk).state == "invited"


def test_personal_link_is_shown_once_and_works(client, carol, email_cycle):
    client.force_login(carol)
    invitation = email_cycle.invitations.first()
    page = client.post(f"/reviews/invitations/{invitation.pk}/link/").content.decode()
    import re

    path = re.search(r"http://testserver(/s/[A-Za-z0-9_\-]+/)", page).group(1)
    client.logout()
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("state", ["closed", "cancelled", "expired"])
def test_no_personal_link_once_a_review_takes_no_more_answers(client, alice, email_cycle, state):
    import re

    ReviewCycle.objects.filter(pk=email_cycle.pk).update(state=state)
    invitation = email_cycle.invitations.first()
    links = invitation.links.count()
    client.force_login(alice)
    page = client.post(f"/reviews/invitations/{invitation.pk}/link/", follow=True)
    text = page.content.decode()
    assert re.search(r"/s/[A-Za-z0-9_\-]{20,}/", text) is None
    assert "no longer takes answers" in text
    assert invitation.links.count() == links


def test_plan_and_open_from_the_console(
    client, carol, project, feedback_givers, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(carol)
    response = client.post(
        f"/reviews/project/{project.pk}/plan/", {"period": "2026-06", "mode": "email"}
    )
    cycle = ReviewCycle.objects.get(period="2026-06")
    assert response["Location"] == f"/reviews/{cycle.pk}/open/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reviews/{cycle.pk}/open/")
    cycle.refresh_from_db()
    assert cycle.state == "invited" and len(mailoutbox) == 2


def test_a_review_is_planned_at_most_a_year_ahead(client, carol, project, feedback_givers):
    from rapport.feedback.services.cycles import _months_after, current_period

    client.force_login(carol)
    latest = _months_after(current_period(), 12)
    page = client.post(
        f"/reviews/project/{project.pk}/plan/", {"period": "9999-12", "mode": "email"}, follow=True
    )
    assert f"up to a year ahead, until {latest}" in page.content.decode()
    assert not ReviewCycle.objects.exists()
    client.post(f"/reviews/project/{project.pk}/plan/", {"period": latest, "mode": "email"})
    assert ReviewCycle.objects.get().period == latest


@pytest.mark.parametrize(
    ("period", "said"),
    [("2026-13", "Give the month as YYYY-MM."), ("9999-12", "up to a year ahead")],
)
def test_a_refused_plan_comes_back_with_the_month_mode_and_confidentiality_sent(
    client, carol, project, feedback_givers, period, said
):
    client.force_login(carol)
    url = f"/reviews/project/{project.pk}/plan/"
    page = client.post(url, {"period": period, "mode": "meeting", "confidentiality": "anonymous"})
    assert page.status_code == 400
    assert said in page.content.decode()
    form = _form(page, url)
    assert f'name="period" value="{period}"' in form
    assert '<option value="meeting" selected>' in form
    assert '<option value="anonymous" selected>' in form
    # A month that is not YYYY-MM is marked at the field; a month too far ahead is the message.
    assert ("Enter a valid value." in form) == (period == "2026-13")
    assert not ReviewCycle.objects.exists()


def test_an_email_review_with_nobody_to_email_is_not_opened(client, carol, project, mailoutbox):
    client.force_login(carol)
    client.post(f"/reviews/project/{project.pk}/plan/", {"period": "2026-06", "mode": "email"})
    cycle = ReviewCycle.objects.get(period="2026-06")
    page = client.post(f"/reviews/{cycle.pk}/open/", follow=True)
    assert "Nobody can be emailed for this review yet" in page.content.decode()
    cycle.refresh_from_db()
    assert cycle.state == "planned" and not cycle.invitations.exists() and not mailoutbox


def test_an_issue_can_be_raised_from_an_answer_in_the_customers_words(client, carol, email_cycle):
    from rapport.feedback.models import Issue

    invitation = email_cycle.invitations.first()
    response = services.submit_response(invitation, {"overall": 4}, comment="Too many meetings")
    client.force_login(carol)
    page = client.get(f"/reviews/{email_cycle.pk}/").content.decode()
    assert "Raise as issue" in page
    client.post(
        f"/reviews/{email_cycle.pk}/issues/",
        {"response": str(response.pk), "text": response.comment, "priority": "high"},
    )
    issue = Issue.objects.get()
    assert issue.response == response and issue.text == "Too many meetings"


def test_sponsor_sees_scores_but_never_comments_or_who(client, erin, carol, email_cycle):
    import datetime as dt

    from django.utils import timezone

    from rapport.feedback.models import Invitation
    from rapport.testing.factories import StakeholderFactory

    for invitation in email_cycle.invitations.all():
        services.submit_response(invitation, {"overall": 6}, comment="Private remark")
    client.force_login(erin)
    page = client.get(f"/reviews/{email_cycle.pk}/").content.decode()
    assert "Private remark" not in page and "Olivia Walker" not in page
    # Two people's scores are near-individual: sponsors read figures of at least 5 people.
    assert "6.0" not in page and "fewer than 5 people" in page
    for _ in range(3):
        person = StakeholderFactory(customer=email_cycle.project.customer)
        invitation = Invitation.objects.create(
            cycle=email_cycle,
            stakeholder=person,
            email=person.email,
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
        services.submit_response(invitation, {"overall": 6})
    page = client.get(f"/reviews/{email_cycle.pk}/").content.decode()
    assert "6.0" in page and "Private remark" not in page  # the project's headline score
    client.force_login(carol)
    assert "Private remark" in client.get(f"/reviews/{email_cycle.pk}/").content.decode()


def test_mail_log_opens_the_demo_mailbox_copy_with_its_working_link(
    client, settings, alice, carol, project, feedback_givers, django_capture_on_commit_callbacks
):
    from rapport.mailbox.models import MailboxMessage

    settings.EMAIL_BACKEND = "rapport.mailbox.backend.MailboxBackend"
    project.customer.preferred_channel = "email"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-03", by=carol)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle, by=carol)
    message = OutboxMessage.objects.get(to_email="olivia@retail.test")
    copy = MailboxMessage.objects.get(to="olivia@retail.test")
    assert "/s/" in copy.text_body and copy.text_body != message.text_body  # the link, kept
    client.force_login(alice)
    assert "demo mailbox" in client.get("/reviews/mail/").content.decode()
    page = client.get(f"/reviews/mail/{message.pk}/").content.decode()
    assert f'href="/mailbox/{copy.pk}/"' in page


@pytest.mark.parametrize(
    ("culture", "said"),
    [("attributed", "has already answered"), ("confidential", "only the PMO makes personal")],
)
def test_no_personal_link_for_someone_who_has_answered(client, carol, email_cycle, culture, said):
    """The link opens the form with the answers saved so far: made by a project manager for a
    review in confidence, it would show them a confidential answer. Whoever has answered keeps
    their own link; the console makes no other."""
    import re

    ReviewCycle.objects.filter(pk=email_cycle.pk).update(confidentiality=culture)
    invitation = email_cycle.invitations.first()
    services.submit_response(
        invitation, {"overall": 3}, comment="SAID IN CONFIDENCE", complete=False
    )
    links = invitation.links.count()
    client.force_login(carol)
    page = client.post(f"/reviews/invitations/{invitation.pk}/link/", follow=True)
    text = page.content.decode()
    assert re.search(r"/s/[A-Za-z0-9_\-]{20,}/", text) is None
    assert said in text
    assert invitation.links.count() == links


def test_in_a_review_in_confidence_only_the_pmo_sees_who_answered(
    client, alice, carol, email_cycle
):
    """With a warning's direction ("someone gave a very low score"), who answered would point at
    a person: the project manager sees who was invited and the totals."""
    ReviewCycle.objects.filter(pk=email_cycle.pk).update(confidentiality="confidential")
    invitations = list(email_cycle.invitations.order_by("pk"))
    services.submit_response(invitations[0], {"overall": 3})
    client.force_login(carol)
    page = client.get(f"/reviews/{email_cycle.pk}/").content.decode()
    assert "Invited 2 · answered 1" in page and "only the PMO sees who has answered" in page
    assert all(i.stakeholder.name in page for i in invitations)
    assert "<th>Answered</th>" not in page and "<th>Reminders</th>" not in page
    assert "Get a personal link" not in page
    client.force_login(alice)
    page = client.get(f"/reviews/{email_cycle.pk}/").content.decode()
    assert "<th>Answered</th>" in page and "Get a personal link" in page


@pytest.mark.parametrize(
    ("path", "data", "said"),
    [
        ("issues", {"text": "x" * 10_001, "priority": "high"}, "at most 10000 characters"),
        ("issues", {"text": "Slow", "priority": "urgent"}, "Select a valid choice"),
        ("actions", {"title": "Call back", "due": "99999-12-31"}, "Due: Enter a valid date."),
        ("actions", {"title": "t" * 301, "due": "2026-12-31"}, "at most 300 characters"),
    ],
)
def test_a_refused_issue_or_action_says_which_field_is_wrong(
    client, carol, email_cycle, path, data, said
):
    from rapport.feedback.models import Action, Issue

    client.force_login(carol)
    page = client.post(f"/reviews/{email_cycle.pk}/{path}/", data)
    assert page.status_code == 400
    assert said in page.content.decode()
    assert not Issue.objects.exists() and not Action.objects.exists()


def _form(page, action: str) -> str:
    """The one form of the page that posts to ``action``, as HTML."""
    html = page.content.decode()
    start = html.index(f'action="{action}"')
    return html[start : html.index("</form>", start)]


def test_a_refused_issue_comes_back_with_what_was_typed_and_the_error_beside_it(
    client, carol, email_cycle
):
    from rapport.feedback.models import Issue

    client.force_login(carol)
    url = f"/reviews/{email_cycle.pk}/issues/"
    typed = "Invoices <always> arrive late & wrong"
    page = client.post(url, {"text": typed, "priority": "urgent"})
    assert page.status_code == 400
    form = _form(page, url)
    assert "Invoices &lt;always&gt; arrive late &amp; wrong</textarea>" in form
    assert "Select a valid choice. urgent is not one of the available choices." in form
    assert 'aria-invalid="true"' in form and "autofocus" in form
    assert not Issue.objects.exists()
    # Sent again, corrected, it is added.
    page = client.post(url, {"text": typed, "priority": "high"})
    assert page["Location"] == f"/reviews/{email_cycle.pk}/"
    assert Issue.objects.get().text == typed


def test_a_refused_action_comes_back_with_what_was_typed_and_the_error_beside_it(
    client, carol, email_cycle
):
    from rapport.feedback.models import Action

    issue = services.raise_issue(email_cycle, by=carol, text="Slow answers")
    client.force_login(carol)
    url = f"/reviews/{email_cycle.pk}/actions/"
    data = {"title": "Answer within a day", "due": "2026-02-30", "issue": issue.pk}
    page = client.post(url, {**data, "owner": carol.pk})
    assert page.status_code == 400
    form = _form(page, url)
    assert 'value="Answer within a day"' in form and 'value="2026-02-30"' in form
    assert f'<option value="{issue.pk}" selected>' in form
    assert f'<option value="{carol.pk}" selected>' in form
    assert "Enter a valid date." in form
    assert 'name="due" value="2026-02-30"' in form and "autofocus" in form
    assert "Due: Enter a valid date." in page.content.decode()  # the summary on top
    assert not Action.objects.exists()


def test_an_issue_from_an_answer_not_in_the_review_keeps_the_text_and_says_why(
    client, carol, email_cycle
):
    import uuid

    from rapport.feedback.models import Issue

    client.force_login(carol)
    url = f"/reviews/{email_cycle.pk}/issues/"
    for answer in [str(uuid.uuid4()), "not-a-uuid"]:
        page = client.post(url, {"response": answer, "text": "Kept", "priority": "low"})
        assert page.status_code == 400
        form = _form(page, url)
        assert "That answer is not part of this review." in form
        assert ">\nKept</textarea>" in form and 'name="response"' not in form
    assert not Issue.objects.exists()


def test_a_refused_raise_as_issue_stays_linked_to_its_answer(client, carol, email_cycle):
    from rapport.feedback.models import Issue

    invitation = email_cycle.invitations.first()
    response = services.submit_response(invitation, {"overall": 4}, comment="Too many meetings")
    client.force_login(carol)
    url = f"/reviews/{email_cycle.pk}/issues/"
    page = client.post(url, {"response": response.pk, "text": "Too many meetings", "priority": ""})
    assert page.status_code == 400
    assert f'<input type="hidden" name="response" value="{response.pk}">' in _form(page, url)
    assert not Issue.objects.exists()
