"""A review holds answers of more than one level: an email answer imported without a respondent
is anonymous inside an open or confidential review. Each answer is read under its own level."""

import pytest

from rapport.feedback.models import Issue, Response, ReviewCycle
from rapport.imports.reading import TableSource
from rapport.imports.services import run_import
from rapport.testing.factories import CustomerFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HEADER = "project,period,respondent,role,mode,overall,comment\n"


def _import(lines: str) -> None:
    data = (HEADER + lines).encode()
    result = run_import("responses", TableSource(filename="r.csv", data=data), by=None, commit=True)
    assert result.committed, result.errors


@pytest.mark.parametrize("culture", ["attributed", "confidential"])
def test_an_anonymous_answer_is_never_listed_on_its_reviews_page(client, alice, carol, culture):
    customer = CustomerFactory(name="Open Co", feedback_culture=culture)
    ProjectFactory(name="Alpha", code="ALP-1", customer=customer, project_manager=carol)
    _import(
        "ALP-1,2025-03,,,email,2,SECRET-ANON-COMMENT\n"
        "ALP-1,2025-03,olivia@open.test,Sponsor,meeting,8,Named and open\n"
    )
    anonymous = Response.objects.get(comment="SECRET-ANON-COMMENT")
    cycle = ReviewCycle.objects.get()
    assert (anonymous.confidentiality, cycle.confidentiality) == ("anonymous", culture)
    # The PMO lead reads the review's own answers one by one, never the anonymous one.
    client.force_login(alice)
    page = client.get(f"/reviews/{cycle.pk}/").content.decode()
    assert "SECRET-ANON-COMMENT" not in page
    assert "Named and open" in page
    client.force_login(carol)
    page = client.get(f"/reviews/{cycle.pk}/").content.decode()
    assert "SECRET-ANON-COMMENT" not in page
    assert ("Named and open" in page) == (culture == "attributed")


def test_an_issue_cannot_be_raised_from_an_anonymous_answer_in_an_open_review(client, alice):
    customer = CustomerFactory(name="Open Co", feedback_culture="attributed")
    ProjectFactory(name="Alpha", code="ALP-1", customer=customer)
    _import("ALP-1,2025-03,,,email,2,SECRET-ANON-COMMENT\n")
    cycle = ReviewCycle.objects.get()
    ReviewCycle.objects.filter(pk=cycle.pk).update(state="responded")
    client.force_login(alice)
    response = client.post(
        f"/reviews/{cycle.pk}/issues/",
        {"response": Response.objects.get().pk, "text": "x", "priority": "medium"},
    )
    assert response.status_code == 403
    assert not Issue.objects.exists()


def test_an_issue_from_an_anonymous_answer_is_quoted_to_no_one(alice):
    from rapport.feedback import services

    customer = CustomerFactory(name="Open Co", feedback_culture="attributed")
    ProjectFactory(name="Alpha", code="ALP-1", customer=customer)
    _import("ALP-1,2025-03,,,email,2,SECRET-ANON-COMMENT\n")
    cycle = ReviewCycle.objects.get()
    ReviewCycle.objects.filter(pk=cycle.pk).update(state="responded")
    cycle.refresh_from_db()
    issue = services.raise_issue(
        cycle, by=alice, response=Response.objects.get(), text="Slow answers"
    )
    assert issue.level == "anonymous"
    assert not issue.quotable_to(None)
    open_issue = services.raise_issue(cycle, by=alice, text="Said in the meeting")
    assert open_issue.level == "attributed" and open_issue.quotable_to(None)
