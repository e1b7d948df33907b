"""Console pages for customer knowledge: forms go through the services, htmx partials, lists
with pagination, empty states and fixed query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.audit.models import AuditEntry
from rapport.customers import services
from rapport.customers.models import Concern, ListeningSession, PainPoint, Stakeholder
from rapport.portfolio.models import ProjectStakeholder
from rapport.testing.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def test_one_page_view_shows_grid_matrix_and_journey(client, alice, project, stakeholder):
    customer = project.customer
    stage = services.ensure_journey(customer, by=alice)[1]
    services.create_pain_point(customer, by=alice, stage=stage, description="Forms, forms.")
    session = services.create_listening_session(customer, by=alice, story="We wait.")
    services.add_value_statement(session, by=alice, text="Fewer forms", weight=5)
    services.add_value_statement(
        services.create_listening_session(customer, by=alice),
        by=alice,
        text="fewer  forms",
        weight=3,
    )
    services.create_concern(customer, by=alice, text="Late again")
    client.force_login(alice)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert 'class="picture grid-picture"' in page and 'class="picture journey-picture"' in page
    assert "Stakeholder engagement assessment matrix" in page
    assert "Fewer forms" in page and "(heard 2 times)" in page
    assert "Late again" in page and "We wait." in page and "Forms, forms." in page
    assert project.get_delivery_status_display() in page


def test_adding_a_stakeholder_and_linking_a_project(client, bob, project):
    client.force_login(bob)
    customer = project.customer
    response = client.post(
        f"/customers/{customer.pk}/stakeholders/new/",
        {
            "name": "Nina Patel",
            "email": "NINA@retail.test",
            "role": "Head of branches",
            "language": "en",
            "power": 5,
            "interest": 4,
            "engagement_current": "neutral",
            "engagement_desired": "leading",
            "is_active": "on",
        },
    )
    person = Stakeholder.objects.get(email="nina@retail.test")
    assert response.status_code == 302
    link = client.post(
        f"/customers/{customer.pk}/stakeholders/{person.pk}/link/",
        {"project": project.pk, "role_on_project": "Business owner"},
    )
    assert link.status_code == 302
    assert ProjectStakeholder.objects.filter(project=project, stakeholder=person).exists()
    client.post(f"/customers/{customer.pk}/stakeholders/{person.pk}/unlink/{project.pk}/")
    assert not ProjectStakeholder.objects.filter(project=project, stakeholder=person).exists()
    assert AuditEntry.objects.filter(action="customers.stakeholder.created", actor=bob).exists()


def test_bad_stakeholder_input_changes_nothing(client, alice, customer):
    client.force_login(alice)
    response = client.post(
        f"/customers/{customer.pk}/stakeholders/new/",
        {
            "name": "X",
            "email": "x@x.test",
            "language": "en",
            "power": 9,
            "interest": 1,
            "engagement_current": "neutral",
            "engagement_desired": "neutral",
        },
    )
    assert response.status_code == 200 and "less than or equal to 5" in response.content.decode()
    assert not customer.stakeholders.exists()


def test_recording_a_session_and_adding_values_with_htmx(client, alice, customer, stakeholder):
    client.force_login(alice)
    response = client.post(
        f"/customers/{customer.pk}/listening/new/",
        {
            "held_on": "2026-11-02",
            "attendees": [stakeholder.pk],
            "others_present": "A guest",
            "questions": "What matters?\nWhat hurts?",
            "story": "Our story.",
            "is_private": "on",
        },
    )
    session = ListeningSession.objects.get()
    assert response.status_code == 302 and session.questions == ["What matters?", "What hurts?"]
    url = f"/customers/{customer.pk}/listening/{session.pk}/values/"
    partial = client.post(
        url, {"text": "Be early with bad news", "weight": 5}, HTTP_HX_REQUEST="true"
    )
    body = partial.content.decode()
    assert partial.status_code == 200 and body.startswith('<div id="values">')
    assert "Be early with bad news" in body and "<html" not in body
    bad = client.post(url, {"text": "", "weight": 9}, HTTP_HX_REQUEST="true").content.decode()
    assert "errorlist" in bad and session.value_statements.count() == 1
    plain = client.post(url, {"text": "Plain form works", "weight": 2})
    assert plain.status_code == 302 and session.value_statements.count() == 2


def test_a_refused_value_statement_keeps_what_was_typed_with_or_without_htmx(
    client, alice, customer
):
    session = services.create_listening_session(customer, by=alice, story="We wait.")
    client.force_login(alice)
    url = f"/customers/{customer.pk}/listening/{session.pk}/values/"
    typed = {"text": "Tell us <early> when it slips", "weight": 9}
    partial = client.post(url, typed, HTTP_HX_REQUEST="true")
    # htmx swaps in only a 2xx answer: the refused list comes back as 200, form and all.
    assert partial.status_code == 200
    plain = client.post(url, typed)
    assert plain.status_code == 400 and "<html" in plain.content.decode()
    for answer in (partial, plain):
        body = answer.content.decode()
        assert 'value="Tell us &lt;early&gt; when it slips"' in body
        assert 'name="weight" value="9"' in body
        assert "Ensure this value is less than or equal to 5." in body
    assert not session.value_statements.exists()


def test_question_prompts_are_shown_when_recording_and_editable(client, alice, customer):
    client.force_login(alice)
    client.post("/customers/listening-questions/", {"text": "What would make it a ten?"})
    page = client.get(f"/customers/{customer.pk}/listening/new/").content.decode()
    assert "Good open questions to ask" in page and "What would make it a ten?" in page


def test_journey_is_started_edited_and_gets_pains_inline(client, alice, customer):
    client.force_login(alice)
    empty = client.get(f"/customers/{customer.pk}/journey/").content.decode()
    assert "No journey mapped yet." in empty
    client.post(f"/customers/{customer.pk}/journey/start/")
    stages = list(customer.journey_stages.all())
    assert [s.name for s in stages][:2] == ["Request", "Intake"]
    client.post(
        f"/customers/{customer.pk}/journey/stages/{stages[1].pk}/move/", {"direction": "left"}
    )
    assert list(customer.journey_stages.values_list("name", flat=True))[:2] == ["Intake", "Request"]
    client.post(
        f"/customers/{customer.pk}/journey/stages/{stages[0].pk}/edit/",
        {"name": "Ask", "experience": -2, "notes": "Where is it?"},
    )
    partial = client.post(
        f"/customers/{customer.pk}/journey/pains/new/",
        {
            "stage": stages[0].pk,
            "description": "Nobody replies",
            "severity": 4,
            "frequency": "weekly",
            "source": "listening",
            "status": "open",
        },
        HTTP_HX_REQUEST="true",
    )
    assert partial.content.decode().startswith('<div id="pains">')
    assert PainPoint.objects.get().stage.name == "Ask"
    removed = client.post(f"/customers/{customer.pk}/journey/stages/{stages[0].pk}/remove/")
    assert removed.status_code == 302 and customer.journey_stages.filter(name="Ask").exists()


def test_concern_is_logged_answered_and_illegal_moves_explained(client, alice, customer):
    client.force_login(alice)
    client.post(
        f"/customers/{customer.pk}/concerns/new/",
        {"heard_on": "2026-10-01", "raised_by_text": "The COO", "text": "Dates slip."},
    )
    concern = Concern.objects.get()
    url = f"/customers/{customer.pk}/concerns/{concern.pk}/"
    refused = client.post(url, {"to": "responded", "response": ""})
    assert "Write the response" in refused.content.decode()
    client.post(url, {"to": "responded", "response": "Weekly risk note from now on."})
    concern.refresh_from_db()
    assert concern.status == "responded"
    illegal = client.post(url, {"to": "confirmed", "response": ""})
    assert (
        illegal.status_code == 200
        and "not one of the available choices" in illegal.content.decode()
    )
    concern.refresh_from_db()
    assert concern.status == "responded"


def test_old_concerns_are_highlighted(client, alice, customer):
    import datetime as dt

    services.create_concern(customer, by=alice, text="Ancient", heard_on=dt.date(2020, 1, 1))
    client.force_login(alice)
    page = client.get(f"/customers/{customer.pk}/concerns/").content.decode()
    assert 'class="old"' in page and ">over 30 days</span>" in page
    detail = client.get(f"/customers/{customer.pk}/concerns/{customer.concerns.get().pk}/")
    assert " days open <span" in detail.content.decode()
    assert ">over 30 days</span>" in detail.content.decode()


def test_sponsor_cannot_post_a_concern_transition(client, alice, erin, customer):
    concern = services.create_concern(customer, by=alice, text="Nope")
    client.force_login(erin)
    url = f"/customers/{customer.pk}/concerns/{concern.pk}/"
    assert client.post(url, {"to": "responded", "response": "x"}).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(alice, customer, n, start=0):
    for i in range(start, start + n):
        person = StakeholderFactory(customer=customer)
        session = services.create_listening_session(
            customer, by=alice, attendees=[person], story=f"S{i}"
        )
        services.add_value_statement(session, by=alice, text=f"Value {i}", weight=3)
        services.create_concern(customer, by=alice, text=f"Concern {i}", raised_by=person)
        services.create_listening_question(by=alice, text=f"Question {i}?")
        stage = services.add_journey_stage(customer, by=alice, name=f"Stage {i}")
        services.create_pain_point(customer, by=alice, stage=stage, description=f"Pain {i}")


@pytest.mark.parametrize(
    "path",
    ["{pk}/", "{pk}/listening/", "{pk}/concerns/", "{pk}/journey/", "listening-questions/", ""],
)
def test_customer_pages_do_not_grow_queries_with_rows(client, alice, project, path):
    customer = project.customer
    _grow(alice, customer, 2)
    client.force_login(alice)
    url = "/customers/" + path.format(pk=customer.pk)
    few = _queries(client, url)
    _grow(alice, customer, 6, start=2)
    assert _queries(client, url) == few, url


def test_session_list_paginates(client, alice, customer, settings):
    settings.RAPPORT_PAGE_SIZE = 5
    for i in range(7):
        services.create_listening_session(customer, by=alice, story=f"Story {i}")
    client.force_login(alice)
    page = client.get(f"/customers/{customer.pk}/listening/").content.decode()
    assert "Page 1 of 2" in page
