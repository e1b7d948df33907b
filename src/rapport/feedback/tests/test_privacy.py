"""Confidentiality: the anonymity threshold, and anonymous responses that cannot be joined back."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import IntegrityError
from django.db.models import DateTimeField
from hypothesis import given
from hypothesis import strategies as st

from rapport.audit.models import AuditEntry
from rapport.disclosure.release import LoadedPartition, cycle_view
from rapport.disclosure.rules import (
    MIN_K,
    complementary_cut_allowed,
    disclosure,
    figure_threshold,
)
from rapport.feedback import services
from rapport.feedback.models import Invitation, QuestionSet, Response, ReviewCycle
from rapport.portfolio.models import Project
from rapport.testing.factories import ProjectStakeholderFactory

pytestmark = pytest.mark.django_db


@given(st.integers(min_value=-5, max_value=50), st.integers(min_value=0, max_value=50))
def test_threshold_is_never_below_three(k, n):
    assert figure_threshold(k) >= MIN_K
    shown = disclosure("anonymous", n, k=k, k_comments=k)
    assert not shown.figures or n >= MIN_K
    assert shown.count == n


@given(st.integers(min_value=0, max_value=30))
def test_comments_need_more_respondents_than_figures(n):
    shown = disclosure("confidential", n)
    assert shown.comments <= shown.figures
    assert shown.figures == (n >= 5) and shown.comments == (n >= 7)


def test_attributed_reviews_are_not_thresholded():
    assert disclosure("attributed", 1).figures


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_complementary_cuts_never_reveal_a_small_group(total, sub):
    if sub > total:
        return
    if complementary_cut_allowed(total, sub):
        assert sub >= 5 and (total - sub == 0 or total - sub >= 5)


def test_figures_hidden_but_count_shown_under_k():
    rows = [
        {"id": i, "scores": {"overall": 3}, "comment": "bad", "confidentiality": "anonymous"}
        for i in range(4)
    ]
    view = cycle_view(None, rows, ["overall"], partition=LoadedPartition(k=5))
    assert view.protected_count == 4 and view.protected_means == {} and view.comments == []
    assert "at least 5" in view.reason


@pytest.fixture
def anonymous_cycle(project, carol, django_capture_on_commit_callbacks, mailoutbox):
    people = [ProjectStakeholderFactory(project=project).stakeholder for _ in range(6)]
    project.customer.preferred_channel = "email"
    project.customer.feedback_culture = "anonymous"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-04", by=carol)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle, by=carol)
    assert cycle.confidentiality == "anonymous" and len(people) == 6
    return cycle


def test_anonymous_responses_cannot_be_joined_back_to_a_person(anonymous_cycle):
    invitations = list(anonymous_cycle.invitations.all())
    now = dt.datetime(2026, 4, 9, 14, 37, 12, tzinfo=dt.UTC)
    for i, invitation in enumerate(invitations):
        services.submit_response(invitation, {"overall": 3 + i}, comment=f"c{i}", now=now)
    for response in Response.objects.all():
        assert isinstance(response.pk, uuid.UUID)
        assert response.invitation_id is None and response.stakeholder_id is None
        assert response.submitted_at is None and response.respondent_role == ""
        assert response.submitted_on == dt.date(2026, 4, 1)  # the month only
        # No stored column points at a person or an invitation, or holds a precise time.
        for field in Response._meta.concrete_fields:
            value = getattr(response, field.attname)
            if field.is_relation:
                assert value is None or field.related_model in (Project, ReviewCycle, QuestionSet)
            if isinstance(field, DateTimeField):
                assert value is None
    for invitation in Invitation.objects.all():
        assert invitation.used and invitation.responded_at is None
    assert not AuditEntry.objects.filter(action="feedback.response.submitted").exists()
    response_ids = {str(r.pk) for r in Response.objects.all()}
    assert not AuditEntry.objects.filter(object_id__in=response_ids).exists()


def test_an_anonymous_link_works_once(anonymous_cycle):
    invitation = anonymous_cycle.invitations.first()
    services.submit_response(invitation, {"overall": 7})
    with pytest.raises(services.SurveyClosed):
        services.submit_response(invitation, {"overall": 2})
    assert Response.objects.count() == 1


def test_database_refuses_a_linked_anonymous_response(anonymous_cycle):
    invitation = anonymous_cycle.invitations.first()
    with pytest.raises(IntegrityError):
        Response.objects.create(
            project=anonymous_cycle.project,
            cycle=anonymous_cycle,
            period="2026-04",
            source="survey",
            confidentiality="anonymous",
            question_set=anonymous_cycle.question_set,
            invitation=invitation,
            submitted_on=dt.date(2026, 4, 1),
        )


def test_project_manager_sees_confidential_answers_only_as_aggregates(
    client, project, carol, alice, feedback_givers, django_capture_on_commit_callbacks
):
    project.customer.preferred_channel = "email"
    project.customer.feedback_culture = "confidential"
    project.customer.save()
    cycle = services.plan_cycle(project, "2026-04", by=carol)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_cycle(cycle, by=carol)
    for invitation in cycle.invitations.all():
        services.submit_response(invitation, {"overall": 4}, comment="Secret remark")
    client.force_login(carol)
    page = client.get(f"/reviews/{cycle.pk}/").content.decode()
    assert "Olivia Walker" not in page.split("<h2>Invitations</h2>")[0]
    assert "Secret remark" not in page and "shown once at least 5 people" in page
    client.force_login(alice)
    page = client.get(f"/reviews/{cycle.pk}/").content.decode()
    assert "Secret remark" in page and "Olivia Walker" in page


def test_scores_agreed_live_are_attributed_even_in_a_confidential_cycle():
    rows = [{"id": 1, "scores": {"overall": 7}, "comment": "", "confidentiality": "attributed"}]
    empty = LoadedPartition(k=5)
    assert cycle_view(None, rows, ["overall"], partition=empty).open_means == {"overall": 7}
    rows.append(
        {"id": 2, "scores": {"overall": 3}, "comment": "", "confidentiality": "confidential"}
    )
    view = cycle_view(None, rows, ["overall"], partition=empty)
    # The open scores still show; the one confidential answer is only counted.
    assert view.open_means == {"overall": 7} and view.protected_means == {}
    assert view.protected_count == 1 and view.reason
