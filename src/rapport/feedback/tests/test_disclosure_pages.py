"""The review pages, the timeline and the agenda release figures over confidential and anonymous
answers only through the disclosure layer, for each reader (issue 9)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps

from rapport.feedback import services
from rapport.feedback.agenda import agenda_for
from rapport.feedback.models import Invitation, OutboxMessage, Response, ReviewCycle
from rapport.testing.factories import (
    ProjectFactory,
    ProjectStakeholderFactory,
    StakeholderFactory,
    UserFactory,
)

from .conftest import link_from

pytestmark = pytest.mark.django_db


def _givers(project, n, *, prefix="Giver"):
    people = []
    for i in range(n):
        person = StakeholderFactory(
            customer=project.customer,
            name=f"{prefix} {project.pk}-{i}",
            email=f"{prefix}{i}@x.test",
        )
        ProjectStakeholderFactory(project=project, stakeholder=person)
        people.append(person)
    return people


def _opened(project, period, by, *, capture=None):
    cycle = services.plan_cycle(project, period, by=by, mode="email")
    if capture is None:
        services.open_cycle(cycle, by=by)
    else:
        with capture(execute=True):
            services.open_cycle(cycle, by=by)
    cycle.refresh_from_db()
    return cycle


def _answer(cycle, scores, comment=""):
    for invitation, score in zip(cycle.invitations.order_by("pk"), scores, strict=False):
        services.submit_response(invitation, {"overall": score}, comment=comment)


def _close(cycle):
    ReviewCycle.objects.filter(pk=cycle.pk).update(state="closed")
    cycle.refresh_from_db()


@pytest.fixture
def confidential(customer):
    customer.feedback_culture = "confidential"
    customer.preferred_channel = "email"
    customer.save()
    return customer


@pytest.fixture
def three(project, confidential):
    """A confidential project with three feedback-givers."""
    return _givers(project, 3)


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- a confidential project with three feedback-givers ------------------------------------------


def test_manager_sees_counts_and_the_scores_agreed_openly_never_a_protected_mean(
    client, carol, alice, project, three
):
    cycle = _opened(project, "2026-04", carol)
    _answer(cycle, [3, 4, 9], comment="Confidential remark")  # mean 5.3: never shown
    services.record_meeting(
        cycle, by=carol, held_on=dt.date(2026, 4, 20), scores={"overall": 8}, comment="More demos"
    )
    meeting = Response.objects.get(cycle=cycle, source="meeting")
    assert meeting.confidentiality == "attributed"  # agreed openly, recorded as such

    page = _page(client, carol, f"/reviews/{cycle.pk}/")
    assert "Agreed openly in the meeting" in page and "8.0" in page
    assert "Invited 3 · answered 3" in page and "3 given in confidence" in page
    assert "5.3" not in page and "Confidential remark" not in page
    assert "While the review is open" in page
    assert "More demos" in page  # the meeting's own comment is open

    agenda = agenda_for(cycle)
    scores = agenda[1]
    text = " ".join(scores.items) + scores.note
    assert "3 of 3 invited people answered by email." in scores.items
    assert "Agreed openly in the meeting: " in text and "8.0" in text
    assert "5.3" not in text and "Confidential remark" not in text

    # Closed, three people are still fewer than k: withheld, and said why.
    _close(cycle)
    page = _page(client, carol, f"/reviews/{cycle.pk}/")
    assert "5.3" not in page and "shown once at least 5 people have answered" in page
    timeline = _page(client, carol, f"/reviews/project/{project.pk}/")
    assert "8.0" in timeline and "withheld · N=3" in timeline and "5.3" not in timeline
    # The PMO still sees who said what in a confidential review.
    page = _page(client, alice, f"/reviews/{cycle.pk}/")
    assert "Confidential remark" in page


def test_meeting_form_says_its_scores_are_agreed_openly(client, carol, project, three):
    cycle = _opened(project, "2026-04", carol)
    page = _page(client, carol, f"/reviews/{cycle.pk}/meeting/")
    assert "agreed openly with the customer" in page and "recorded as attributed" in page
    assert "This holds in this confidential review too" in page


def test_a_pooled_quarter_of_the_customer_shows_with_its_label(
    client, carol, dave, project, confidential, three, erin
):
    other = ProjectFactory(customer=project.customer, name="Loans portal", project_manager=dave)
    _givers(other, 2, prefix="Other")
    january = _opened(project, "2026-01", carol)
    _answer(january, [6, 6, 6])
    _close(january)
    theirs = _opened(other, "2026-01", dave)
    _answer(theirs, [8, 8])
    _close(theirs)  # 5 people over the customer's projects in 2026-Q1: (3×6 + 2×8) / 5 = 6.8

    page = _page(client, carol, f"/reviews/{january.pk}/")
    assert "Pooled over Retail Banking&#x27;s projects, January to March 2026" in page
    assert "6.8" in page and "at least 5 people" in page
    timeline = _page(client, carol, f"/reviews/project/{project.pk}/")
    assert "6.8" in timeline and "pooled" in timeline

    # This month's round is open: its own answers are only counted, and the agenda offers the
    # latest figure released for the project.
    april = _opened(project, "2026-04", carol)
    _answer(april, [2])
    agenda = agenda_for(april)
    text = " ".join(agenda[1].items)
    assert "Latest figure released for this project" in text and "6.8" in text
    assert "1 answer(s) given in confidence." in agenda[1].items
    page = _page(client, carol, f"/reviews/{april.pk}/")
    assert "Latest figure released for this project" in page and "6.8" in page
    assert "2.0" not in page
    # A sponsor reads the pooled aggregate too (at least 5 people).
    assert "6.8" in _page(client, erin, f"/reviews/{january.pk}/")


def test_a_projects_quarter_pools_its_small_rounds(client, carol, project, confidential):
    _givers(project, 5)
    january = _opened(project, "2026-01", carol)
    _answer(january, [5, 5, 5])  # 3 people
    _close(january)
    february = _opened(project, "2026-02", carol)
    invitations = list(february.invitations.order_by("pk"))
    for invitation in invitations[3:]:  # 2 other people
        services.submit_response(invitation, {"overall": 10})
    _close(february)  # the quarter: 5 people, (15 + 20) / 5 = 7.0
    page = _page(client, carol, f"/reviews/{february.pk}/")
    assert "Pooled over Branch booking&#x27;s reviews, January to March 2026" in page
    assert "7.0" in page


# --- sponsors read aggregates only ------------------------------------------------------------


def test_sponsor_sees_no_comment_issue_text_or_single_meeting_score(
    client, carol, erin, project, three
):
    cycle = _opened(project, "2026-04", carol)
    _answer(cycle, [4, 5, 6], comment="Said in confidence")
    services.record_meeting(
        cycle, by=carol, held_on=dt.date(2026, 4, 20), scores={"overall": 9}, comment="Open words"
    )
    issue = services.raise_issue(
        cycle, by=carol, text="Our finance lead is unhappy", priority="high"
    )
    services.add_action(
        cycle, by=carol, title="Call the finance lead", due=dt.date(2026, 5, 1), issue=issue
    )
    page = _page(client, erin, f"/reviews/{cycle.pk}/")
    for secret in (
        "Our finance lead is unhappy",
        "Call the finance lead",
        "Said in confidence",
        "Open words",
        "9.0",
        "Giver",
    ):
        assert secret not in page, secret
    assert "1 issue(s) raised" in page and "1 open" in page
    assert "fewer than 5 people are shown to the project team only" in page
    timeline = _page(client, erin, f"/reviews/project/{project.pk}/")
    assert "9.0" not in timeline and "hidden · N=1" in timeline
    # The project manager reads the issue (relayed in the customer's words) and the scores.
    page = _page(client, carol, f"/reviews/{cycle.pk}/")
    assert "Our finance lead is unhappy" in page and "9.0" in page


def test_sponsor_reads_issue_text_of_an_attributed_review(client, carol, erin, project):
    cycle = services.plan_cycle(project, "2026-04", by=carol, mode="meeting")
    services.raise_issue(cycle, by=carol, text="Please call weekly", priority="low")
    assert "Please call weekly" in _page(client, erin, f"/reviews/{cycle.pk}/")


# --- anonymous rounds: counts only ----------------------------------------------------------


@pytest.fixture
def anonymous_round(project, customer, carol, django_capture_on_commit_callbacks, mailoutbox):
    customer.feedback_culture = "anonymous"
    customer.preferred_channel = "email"
    customer.language = "en"
    customer.save()
    people = _givers(project, 3)
    people[0].language = "fr"
    people[0].save()
    cycle = _opened(project, "2026-04", carol, capture=django_capture_on_commit_callbacks)
    return cycle


def test_anonymous_round_lists_no_per_person_status(client, alice, carol, anonymous_round):
    invitations = list(anonymous_round.invitations.order_by("pk"))
    services.submit_response(invitations[0], {"overall": 7})
    services.submit_response(invitations[1], {"overall": 8})
    for user in (alice, carol):
        page = _page(client, user, f"/reviews/{anonymous_round.pk}/")
        assert "Invited 3 · answered 2" in page
        for invitation in invitations:
            assert invitation.stakeholder.name not in page
        assert "Get a personal link" not in page and "<th>Answered</th>" not in page
    # A personal link would tell its maker whether that person has answered: refused.
    client.force_login(carol)
    links = invitations[2].links.count()
    response = client.post(f"/reviews/invitations/{invitations[2].pk}/link/", follow=True)
    assert "no personal links" in response.content.decode()
    assert invitations[2].links.count() == links


def test_mail_log_does_not_say_who_was_reminded_in_an_anonymous_round(
    client, alice, anonymous_round
):
    invitation = anonymous_round.invitations.order_by("pk").last()
    message = OutboxMessage.objects.create(
        kind="reminder",
        dedupe_key="reminder:test",
        to_email=invitation.email,
        invitation=invitation,
        cycle=anonymous_round,
        text_body=f"Hello {invitation.stakeholder.name}",
    )
    page = _page(client, alice, "/reviews/mail/")
    assert "someone invited to an anonymous review" in page
    rows = page.split("<tbody>")[1]
    reminder_row = next(part for part in rows.split("<tr>") if "Reminder" in part)
    assert invitation.email not in reminder_row
    detail = _page(client, alice, f"/reviews/mail/{message.pk}/")
    assert invitation.email not in detail and invitation.stakeholder.name not in detail
    # The Django admin lists no reminder of an anonymous round either (PMO leads run it).
    admin_list = _page(client, alice, "/admin/feedback/outboxmessage/")
    assert f"/admin/feedback/outboxmessage/{message.pk}/change/" not in admin_list
    assert "Invitation" in admin_list  # everyone invited is listed: that says nothing


def test_anonymous_answer_stores_the_customers_language(anonymous_round):
    french = anonymous_round.invitations.get(stakeholder__language="fr")
    response = services.submit_response(french, {"overall": 6})
    response.refresh_from_db()
    assert response.language == "en"  # the customer's, not the person's
    assert response.respondent_role == "" and response.submitted_on.day == 1


def test_migration_gives_existing_anonymous_answers_the_customers_language(anonymous_round):
    french = anonymous_round.invitations.get(stakeholder__language="fr")
    services.submit_response(french, {"overall": 6})
    Response.objects.update(language="fr")
    migration = importlib.import_module(
        "rapport.feedback.migrations.0004_anonymous_response_language"
    )
    migration.to_customer_language(django_apps, None)
    assert set(Response.objects.values_list("language", flat=True)) == {"en"}


# --- saying up front what each mode guarantees ---------------------------------------------------


def test_open_page_warns_when_fewer_than_k_people_give_feedback(client, carol, project, three):
    cycle = services.plan_cycle(project, "2026-05", by=carol, mode="email")
    page = _page(client, carol, f"/reviews/{cycle.pk}/open/")
    assert "3 people give feedback on this project, fewer than 5" in page
    assert "pooled over the quarter, then over Retail Banking&#x27;s projects" in page
    attributed = services.plan_cycle(
        project, "2026-06", by=carol, mode="email", confidentiality="attributed"
    )
    assert "fewer than 5" not in _page(client, carol, f"/reviews/{attributed.pk}/open/")


def test_survey_page_and_invitation_say_what_the_mode_guarantees(
    client, project, confidential, carol, mailoutbox, django_capture_on_commit_callbacks
):
    olivia, remi = _givers(project, 2)
    remi.language = "fr"
    remi.save()
    _opened(project, "2026-04", carol, capture=django_capture_on_commit_callbacks)
    by_person = {m.to[0]: m for m in mailoutbox}
    english = by_person[olivia.email]
    assert "The project office sees who said what." in english.body
    assert "only totals from at least 5 people" in english.body
    page = client.get(link_from(english)).content.decode()
    assert "The project office sees who said what." in page
    assert "sponsors see only totals from at least 5 people" in page
    french = by_person[remi.email]
    assert "Le bureau des projets voit qui a dit quoi." in french.body
    assert "au moins 5 personnes" in client.get(link_from(french)).content.decode()


def test_anonymous_survey_page_says_nobody_sees_who_said_what(client, anonymous_round, mailoutbox):
    message = next(m for m in mailoutbox if "Answer the review" in m.body)
    page = client.get(link_from(message)).content.decode()
    assert (
        "Nobody, not even the project office, can see who said what." in page
        or "Personne, pas même le bureau des projets" in page
    )


def test_guarantee_texts_are_plain_language():
    from rapport.plainlanguage.check import check_text, registered_customer_texts

    texts = registered_customer_texts()
    for key in ("confidential_guarantee", "anonymous_guarantee", "meeting_note"):
        report = check_text(texts[f"feedback.review.{key}"])
        assert report.passes, (key, report.summary())


def test_pm_of_another_project_cannot_read_this_review(client, project, three):
    stranger = UserFactory(role="project_manager")
    cycle = services.plan_cycle(project, "2026-04", by=project.project_manager, mode="email")
    client.force_login(stranger)
    assert client.get(f"/reviews/{cycle.pk}/").status_code in (403, 404)
    assert Invitation.objects.count() == 0


# --- on the demo portfolio ---------------------------------------------------------------------


def test_demo_review_pages_render_for_every_role_without_leaking(client):
    from django.core.management import call_command

    from rapport.accounts.models import User

    call_command(
        "demo_data", customers=4, projects=8, months=4, seed=3, today=dt.date(2026, 11, 23)
    )
    protected = ReviewCycle.objects.exclude(confidentiality="attributed").select_related(
        "project__customer"
    )
    assert protected.exists()
    anonymous = Response.objects.filter(confidentiality="anonymous").select_related(
        "project__customer"
    )
    assert all(r.language == r.project.customer.language for r in anonymous)
    sponsor = User.objects.filter(role="executive_sponsor").first()
    lead = User.objects.filter(role="pmo_lead").first()
    for cycle in protected[:12]:
        manager = cycle.project.project_manager
        for user in filter(None, (lead, sponsor, manager)):
            page = _page(client, user, f"/reviews/{cycle.pk}/")
            if cycle.is_anonymous:
                for invitation in cycle.invitations.select_related("stakeholder"):
                    assert invitation.stakeholder.name not in page
            if user == sponsor:
                for response in cycle.responses.exclude(comment=""):
                    assert response.comment not in page
        _page(client, manager or lead, f"/reviews/project/{cycle.project_id}/")
