"""Sponsors read aggregates only: from a customer whose feedback culture is confidential or
anonymous they see how many concerns there are and how old, never the words or who said them
(profile page, concerns log, a concern's page, the API). The PMO and the customer's project
managers still read them; attributed customers are unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.accounts.permissions import (
    can_view_concern_author,
    can_view_concern_detail,
    concern_detail_customers,
)
from rapport.customers import services
from rapport.customers.models import Customer
from rapport.testing.factories import StakeholderFactory

pytestmark = pytest.mark.django_db
WORDS = "Nobody tells us when the go-live moves"
WHO = "Olivia Walker"


@pytest.fixture
def concerns(customer, alice):
    olivia = StakeholderFactory(customer=customer, name=WHO)
    named = services.create_concern(
        customer, by=alice, text=WORDS, raised_by=olivia, heard_on=dt.date(2020, 1, 1)
    )
    services.create_concern(customer, by=alice, text="Forms", raised_by_text="Someone at HQ")
    return named


def _set_culture(customer, culture):
    Customer.objects.filter(pk=customer.pk).update(feedback_culture=culture)
    customer.refresh_from_db()


@pytest.mark.parametrize("culture", ["confidential", "anonymous"])
def test_a_sponsor_sees_counts_but_no_named_concern(client, erin, customer, concerns, culture):
    _set_culture(customer, culture)
    client.force_login(erin)
    profile = client.get(f"/customers/{customer.pk}/").content.decode()
    assert WORDS not in profile and WHO not in profile.split("Open concerns")[1].split("<h2>")[0]
    assert "2 open concerns, 1 open more than 30 days" in profile
    log = client.get(f"/customers/{customer.pk}/concerns/").content.decode()
    assert WORDS not in log and WHO not in log and "Someone at HQ" not in log and "Forms" not in log
    assert "gives feedback in confidence" in log
    assert "<dt>Concerns logged</dt><dd>2</dd>" in log and "<dd>1</dd>" in log
    assert client.get(f"/customers/{customer.pk}/concerns/{concerns.pk}/").status_code == 403
    api = client.get("/api/customers/concerns/", {"customer_id": customer.pk}).json()
    assert api["count"] == 0 and api["items"] == []
    assert client.get(f"/api/customers/concerns/{concerns.pk}").status_code == 403
    assert not can_view_concern_detail(erin, customer)


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_the_pmo_and_the_customers_manager_still_read_them(client, users, project, concerns, who):
    _set_culture(project.customer, "anonymous")
    client.force_login(users[who])
    profile = client.get(f"/customers/{project.customer_id}/").content.decode()
    assert WORDS in profile
    log = client.get(f"/customers/{project.customer_id}/concerns/").content.decode()
    assert WORDS in log
    detail = client.get(f"/customers/{project.customer_id}/concerns/{concerns.pk}/")
    assert detail.status_code == 200 and WORDS in detail.content.decode()
    assert can_view_concern_detail(users[who], project.customer)
    api = client.get(f"/api/customers/concerns/{concerns.pk}").json()
    # Who said it stays with the PMO team; the project manager reads the words only.
    pmo = who != "carol"
    assert can_view_concern_author(users[who], project.customer) == pmo
    # (The profile lists the customer's people elsewhere: only its concerns section counts.)
    section = profile.split("Open concerns")[1].split("<h2>")[0]
    for page in (section, log, detail.content.decode()):
        assert (WHO in page) == pmo
    assert ("Someone at HQ" in log) == pmo and ("in confidence" in log) == (not pmo)
    assert (api["raised_by_id"] is not None, api["raised_by_text"]) == (pmo, "")
    listed = client.get("/api/customers/concerns/", {"customer_id": project.customer_id}).json()
    texts = {item["raised_by_text"] for item in listed["items"]}
    assert texts == ({"", "Someone at HQ"} if pmo else {""})


def test_a_project_manager_reads_who_said_it_at_an_attributed_customer(
    client, carol, project, concerns
):
    client.force_login(carol)
    assert WHO in client.get(f"/customers/{project.customer_id}/concerns/").content.decode()
    assert client.get(f"/api/customers/concerns/{concerns.pk}").json()["raised_by_id"] is not None


def test_a_sponsor_reads_an_attributed_customers_concerns(client, erin, customer, concerns):
    assert customer.feedback_culture == "attributed"
    client.force_login(erin)
    assert WORDS in client.get(f"/customers/{customer.pk}/concerns/").content.decode()
    assert client.get(f"/customers/{customer.pk}/concerns/{concerns.pk}/").status_code == 200
    assert client.get("/api/customers/concerns/").json()["count"] == 2


def test_the_queryset_and_the_predicate_agree(users, customer, other_customer, project, concerns):
    _set_culture(other_customer, "confidential")
    for user in users.values():
        allowed = set(concern_detail_customers(user).values_list("pk", flat=True))
        for c in (customer, other_customer):
            assert (c.pk in allowed) == can_view_concern_detail(user, c)
    assert set(concern_detail_customers(users["erin"]).values_list("pk", flat=True)) == {
        customer.pk
    }


def test_choosing_a_feedback_culture_says_what_each_guarantees_and_that_small_groups_pool(
    settings,
):
    from rapport.customers.forms import CustomerForm

    settings.RAPPORT_ANONYMITY_K = 4
    text = CustomerForm().fields["feedback_culture"].help_text
    assert "at least 4 people" in text and "pooled" in text and "nobody" in text.lower()
