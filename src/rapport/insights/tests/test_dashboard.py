"""The portfolio health review and the project health page read snapshots, in fixed queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.insights.models import CommentInsight
from rapport.insights.tests.snapshots import alert, snapshot_rows
from rapport.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/insights/"


def test_dashboard_renders_funnel_heatmap_attention_and_rollup(
    client, alice, project, other_project
):
    snapshot_rows([project, other_project])
    alert(project, "low_score", "critical", "2026-02")
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert 'class="limit-alarm"' in html  # funnel plot with its control limits
    assert html.count('class="project"') == 2  # one funnel point per project
    assert 'class="cell cell-' in html  # heatmap cells
    assert f'href="/insights/project/{project.pk}/"' in html  # a row opens the project
    assert "low_score fired in 2026-02" in html  # needs attention
    assert project.customer.name in html and "Mean θ of its projects" in html


def test_empty_state_says_what_to_do(client, alice):
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "No health computed yet" in html and "rapport import responses" in html


def test_sponsor_reads_health_but_not_alert_messages_or_comments(client, erin, project):
    snapshot_rows([project])
    alert(project, "low_score", "critical")
    CommentInsight.objects.create(respondents=20, comments=40, sentiment=0.2, themes=[])
    client.force_login(erin)
    html = client.get(URL).content.decode()
    assert 'class="cell cell-' in html
    assert "low_score fired" not in html
    assert "What comments say" not in html


def test_comment_insight_hidden_below_the_threshold(client, alice, project):
    snapshot_rows([project])
    CommentInsight.objects.create(
        respondents=3,
        comments=5,
        sentiment=-0.4,
        themes=[{"theme": "schedule", "respondents": 3, "sentiment": -0.5}],
    )
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert "fewer than 7 people: not shown" in html and "-0.40" not in html


def test_heatmap_filters_by_customer_and_paginates(client, alice, project, other_project):
    snapshot_rows([project, other_project])
    client.force_login(alice)
    html = client.get(URL, {"customer": project.customer_id}).content.decode()
    assert project.name in html and other_project.name not in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_projects(client, alice, project):
    snapshot_rows([project])
    client.force_login(alice)
    few = _queries(client, URL)
    many = ProjectFactory.create_batch(30, customer=project.customer)
    snapshot_rows(many)
    for p in many[:5]:
        alert(p)
    assert _queries(client, URL) == few


def test_project_health_page_shows_trend_signals_and_evidence(client, carol, erin, project):
    snapshot_rows([project])  # the latest month (2026-03) is red with a signal
    alert(project, "drop", "warning", "2026-03")
    client.force_login(carol)
    html = client.get(f"/insights/project/{project.pk}/").content.decode()
    assert 'class="band"' in html  # the interval around the trend
    assert "Mean fell from 8.0 to 5.0" in html and "drop = 3" in html
    assert "fired in <strong>2026-03</strong>" in html
    client.force_login(erin)  # a sponsor: the figures, not the evidence that cites answers
    html = client.get(f"/insights/project/{project.pk}/").content.decode()
    assert 'class="band"' in html and "Mean fell from 8.0 to 5.0" not in html


def test_project_page_query_count_is_fixed(client, alice, project):
    snapshot_rows([project])
    client.force_login(alice)
    url = f"/insights/project/{project.pk}/"
    few = _queries(client, url)
    snapshot_rows([project], periods=[f"2025-{m:02d}" for m in range(1, 13)])
    assert _queries(client, url) == few


def test_customer_page_shows_latest_health(client, alice, project):
    client.force_login(alice)
    url = project.customer.get_absolute_url()
    assert "no review scores yet" in client.get(url).content.decode()
    snapshot_rows([project])
    html = client.get(url).content.decode()
    assert f'href="/insights/project/{project.pk}/" title="Health in 2026-03"' in html


def test_rollup_shows_the_mix_of_health_not_one_badge(client, alice, project):
    siblings = [ProjectFactory(customer=project.customer) for _ in range(2)]
    snapshot_rows([project, *siblings])  # latest month: R, G, A
    client.force_login(alice)
    html = client.get(URL).content.decode()
    assert 'aria-label="Health of its projects: 1 green, 1 amber, 1 red"' in html
    for pill in (
        '"pill G" title="green">1 G<',
        '"pill A" title="amber">1 A<',
        '"pill R" title="red">1 R<',
    ):
        assert pill in html
