"""Every change through a service function leaves an audit entry: who, what, when."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from rapport.audit.models import AuditEntry
from rapport.audit.services import record
from rapport.customers import services as customers
from rapport.portfolio import services as portfolio

pytestmark = pytest.mark.django_db


def test_creating_a_customer_is_recorded(alice):
    customer = customers.create_customer(by=alice, name="Supply Chain", language="de")
    entry = AuditEntry.objects.get(action="customers.customer.created")
    assert entry.actor == alice and entry.actor_label == "Alice Lead"
    assert entry.object_type == "customers.customer" and entry.object_id == str(customer.pk)
    assert entry.changes["name"] == "Supply Chain"


def test_an_update_records_old_and_new_values(alice, customer):
    diff = customers.update_customer(customer, by=alice, preferred_channel="email")
    assert diff == {"preferred_channel": ["meeting", "email"]}
    entry = AuditEntry.objects.get(action="customers.customer.updated")
    assert entry.changes == {"preferred_channel": ["meeting", "email"]}


def test_an_update_that_changes_nothing_records_nothing(alice, customer):
    assert customers.update_customer(customer, by=alice, name=customer.name) == {}
    assert not AuditEntry.objects.filter(action="customers.customer.updated").exists()


def test_invalid_change_writes_nothing(alice, project):
    with pytest.raises(ValidationError):
        portfolio.update_project(project, by=alice, complexity=9)
    project.refresh_from_db()
    assert project.complexity == 3
    assert not AuditEntry.objects.exists()


def test_unknown_fields_are_refused(alice, customer):
    with pytest.raises(ValueError, match="Cannot change colour"):
        customers.update_customer(customer, by=alice, colour="blue")


def test_project_changes_and_links_are_recorded(alice, project, stakeholder):
    portfolio.update_project(project, by=alice, delivery_status="AR")
    portfolio.add_project_stakeholder(project, stakeholder, by=alice, role_on_project="Key user")
    portfolio.remove_project_stakeholder(project, stakeholder, by=alice)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        # A delivery status is recorded month by month, under its own action.
        "portfolio.project.delivery_status_recorded",
        "portfolio.project.stakeholder_added",
        "portfolio.project.stakeholder_removed",
    ]


def test_system_actions_and_naming_rule(db):
    assert record("demo.portfolio.loaded").actor_label == "system"
    with pytest.raises(ValueError, match="dotted"):
        record("created")


def test_audit_log_page_is_for_pmo_roles(client, alice, carol, customer):
    customers.update_customer(customer, by=alice, language="fr")
    client.force_login(carol)
    assert client.get("/audit/").status_code == 403
    client.force_login(alice)
    page = client.get("/audit/?action=customers")
    assert page.status_code == 200
    assert b"customers.customer.updated" in page.content


def test_audit_log_shows_changes_as_old_to_new_and_nothing_as_a_dash(client, alice, customer):
    from rapport.audit.views import change_lines

    customers.update_customer(customer, by=alice, language="fr")
    record("feedback.action.added", by=alice, changes={"title": "Call back", "owner": None})
    client.force_login(alice)
    page = client.get("/audit/").content.decode()
    assert "en → fr" in page
    assert "None" not in page and "[&#x27;" not in page
    assert change_lines({"issue": None, "ids": [3, 5]}) == [("issue", "—"), ("ids", "3, 5")]
    assert change_lines({"language": ["fr", "en"]}) == [("language", "fr → en")]
