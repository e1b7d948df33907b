"""Bad input to the JSON API gets a 4xx answer that says what is wrong, and changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.accounts.models import User
from rapport.customers.models import Customer, ListeningSession
from rapport.customers.services import create_listening_session
from rapport.portfolio.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client: Client, alice: User) -> Client:
    client.force_login(alice)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/api/projects/?page=2432902008176639999",
        "/api/projects/?page_size=100000",
        "/api/projects/?customer_id=99999999999999999999",
        "/api/customers/stakeholders/?customer_id=99999999999999999999",
        "/api/feedback/cycles?project_id=99999999999999999999",
        "/api/customers/99999999999999999999",
        "/api/customers/0",
        "/api/customers/?q=a%00b",
        "/api/customers/?q=" + "x" * 201,
    ],
)
def test_out_of_range_or_odd_query_values_are_422(api: Client, project: Project, url: str) -> None:
    response = api.get(url)
    assert response.status_code == 422, response.content
    assert response.json()["detail"]


def test_null_for_a_field_that_cannot_be_empty_is_refused(
    api: Client, alice: User, customer: Customer
) -> None:
    session = create_listening_session(customer, by=alice, story="What they said.")
    response = api.patch(
        f"/api/customers/listening-sessions/{session.pk}",
        {"story": None},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert ListeningSession.objects.get(pk=session.pk).story == "What they said."
    response = api.patch(
        f"/api/customers/{customer.pk}", {"value_provided": None}, content_type="application/json"
    )
    assert response.status_code == 422
    customer.refresh_from_db()
    assert customer.value_provided is not None


def test_control_characters_and_overlong_text_are_refused_with_a_clear_message(
    api: Client, customer: Customer
) -> None:
    response = api.patch(
        f"/api/customers/{customer.pk}", {"name": "Retail\x00"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "U+0000 (NUL)" in str(response.json()["detail"])
    response = api.patch(
        f"/api/customers/{customer.pk}",
        {"value_provided": "x" * 10_001},
        content_type="application/json",
    )
    assert response.status_code == 422
    customer.refresh_from_db()
    assert customer.name == "Retail Banking"


def test_multi_line_text_keeps_tabs_and_line_breaks_verbatim(
    api: Client, customer: Customer
) -> None:
    text = "\tIndented first line,\r\nthen a second.  "
    response = api.patch(
        f"/api/customers/{customer.pk}", {"value_provided": text}, content_type="application/json"
    )
    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.value_provided == text


def test_every_error_status_is_in_the_schema(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    patch = paths["/api/customers/{customer_id}"]["patch"]["responses"]
    assert {"400", "401", "403", "404", "422"} <= set(patch)
    listing = paths["/api/projects/"]["get"]["responses"]
    assert {"401", "422"} <= set(listing)


@pytest.mark.parametrize(
    "url", ["/api/customers/abc", "/api/customers/-1", "/api/nope", "/api/customers/1/x"]
)
def test_a_path_no_operation_takes_is_a_json_404(api: Client, url: str) -> None:
    response = api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "No such path in the API."}


def test_console_pages_keep_their_html_404(api: Client) -> None:
    response = api.get("/customers/abc")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_method_a_path_does_not_take_is_a_json_405_with_allow(
    api: Client, customer: Customer
) -> None:
    response = api.put(f"/api/customers/{customer.pk}", "{}", content_type="application/json")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}
    assert response.json()["detail"].startswith("This path does not take PUT")


@pytest.mark.parametrize(
    ("path", "name", "good"),
    [
        ("/api/projects/", "delivery_status", "AR"),
        ("/api/projects/", "state", "active"),
        ("/api/feedback/cycles", "state", "closed"),
        ("/api/feedback/cycles", "period", "2026-05"),
        ("/api/services/", "status", "idea"),
        ("/api/customers/", "kind", "client"),
        ("/api/customers/", "language", "fr"),
        ("/api/customers/pain-points/", "status", "open"),
        ("/api/customers/concerns/", "status", "open"),
    ],
)
def test_a_code_a_list_does_not_know_is_a_422_naming_the_filter(
    api: Client, project: Project, path: str, name: str, good: str
) -> None:
    """An unknown code used to give an empty page, which reads as "nothing matches"."""
    response = api.get(path, {name: "ZZ"})
    assert response.status_code == 422, response.content
    (message,) = response.json()["errors"][name]
    assert message.endswith("got “ZZ”.") and (good in message or "YYYY-MM" in message)
    for value in (good, ""):
        assert api.get(path, {name: value}).status_code == 200
