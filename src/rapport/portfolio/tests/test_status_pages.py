"""The delivery-status history on the project page and in the API."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from rapport.audit.models import AuditEntry
from rapport.portfolio import services
from rapport.portfolio.history import previous_period
from rapport.portfolio.models import DeliveryStatusMonth

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(alice, project):
    """Branch booking: G, then A/G two months ago, then A/R this month (changed in the console)."""
    this_month = services.period_of(timezone.localdate())
    two_back = previous_period(previous_period(this_month))
    services.set_delivery_status(project, "G", by=alice, period=previous_period(two_back))
    services.set_delivery_status(project, "AG", by=alice, period=two_back)
    services.set_delivery_status(project, "AR", by=alice)
    return this_month, two_back


def test_the_project_page_shows_each_month_with_its_letter(client, erin, project, history):
    this_month, two_back = history
    client.force_login(erin)  # a sponsor sees the delivery status, as the headline
    html = client.get(project.get_absolute_url()).content.decode()
    strip = re.search(r'<ol class="status-strip".*?</ol>', html, re.S).group(0)
    cells = re.findall(
        r'<span class="pill (\w+)">([^<]+)</span><span class="month">([\d-]+)', strip
    )
    assert [(label, period) for _, label, period in cells] == [
        ("G", previous_period(two_back)),
        ("A/G", two_back),
        ("A/G", previous_period(this_month)),
        ("A/R", this_month),
    ]
    assert strip.count("(changed)") == 2  # in words too, not only an underline
    assert f"since {this_month} · last recorded by Alice Lead" in html


def test_a_project_without_history_shows_todays_status_only(client, alice, project):
    client.force_login(alice)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "status-strip" not in html and f'pill {project.delivery_status}"' in html


def test_the_api_project_detail_lists_the_recorded_months(client, carol, project, history):
    this_month, two_back = history
    client.force_login(carol)
    body = client.get(f"/api/projects/{project.pk}").json()
    assert body["delivery_status"] == "AR"
    assert body["delivery_history"] == [
        {"period": previous_period(two_back), "status": "G"},
        {"period": two_back, "status": "AG"},
        {"period": this_month, "status": "AR"},
    ]
    # The list stays one query per page: no history there.
    assert "delivery_history" not in client.get("/api/projects/").json()["items"][0]


def test_the_api_records_a_status_through_the_service(client, bob, project):
    client.force_login(bob)
    url = f"/api/projects/{project.pk}/delivery-status"
    response = client.post(url, {"status": "a/g"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["delivery_status"] == "AG"
    past = client.post(url, {"status": "R", "period": "2024-01"}, content_type="application/json")
    assert past.json()["delivery_status"] == "AG"  # history corrected, today unchanged
    assert past.json()["delivery_history"][0] == {"period": "2024-01", "status": "R"}
    entries = AuditEntry.objects.filter(action="portfolio.project.delivery_status_recorded")
    assert {e.actor for e in entries} == {bob}


def test_the_api_refuses_bad_input_and_other_roles(client, bob, carol, project):
    url = f"/api/projects/{project.pk}/delivery-status"
    client.force_login(bob)
    bad = client.post(url, {"status": "Purple"}, content_type="application/json")
    assert bad.status_code == 422 and "delivery_status" in bad.json()["errors"]
    future = client.post(url, {"status": "R", "period": "2999-01"}, content_type="application/json")
    assert (
        future.status_code == 422 and "has not started yet" in future.json()["errors"]["period"][0]
    )
    client.force_login(carol)  # a project manager reads the status; the PMO sets it
    assert client.post(url, {"status": "R"}, content_type="application/json").status_code == 403
    assert not DeliveryStatusMonth.objects.exists()


def test_the_admin_shows_the_history_and_cannot_change_the_status(client, alice, project, history):
    client.force_login(alice)
    url = f"/admin/portfolio/project/{project.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="delivery_status"' not in html  # read-only: changes go through the service
    assert "status_months-group" in html and history[1] in html
