"""The customer roadmap pages: from a pain point to a planned roadmap, permissions, XSS, queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.customers import services as customer_services
from rapport.roadmap.models import RoadmapItem
from rapport.roadmap.services import sharing
from rapport.roadmap.services.items import create_item, replan_roadmap
from rapport.roadmap.timeline import TimelineRow, roadmap_timeline

pytestmark = pytest.mark.django_db

PLAIN = "You book a branch visit in two clicks. No more calls to find a free slot."


@pytest.fixture
def pain(customer, alice):
    stage = customer_services.ensure_journey(customer, by=alice)[0]
    return customer_services.create_pain_point(
        customer, by=alice, stage=stage, description="Booking takes three calls.", severity=4
    )


def test_a_lead_goes_from_a_pain_point_to_a_prioritized_roadmap(client, alice, customer, pain):
    client.force_login(alice)
    journey = client.get(reverse("customers:journey", args=[customer.pk])).content.decode()
    add_url = reverse("roadmap:item_create", args=[customer.pk]) + f"?pain={pain.pk}"
    assert add_url in journey
    form = client.get(add_url).content.decode()
    assert "Booking takes three calls." in form and 'hx-post="/roadmap/language/check/"' in form
    url = reverse("roadmap:item_create", args=[customer.pk])
    base = {"reach": 50, "confidence": "0.8", "outcome": PLAIN, "pain_points": [pain.pk]}
    client.post(url, {**base, "title": "Big platform", "pain_relief": 3, "effort": 6})
    client.post(url, {**base, "title": "Booking link", "pain_relief": 4, "effort": 1})
    assert RoadmapItem.objects.count() == 2
    client.post(reverse("roadmap:replan", args=[customer.pk]), {"cap": 2, "threshold": 60})
    first, second = RoadmapItem.objects.order_by("position")
    assert first.title == "Booking link" and first.is_quick_win and first.wave == 0
    assert second.wave == 1 and second.build_start >= first.build_end
    page = client.get(reverse("roadmap:customer_roadmap", args=[customer.pk])).content.decode()
    assert "★ Quick win" in page and "<svg" in page and "Wave 1" in page and "today" in page
    table = page[page.index("<h2>Items</h2>") :]
    assert table.index("Booking link") < table.index("Big platform")
    service_page = reverse("customers:detail", args=[customer.pk])
    assert (
        reverse("roadmap:customer_roadmap", args=[customer.pk])
        in client.get(service_page).content.decode()
    )


def test_bad_input_shows_errors_and_changes_nothing(client, alice, customer):
    client.force_login(alice)
    url = reverse("roadmap:item_create", args=[customer.pk])
    response = client.post(
        url,
        {
            "title": "X",
            "outcome": PLAIN,
            "reach": 5,
            "pain_relief": 9,
            "confidence": 2,
            "effort": 0,
        },
    )
    assert response.status_code == 200 and not RoadmapItem.objects.exists()


def test_sponsors_read_the_roadmap_but_not_the_customers_words(
    client, alice, erin, carol, customer, project, stakeholder
):
    item = create_item(customer, by=alice, title="Booking link", outcome=PLAIN)
    link, _token = sharing.create_share_link(customer, by=alice, stakeholder=stakeholder)
    sharing.add_customer_comment(link, item.pk, "Only for the PMO and the manager")
    url = reverse("roadmap:customer_roadmap", args=[customer.pk])
    client.force_login(erin)
    page = client.get(url).content.decode()
    assert "Booking link" in page and "Only for the PMO" not in page
    assert "Make a link" not in page
    client.force_login(carol)
    page = client.get(url).content.decode()
    assert "Only for the PMO and the manager" in page and "Make a link" not in page


def test_customer_text_is_escaped_on_the_console_and_in_the_timeline(
    client, alice, customer, stakeholder
):
    evil = "<script>alert(1)</script>"
    item = create_item(customer, by=alice, title=evil, outcome=PLAIN)
    replan_roadmap(customer, by=alice)
    link, _token = sharing.create_share_link(customer, by=alice, stakeholder=stakeholder)
    sharing.add_customer_comment(link, item.pk, evil)
    client.force_login(alice)
    page = client.get(reverse("roadmap:customer_roadmap", args=[customer.pk])).content.decode()
    assert evil not in page and "&lt;script&gt;" in page
    svg = roadmap_timeline(
        [TimelineRow(evil, True, 0, dt.date(2026, 1, 1), dt.date(2026, 2, 1), None)],
        today=dt.date(2026, 1, 15),
        title=evil,
    )
    assert evil not in svg and "&lt;script&gt;" in svg


def test_the_roadmap_page_query_count_does_not_grow_with_items(
    client, alice, customer, pain, stakeholder
):
    link, _token = sharing.create_share_link(customer, by=alice, stakeholder=stakeholder)

    def add(n):
        for i in range(n):
            item = create_item(
                customer, by=alice, title=f"Step {i}", outcome=PLAIN, pain_points=[pain]
            )
            sharing.add_customer_comment(link, item.pk, "Good")

    client.force_login(alice)
    url = reverse("roadmap:customer_roadmap", args=[customer.pk])
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(8)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    public = reverse("roadmap_public:show", args=[sharing.token_for(link)])
    client.logout()
    with CaptureQueriesContext(connection) as public_many:
        assert client.get(public).status_code == 200
    assert len(public_many) < 15


def test_the_service_page_shows_the_pains_its_roadmap_items_relieve(client, alice, customer, pain):
    from rapport.roadmap.services import create_service

    service = create_service(by=alice, name="Start kit", outcome="You start in two weeks.")
    create_item(customer, by=alice, title="Kit", outcome=PLAIN, service=service, pain_points=[pain])
    client.force_login(alice)
    page = client.get(service.get_absolute_url()).content.decode()
    assert "Booking takes three calls." in page and customer.name in page


def _form(page, action: str) -> str:
    html = page.content.decode()
    start = html.index(f'action="{action}"')
    return html[start : html.index("</form>", start)]


def test_refused_replan_and_share_link_settings_come_back_as_they_were_sent(
    client, alice, customer, stakeholder
):
    from rapport.audit.models import AuditEntry
    from rapport.roadmap.models import ShareLink

    client.force_login(alice)
    url = reverse("roadmap:replan", args=[customer.pk])
    page = client.post(url, {"start": "2027-01-04", "cap": 3, "threshold": 5})
    assert page.status_code == 400
    assert "Check the replanning settings" in page.content.decode()
    form = _form(page, url)
    assert 'value="2027-01-04"' in form and 'name="cap" value="3"' in form
    assert 'name="threshold" value="5"' in form
    assert "Ensure this value is greater than or equal to 10." in form
    url = reverse("roadmap:share_create", args=[customer.pk])
    sent = {"stakeholder": stakeholder.pk, "max_age_days": 400, "send_email": "on"}
    page = client.post(url, sent)
    assert page.status_code == 400
    form = _form(page, url)
    assert f'<option value="{stakeholder.pk}" selected>' in form
    assert 'name="max_age_days" value="400"' in form and "checked" in form
    assert "Ensure this value is less than or equal to 366." in form
    assert not ShareLink.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="roadmap.").exists()
