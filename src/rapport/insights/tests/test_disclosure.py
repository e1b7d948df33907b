"""The issue's example: an anonymous review answered by one person leaks nothing through the
health page, the health API or the alert email; the PMO still hears that something changed."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from rapport.insights.models import Alert
from rapport.insights.services import recompute_health
from rapport.testing.factories import ResponseFactory, ReviewCycleFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

FIGURES = re.compile(r"\b[2-9]\.\d\b|n=1\b")  # any score-like figure from the answers


def _periods(count: int) -> list[str]:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1
    return [f"{i // 12}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def _answer(cycle, score):
    return ResponseFactory(cycle=cycle, scores={"overall": score})


@pytest.fixture
def lone_anonymous_answers(project, alice, bob, django_capture_on_commit_callbacks):
    project.customer.feedback_culture = "anonymous"
    project.customer.save()
    StakeholderFactory(customer=project.customer)
    # One anonymous answer a month: eleven months of 8s, then a 1 this month.
    for period, score in zip(_periods(12), [8] * 11 + [1], strict=True):
        cycle = ReviewCycleFactory(
            project=project, period=period, state="closed", confidentiality="anonymous"
        )
        _answer(cycle, score)
    with django_capture_on_commit_callbacks(execute=True):
        recompute_health()
    return project


def test_the_alert_says_what_and_why_without_numbers(lone_anonymous_answers):
    alert = Alert.objects.get(project=lone_anonymous_answers, rule="early_warning")
    assert "fallen below its usual" in alert.message and "withheld" in alert.message
    assert not FIGURES.search(alert.message)
    assert alert.evidence == {"withheld": True, "k": 5, "direction": "down"}
    emails = [m for m in mail.outbox if "alert" in m.subject.lower() or m.to]
    assert emails, "the PMO and the manager still hear about it"
    for message in emails:
        html = message.alternatives[0][0] if message.alternatives else ""
        assert not FIGURES.search(message.body) and not FIGURES.search(html)


@pytest.mark.parametrize("reader", ["carol", "erin", "alice"])
def test_health_page_and_api_show_no_figure_from_one_person(
    lone_anonymous_answers, client, users, reader
):
    client.force_login(users[reader])
    page = client.get(f"/insights/project/{lone_anonymous_answers.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert not FIGURES.search(text)
    assert "given in confidence" in text  # says why the figures are not there
    rows = client.get("/api/insights/health", {"all_periods": "true"}).json()["items"]
    for row in rows:
        assert row["n"] == 0 and row["mean"] is None and row["theta"] is None
