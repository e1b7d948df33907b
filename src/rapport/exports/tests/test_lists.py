"""Every list exports in both formats, with the page's filters, and the pages link to it."""

from __future__ import annotations

import pytest

from rapport.exports.services import EXPORTS
from rapport.exports.tests.files import download

pytestmark = pytest.mark.django_db

# What each list holds for the PMO lead in the small world (conftest).
EXPECTED = {
    "customers": 2,
    "stakeholders": 2,
    "projects": 2,
    "reviews": 3,
    "responses": 2,  # the anonymous answer is never exported one by one
    "issues": 3,
    "actions": 2,
    "alerts": 2,
    "health": 2,
    "roadmap": 2,
    "audit": 1,
}


def test_every_list_is_covered():
    assert set(EXPECTED) == set(EXPORTS)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_list_in_both_formats(client, alice, world, name, fmt):
    rows = download(client, alice, name, fmt)
    assert len(rows) == EXPECTED[name]


def test_both_formats_hold_the_same_rows(client, alice, world):
    as_csv = download(client, alice, "projects", "csv")
    as_xlsx = download(client, alice, "projects", "xlsx")
    assert [r["project"] for r in as_csv] == [r["project"] for r in as_xlsx]
    assert as_xlsx[0]["complexity"] == int(as_csv[0]["complexity"])  # numbers stay numbers


def test_the_download_is_a_named_attachment_kept_out_of_caches(client, alice, world):
    client.force_login(alice)
    response = client.get("/exports/projects.xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="rapport-projects-')
    assert response["Cache-Control"] == "private, no-store"


def test_an_unknown_list_or_format_is_not_found(client, alice):
    client.force_login(alice)
    assert client.get("/exports/salaries.csv").status_code == 404
    assert client.get("/exports/projects.pdf").status_code == 404


def test_signing_in_is_required(client, world):
    response = client.get("/exports/projects.csv")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_project_filters_are_the_pages(client, alice, world, project, other_project):
    rows = download(client, alice, "projects", q="branch")
    assert [r["project"] for r in rows] == [project.name]
    rows = download(client, alice, "projects", customer=other_project.customer_id)
    assert [r["project"] for r in rows] == [other_project.name]


def test_customer_search_is_the_pages(client, alice, world):
    assert [r["customer"] for r in download(client, alice, "customers", q="retail")] == [
        "Retail Banking"
    ]


def test_review_filters(client, alice, world, project):
    rows = download(client, alice, "reviews", project=project.pk, period="2026-04")
    assert [(r["period"], r["confidentiality"]) for r in rows] == [("2026-04", "confidential")]


def test_responses_filtered_by_review(client, alice, world):
    rows = download(client, alice, "responses", review=world["open"].pk)
    assert [r["comment"] for r in rows] == ["Clear updates"]
    assert rows[0]["overall"] == "8" and rows[0]["transparency"] == "7"


def test_alerts_keep_the_state_filter(client, alice, world):
    assert len(download(client, alice, "alerts", state="resolved")) == 0
    assert len(download(client, alice, "alerts", state="active")) == 2


def test_audit_filter_by_area(client, alice, world):
    assert len(download(client, alice, "audit", action="feedback")) == 0
    assert len(download(client, alice, "audit", action="customers")) == 1


def test_health_and_roadmap_by_customer(client, alice, world, project):
    health = download(client, alice, "health", customer=project.customer_id)
    assert [r["project"] for r in health] == [project.name]
    roadmap = download(client, alice, "roadmap", customer=project.customer_id)
    assert [r["title"] for r in roadmap] == ["Booking status page"]


def test_list_pages_link_to_their_export_with_their_filters(client, alice, world):
    client.force_login(alice)
    html = client.get("/projects/", {"q": "branch", "page": "1"}).content.decode()
    assert 'href="/exports/projects.csv?q=branch"' in html
    assert 'href="/exports/projects.xlsx?q=branch"' in html
    for url, link in [
        ("/customers/", "/exports/customers.csv"),
        ("/audit/", "/exports/audit.csv"),
        ("/insights/alerts/", "/exports/alerts.csv"),
        ("/insights/", "/exports/health.csv"),
        ("/reviews/", "/exports/reviews.csv?in_flight=1"),
        (f"/reviews/{world['open'].pk}/", f"/exports/responses.csv?review={world['open'].pk}"),
    ]:
        assert link in client.get(url).content.decode(), url
