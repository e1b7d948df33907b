"""The demo's review history: enough months, planted patterns, and a working survey link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command

from rapport.feedback.models import Action, CycleState, Response, ReviewCycle

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def test_demo_builds_review_history_and_prints_a_working_survey_link(client, capsys):
    call_command("demo_data", customers=5, projects=15, months=8, seed=3, today=TODAY)
    out = capsys.readouterr().out
    path = re.search(r"Example survey link .*?http://testserver(/s/[A-Za-z0-9_\-]+/)", out).group(1)
    assert client.get(path).status_code == 200
    assert client.post(path, {"q_overall": "8"}).status_code == 302

    periods = set(ReviewCycle.objects.values_list("period", flat=True))
    assert "2026-11" in periods and "2026-03" in periods and "2026-02" not in periods
    assert ReviewCycle.objects.filter(period="2026-11", state__in=["invited", "responded"]).exists()
    assert ReviewCycle.objects.filter(state=CycleState.EXPIRED).exists()
    assert ReviewCycle.objects.filter(disengaged=True).exists()
    sources = set(Response.objects.values_list("source", flat=True))
    assert {"survey", "meeting"} <= sources or {"survey", "call"} <= sources
    assert Action.objects.filter(status="done").exists()
    assert Action.objects.filter(status__in=["open", "in_progress"]).exists()


def test_some_projects_deteriorate_over_the_last_months():
    from rapport.demo.builder import DemoOptions, build_demo

    build_demo(DemoOptions(customers=6, projects=20, months=10, seed=7, today=TODAY))
    falling = 0
    for project_id in ReviewCycle.objects.values_list("project_id", flat=True).distinct():
        early = list(
            Response.objects.filter(project_id=project_id, period__lte="2026-05").values_list(
                "overall", flat=True
            )
        )
        late = list(
            Response.objects.filter(
                project_id=project_id, period__in=["2026-09", "2026-10"]
            ).values_list("overall", flat=True)
        )
        if early and late and sum(late) / len(late) <= sum(early) / len(early) - 2:
            falling += 1
    assert falling >= 1
