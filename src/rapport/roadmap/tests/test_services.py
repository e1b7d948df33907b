"""The service catalog, glossary and customer words: services, permissions, audit, pages, API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rapport.audit.models import AuditEntry
from rapport.catalog.models import Service, ServiceStatus
from rapport.plainlanguage.models import CustomerTerm, GlossaryTerm
from rapport.roadmap import services

pytestmark = pytest.mark.django_db

PLAIN = "You get one page that shows how your projects are doing. We update it each week."
JARGON = "We baseline deliverables and escalate RAID log items to the steering committee."


@pytest.fixture
def service(alice, customer):
    return services.create_service(
        by=alice, name="Plain progress report", outcome=PLAIN, customers=[customer]
    )


def test_a_new_service_is_an_idea_with_its_customers_and_an_audit_entry(alice, service, customer):
    assert service.status == ServiceStatus.IDEA
    assert list(service.customers.all()) == [customer]
    entry = AuditEntry.objects.get(action="roadmap.service.created")
    assert entry.actor == alice and entry.changes["name"] == "Plain progress report"


def test_status_moves_only_along_legal_transitions(alice, service):
    with pytest.raises(ValidationError, match="cannot go from idea to available"):
        services.change_service_status(service, ServiceStatus.AVAILABLE, by=alice)
    services.change_service_status(service, ServiceStatus.PILOTING, by=alice)
    services.change_service_status(service, ServiceStatus.AVAILABLE, by=alice)
    services.change_service_status(service, ServiceStatus.RETIRED, by=alice)
    with pytest.raises(ValidationError, match="cannot go from retired to available"):
        services.change_service_status(service, ServiceStatus.AVAILABLE, by=alice)
    service.refresh_from_db()
    assert service.status == ServiceStatus.RETIRED
    moves = AuditEntry.objects.filter(action="roadmap.service.status_changed").order_by("id")
    assert [e.changes["status"] for e in moves] == [
        ["idea", "piloting"],
        ["piloting", "available"],
        ["available", "retired"],
    ]


def test_a_service_cannot_be_made_available_while_its_outcome_fails_the_check(alice):
    service = services.create_service(by=alice, name="Reporting", outcome=JARGON)
    services.change_service_status(service, ServiceStatus.PILOTING, by=alice)
    with pytest.raises(ValidationError) as err:
        services.change_service_status(service, ServiceStatus.AVAILABLE, by=alice)
    assert "plain language" in str(err.value)
    service.refresh_from_db()
    assert service.status == ServiceStatus.PILOTING


def test_an_available_service_keeps_a_plain_outcome(alice, service):
    services.change_service_status(service, ServiceStatus.PILOTING, by=alice)
    services.change_service_status(service, ServiceStatus.AVAILABLE, by=alice)
    with pytest.raises(ValidationError, match="plain language"):
        services.update_service(service, by=alice, outcome=JARGON)
    service.refresh_from_db()
    assert service.outcome == PLAIN


def test_changing_customers_is_audited(alice, service, customer, other_customer):
    diff = services.update_service(service, by=alice, customers=[other_customer])
    assert diff["customers"] == [["Retail Banking"], ["Group Finance"]]
    assert AuditEntry.objects.filter(action="roadmap.service.customers_changed").exists()
    assert services.update_service(service, by=alice, customers=[other_customer]) == {}


def test_glossary_terms_are_unique_whatever_the_case(alice):
    with pytest.raises(ValidationError):
        services.add_glossary_term(by=alice, term="Deliverable", plain="what you get")


def test_customer_word_is_set_then_changed_then_removed(alice, customer):
    term = GlossaryTerm.objects.get(term="go-live", language="en")
    first = services.set_customer_term(customer, term, " launch weekend ", by=alice)
    assert first.customer_word == "launch weekend"
    services.set_customer_term(customer, term, "big day", by=alice)
    assert CustomerTerm.objects.get().customer_word == "big day"
    services.delete_customer_term(first, by=alice)
    assert not CustomerTerm.objects.exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="roadmap.customer_term").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == [
        "roadmap.customer_term.created",
        "roadmap.customer_term.deleted",
        "roadmap.customer_term.updated",
    ]


# --- pages ---------------------------------------------------------------------------------------


def test_lead_adds_a_service_in_the_console(client, alice, customer):
    client.force_login(alice)
    response = client.post(
        "/roadmap/services/new/",
        {"name": "Start kit", "outcome": PLAIN, "owner": alice.pk, "customers": [customer.pk]},
    )
    service = Service.objects.get(name="Start kit")
    assert (
        response.status_code == 302 and response["Location"] == f"/roadmap/services/{service.pk}/"
    )


def test_making_a_jargon_service_available_shows_a_clear_error(client, alice):
    service = services.create_service(by=alice, name="Reporting", outcome=JARGON)
    services.change_service_status(service, ServiceStatus.PILOTING, by=alice)
    client.force_login(alice)
    page = client.post(
        f"/roadmap/services/{service.pk}/status/", {"status": "available"}, follow=True
    ).content.decode()
    assert "can only be available once its outcome statement is in plain language" in page
    service.refresh_from_db()
    assert service.status == ServiceStatus.PILOTING


@pytest.mark.parametrize("user", ["bob", "carol", "erin"])
def test_only_the_lead_changes_services_others_read(client, users, service, user):
    client.force_login(users[user])
    assert client.get("/roadmap/services/").status_code == 200
    assert client.get(f"/roadmap/services/{service.pk}/").status_code == 200
    assert client.post("/roadmap/services/new/", {"name": "X", "outcome": PLAIN}).status_code == 403
    response = client.post(f"/roadmap/services/{service.pk}/status/", {"status": "piloting"})
    assert response.status_code == 403
    service.refresh_from_db()
    assert service.status == ServiceStatus.IDEA and not Service.objects.filter(name="X").exists()


def test_the_check_endpoint_renders_the_report_for_the_widgets_field(client, carol):
    client.force_login(carol)
    page = client.post(
        "/roadmap/language/check/", {"_field": "outcome", "outcome": JARGON}
    ).content.decode()
    assert "Not plain language yet" in page and "steering committee" in page
    assert "decision group" in page
    good = client.post("/roadmap/language/check/", {"text": PLAIN}).content.decode()
    assert "Plain language ✓" in good


def test_the_check_endpoint_uses_a_visible_customers_words_only(
    client, carol, dave, project, alice
):
    go_live = GlossaryTerm.objects.get(term="go-live", language="en")
    services.set_customer_term(project.customer, go_live, "launch weekend", by=alice)
    data = {"text": "We plan the go-live.", "customer": project.customer.pk}
    client.force_login(carol)  # carol manages a project for this customer
    assert "launch weekend" in client.post("/roadmap/language/check/", data).content.decode()
    client.force_login(dave)
    assert "launch weekend" not in client.post("/roadmap/language/check/", data).content.decode()


def test_the_service_form_carries_the_inline_check(client, alice):
    client.force_login(alice)
    page = client.get("/roadmap/services/new/").content.decode()
    assert 'hx-post="/roadmap/language/check/"' in page
    assert 'hx-trigger="keyup changed delay:500ms, load"' in page
    assert 'id="id_outcome-language"' in page


def test_service_names_and_outcomes_are_escaped(client, alice, erin):
    evil = "<script>alert(1)</script>"
    service = services.create_service(by=alice, name=f"Evil {evil}", outcome=f"We help. {evil}")
    client.force_login(erin)
    for url in ("/roadmap/services/", f"/roadmap/services/{service.pk}/"):
        page = client.get(url).content.decode()
        assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    client.force_login(alice)
    report = client.post("/roadmap/language/check/", {"text": f"The {evil} is OK."})
    assert evil not in report.content.decode()


def test_glossary_inline_add_edit_delete_through_htmx(client, alice):
    client.force_login(alice)
    htmx = {"HTTP_HX_REQUEST": "true"}
    added = client.post(
        "/roadmap/glossary/add/",
        {"new-term": "swimlane", "new-plain": "who does which step", "new-active": "on"},
        **htmx,
    ).content.decode()
    term = GlossaryTerm.objects.get(term="swimlane", language="en")
    assert f'id="term-{term.pk}"' in added and "Added" in added  # the new row, marked
    form = client.get(f"/roadmap/glossary/{term.pk}/edit/", **htmx).content.decode()
    assert 'name="plain"' in form
    row = client.post(
        f"/roadmap/glossary/{term.pk}/edit/",
        {"term": "swimlane", "plain": "who does each step", "active": "on"},
        **htmx,
    ).content.decode()
    assert "who does each step" in row and "<form" in row  # the row, with its buttons
    assert client.post(f"/roadmap/glossary/{term.pk}/delete/", **htmx).content == b""
    assert not GlossaryTerm.objects.filter(term="swimlane").exists()
    assert AuditEntry.objects.filter(action="roadmap.glossary_term.deleted").exists()


def test_glossary_add_with_bad_input_shows_errors_and_changes_nothing(client, alice):
    client.force_login(alice)
    before = GlossaryTerm.objects.count()
    response = client.post(
        "/roadmap/glossary/add/", {"new-term": "", "new-plain": "x"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Retarget"] == "#glossary-add"
    page = response.content.decode()
    assert "This field is required." in page and GlossaryTerm.objects.count() == before


def test_a_glossary_term_refused_without_htmx_comes_back_as_it_was_typed(client, alice):
    client.force_login(alice)
    before = GlossaryTerm.objects.count()
    sent = {"new-term": "", "new-plain": "Who does <each> step", "new-note": "From the audit"}
    response = client.post("/roadmap/glossary/add/", {**sent, "new-language": "en"})
    assert response.status_code == 400
    page = response.content.decode()
    form = page[page.index('<div id="glossary-add">') :]
    assert 'value="Who does &lt;each&gt; step"' in form and 'value="From the audit"' in form
    assert "This field is required." in form and "autofocus" in form
    assert GlossaryTerm.objects.count() == before


@pytest.mark.parametrize("user", ["bob", "carol", "erin"])
def test_only_the_lead_edits_the_glossary(client, users, user):
    term = GlossaryTerm.objects.get(term="baseline", language="en")
    client.force_login(users[user])
    assert client.get("/roadmap/glossary/").status_code == 200
    assert client.post(f"/roadmap/glossary/{term.pk}/delete/").status_code == 403
    assert (
        client.post("/roadmap/glossary/add/", {"new-term": "a", "new-plain": "b"}).status_code
        == 403
    )
    assert GlossaryTerm.objects.filter(pk=term.pk).exists()


def test_customer_words_page_adds_and_filters_by_visibility(client, bob, carol, dave, project):
    term = GlossaryTerm.objects.get(term="milestone", language="en")
    client.force_login(bob)
    response = client.post(
        "/roadmap/customer-words/",
        {"customer": project.customer.pk, "glossary_term": term.pk, "customer_word": "checkpoint"},
    )
    assert response.status_code == 302
    client.force_login(carol)
    assert "checkpoint" in client.get("/roadmap/customer-words/").content.decode()
    client.force_login(dave)  # not one of dave's customers
    assert "checkpoint" not in client.get("/roadmap/customer-words/").content.decode()
    assert client.post("/roadmap/customer-words/", {}).status_code == 403


# --- API -----------------------------------------------------------------------------------------


def test_api_lists_and_creates_services_with_permissions(client, alice, erin, service, customer):
    client.force_login(erin)
    listed = client.get("/api/services/").json()
    assert listed["count"] == 1 and listed["items"][0]["outcome"] == PLAIN
    denied = client.post(
        "/api/services/", {"name": "X", "outcome": PLAIN}, content_type="application/json"
    )
    assert denied.status_code == 403
    client.force_login(alice)
    created = client.post(
        "/api/services/",
        {"name": "Coaching", "outcome": PLAIN, "customer_ids": [customer.pk]},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["status"] == "idea"
    sid = created.json()["id"]
    moved = client.post(
        f"/api/services/{sid}/status", {"status": "available"}, content_type="application/json"
    )
    assert moved.status_code == 422 and "cannot go from idea" in str(moved.json()["errors"])
    patched = client.patch(
        f"/api/services/{sid}", {"name": "Project coaching"}, content_type="application/json"
    )
    assert patched.json()["name"] == "Project coaching"


def test_api_language_check(client, carol):
    client.force_login(carol)
    body = client.post(
        "/api/services/language-check", {"text": JARGON}, content_type="application/json"
    ).json()
    assert body["passes"] is False
    assert {"jargon", "acronym"} & {i["kind"] for i in body["issues"]}


def test_api_shows_only_customers_the_caller_may_see(client, alice, dave, project, other_project):
    services.create_service(
        by=alice,
        name="Shared",
        outcome=PLAIN,
        customers=[project.customer, other_project.customer],
    )
    client.force_login(dave)  # manages other_project only
    (item,) = client.get("/api/services/").json()["items"]
    assert item["customer_ids"] == [other_project.customer.pk]


@pytest.mark.parametrize("raw", ["[]", '"s"', "null", "1", "true", '{"a": 1}'])
def test_api_patch_refuses_a_body_that_is_not_an_object_of_known_fields(
    client, alice, service, raw
):
    client.force_login(alice)
    before = client.get(f"/api/services/{service.pk}").json()
    response = client.patch(f"/api/services/{service.pk}", raw, content_type="application/json")
    assert response.status_code == 422, response.content
    (error,) = response.json()["detail"]
    if raw.startswith("{"):
        assert error["loc"] == ["body", "payload", "a"]
    else:
        assert error["msg"] == "The body must be a JSON object of fields."
    assert client.get(f"/api/services/{service.pk}").json() == before


def test_api_refuses_an_unknown_owner_instead_of_dropping_it(client, alice, bob, service):
    client.force_login(alice)
    services.update_service(service, by=alice, owner=bob)
    url = f"/api/services/{service.pk}"
    response = client.patch(url, {"owner_id": 999999}, content_type="application/json")
    assert response.status_code == 404 and response.json()["detail"]
    service.refresh_from_db()
    assert service.owner == bob
    cleared = client.patch(url, {"owner_id": None}, content_type="application/json")
    assert cleared.status_code == 200 and cleared.json()["owner_id"] is None
    created = client.post(
        "/api/services/",
        {"name": "Coaching", "outcome": PLAIN, "owner_id": 999999},
        content_type="application/json",
    )
    assert created.status_code == 404
    assert not Service.objects.filter(name="Coaching").exists()


def test_api_language_check_refuses_an_unknown_or_unseen_customer(
    client, carol, project, other_project
):
    client.force_login(carol)  # manages project, not other_project
    url = "/api/services/language-check"
    for customer_id, status in [(999999, 404), (other_project.customer.pk, 403)]:
        body = {"text": JARGON, "customer_id": customer_id}
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == status, response.content
        assert response.json()["detail"]
    mine = {"text": JARGON, "customer_id": project.customer.pk}
    assert client.post(url, mine, content_type="application/json").status_code == 200
