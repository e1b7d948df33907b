"""The alerts page in a real browser: a PMO analyst resolves an alert with a note."""

from __future__ import annotations

import pytest

from rapport.insights.analytics import Signal
from rapport.insights.models import Alert
from rapport.insights.services import sync_alerts
from rapport.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_analyst_acknowledges_and_resolves_an_alert(page, screenshot, bob, project, other_project):
    sync_alerts(
        project,
        [
            Signal(
                "drop",
                "warning",
                "2026-05",
                "Mean fell from 8.2 to 5.9 (−2.3) between 2026-04 and 2026-05, n=3.",
            )
        ],
    )
    sync_alerts(
        other_project,
        [
            Signal(
                "low_score",
                "critical",
                "2026-05",
                "A stakeholder scored 3 out of 10 in 2026-05 (scores of 4 or less need a "
                "conversation), n=4.",
            )
        ],
    )
    login(page, bob)
    page.get_by_role("link", name="Health", exact=True).click()
    page.get_by_role("link", name="All alerts").click()
    assert page.get_by_role("heading", name="Alerts").is_visible()
    rows = page.locator("table.alerts tbody tr")
    assert rows.count() == 2
    assert "Critical" in rows.nth(0).inner_text()  # most severe first
    screenshot("list")
    drop = page.locator(f"#alert-{Alert.objects.get(rule='drop').pk}")
    drop.get_by_label("Note").fill("Called the sponsor; weekly check-ins agreed")
    drop.get_by_role("button", name="Resolve").click()
    assert page.get_by_text("resolved.").is_visible()
    assert page.locator("table.alerts tbody tr").count() == 1
    screenshot("after")
    assert Alert.objects.get(rule="drop").resolved_note.startswith("Called the sponsor")


def test_lead_opens_a_project_from_the_health_heatmap(
    page, screenshot, alice, project, other_project
):
    from rapport.insights.tests.snapshots import alert, snapshot_rows

    snapshot_rows([project, other_project])
    alert(project, "low_score", "critical", "2026-02")
    login(page, alice)
    page.get_by_role("link", name="Health").click()
    assert page.locator("svg .project").count() == 2  # the funnel plot
    assert page.locator("svg rect.cell-R").count() >= 1  # the heatmap
    page.locator("#by-customer").scroll_into_view_if_needed()
    page.locator(".rollup svg path.line").first.wait_for(state="attached")  # loaded by htmx
    screenshot("health-dashboard")
    page.locator(f'svg a.row-link[href="/insights/project/{project.pk}/"] rect').first.click()
    page.wait_for_url(f"**/insights/project/{project.pk}/")
    assert page.get_by_role("heading", name=f"Health of {project.name}").is_visible()
    screenshot("project-health")
