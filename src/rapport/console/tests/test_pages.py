"""Console pages: empty states, forms through the services, pagination, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.audit.models import AuditEntry
from rapport.customers.models import Customer
from rapport.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_empty_portfolio_tells_the_lead_what_to_do_next(client, alice):
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert "No customers yet." in page and "Add your first customer" in page


def test_project_manager_without_projects_gets_a_helpful_empty_state(client, dave):
    client.force_login(dave)
    assert "No projects are assigned to you yet." in client.get("/").content.decode()


def test_adding_a_customer_through_the_console_goes_through_the_service(client, bob):
    client.force_login(bob)
    response = client.post(
        "/customers/new/",
        {
            "name": "Supply Chain",
            "kind": "business_unit",
            "preferred_channel": "email",
            "language": "de",
            "feedback_culture": "confidential",
            "priorities": "On-time delivery\n\nLower stock",
        },
    )
    customer = Customer.objects.get(name="Supply Chain")
    assert response.status_code == 302 and response["Location"] == f"/customers/{customer.pk}/"
    assert customer.priorities == ["On-time delivery", "Lower stock"]
    assert AuditEntry.objects.filter(action="customers.customer.created", actor=bob).exists()


def test_bad_input_shows_errors_and_changes_nothing(client, alice, customer):
    client.force_login(alice)
    response = client.post(
        "/projects/new/",
        {
            "name": "X",
            "customer": customer.pk,
            "complexity": 8,
            "novelty": 3,
            "state": "active",
            "phase": "planning",
            "delivery_status": "G",
            "size_band": "M",
            "customer_groups": 1,
            "site": "hq",
        },
    )
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 5." in response.content.decode()
    assert not customer.projects.exists()


def test_customer_text_is_escaped(client, alice, alice_customer_with_script):
    client.force_login(alice)
    page = client.get(f"/customers/{alice_customer_with_script.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.fixture
def alice_customer_with_script(alice):
    from rapport.customers import services

    return services.create_customer(
        by=alice, name="Evil <script>alert(1)</script>", motivations="<script>alert(1)</script>"
    )


def test_project_list_paginates_and_keeps_filters(client, alice, customer):
    for i in range(60):
        ProjectFactory(customer=customer, name=f"Project {i:02d}", delivery_status="G")
    client.force_login(alice)
    first = client.get("/projects/?delivery_status=G").content.decode()
    assert "Page 1 of 2" in first and "delivery_status=G&amp;page=2" in first
    second = client.get("/projects/?delivery_status=G&page=2").content.decode()
    assert "Project 59" in second
    assert client.get("/projects/?page=99").status_code == 200  # last page, not an error


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/projects/", "/customers/", "/"])
def test_lists_do_not_grow_queries_with_rows(client, alice, customer, url):
    ProjectFactory.create_batch(3, customer=customer, delivery_status="R")
    client.force_login(alice)
    few = _queries(client, url)
    ProjectFactory.create_batch(30, delivery_status="R")
    assert _queries(client, url) == few


def test_pmo_home_shows_this_months_loop(client, alice, project, other_project):
    from rapport.customers.models import Concern
    from rapport.feedback.services.cycles import current_period
    from rapport.insights.models import Alert
    from rapport.testing.factories import ReviewCycleFactory

    period = current_period()
    ReviewCycleFactory(project=project, period=period, state="responded")
    ReviewCycleFactory(project=other_project, period=period, state="invited")
    ReviewCycleFactory(project=other_project, period="2020-01", state="closed")
    Alert.objects.create(
        project=project,
        rule="drop",
        severity="warning",
        period=period,
        last_period=period,
        message="Mean fell by 2.5 points.",
    )
    Concern.objects.create(customer=project.customer, text="Slow answers", status="open")
    client.force_login(alice)
    response = client.get("/")
    assert (response.context["cycles_answered"], response.context["cycles_total"]) == (1, 2)
    assert response.context["open_alerts"] == 1
    assert response.context["open_concerns"] == 1
    assert f"reviews answered in {period}" in response.content.decode()
