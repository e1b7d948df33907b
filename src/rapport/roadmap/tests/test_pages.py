"""Roadmap list pages: empty states, pagination and query counts that do not grow with rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.plainlanguage.models import GlossaryTerm
from rapport.roadmap import services
from rapport.testing.factories import CustomerFactory

pytestmark = pytest.mark.django_db
OUTCOME = "You get a clear answer within a week."


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_services(alice, start, n):
    customers = CustomerFactory.create_batch(2)
    for i in range(start, start + n):
        services.create_service(
            by=alice, name=f"Service {i:02d}", outcome=OUTCOME, owner=alice, customers=customers
        )


def _add_customer_words(alice, start, n):
    terms = list(GlossaryTerm.objects.order_by("pk")[start : start + n])
    for term in terms:
        services.set_customer_term(CustomerFactory(), term, f"word {term.pk}", by=alice)


@pytest.mark.parametrize(
    ("url", "grow"),
    [
        ("/roadmap/services/", _add_services),
        ("/roadmap/glossary/", None),
        ("/roadmap/customer-words/", _add_customer_words),
    ],
)
def test_roadmap_lists_do_not_grow_queries_with_rows(client, alice, url, grow):
    if grow:
        grow(alice, 0, 3)
    client.force_login(alice)
    few = _queries(client, url)
    if grow:
        grow(alice, 3, 20)
    else:
        for i in range(20):
            services.add_glossary_term(by=alice, term=f"jargon {i}", plain="plain")
    assert _queries(client, url) == few


def test_empty_service_catalog_tells_the_lead_what_to_do(client, alice, carol):
    client.force_login(alice)
    assert "Add your first service" in client.get("/roadmap/services/").content.decode()
    client.force_login(carol)
    page = client.get("/roadmap/services/").content.decode()
    assert "Your PMO lead describes the PMO’s services here." in page


def test_service_list_paginates_and_filters(client, alice):
    _add_services(alice, 0, 55)
    client.force_login(alice)
    first = client.get("/roadmap/services/?status=idea").content.decode()
    assert "Page 1 of 2" in first and "status=idea&amp;page=2" in first
    assert (
        "No service is retired." in client.get("/roadmap/services/?status=retired").content.decode()
    )


def test_empty_customer_words_page_says_where_words_come_from(client, bob):
    client.force_login(bob)
    page = client.get("/roadmap/customer-words/").content.decode()
    assert "No customer words recorded yet." in page
