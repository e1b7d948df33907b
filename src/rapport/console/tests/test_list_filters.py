"""A console list's filter with a value the list does not know (an old bookmark, a link edited by
hand) is left out and said on the page; the other filters still apply (``console.filters``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rapport.catalog.models import Service
from rapport.console.filters import known_filters
from rapport.customers.models import Concern
from rapport.feedback import services
from rapport.feedback.models import OutboxMessage
from rapport.portfolio.forms import ProjectFilterForm
from rapport.portfolio.models import Project
from rapport.testing.factories import ProjectFactory

pytestmark = pytest.mark.django_db

LEFT_OUT = "was left out: this list does not know"


def _notice(html: str) -> str:
    """The page's first notice that a filter was left out ("" when there is none)."""
    start = html.find("The filter “")
    return html[start : html.index("</li>", start)] if start >= 0 else ""


def test_a_search_still_applies_beside_an_unknown_delivery_status(client, alice, customer):
    ProjectFactory(name="Loan engine", customer=customer, delivery_status="G")
    ProjectFactory(name="Branch booking", customer=customer, delivery_status="R")
    client.force_login(alice)
    html = client.get("/projects/?q=loan&delivery_status=ZZ").content.decode()
    assert "Loan engine" in html and "Branch booking" not in html
    assert _notice(html) == (
        "The filter “Delivery status” was left out: this list does not know “ZZ”."
    )
    # A value the list knows filters, and says nothing.
    known = client.get("/projects/?delivery_status=R").content.decode()
    assert "Branch booking" in known and "Loan engine" not in known and LEFT_OUT not in known


def test_the_notice_repeats_a_long_or_marked_up_value_escaped_and_cut(client, alice, project):
    client.force_login(alice)
    value = "<b>" + "x" * 100
    html = client.get("/projects/", {"state": value}).content.decode()
    assert "<b>xxx" not in html
    assert "“&lt;b&gt;" + "x" * 36 + "…”" in _notice(html)
    assert "Branch booking" in html  # the list is not filtered by it


def test_known_filters_keeps_the_valid_fields_and_empties_the_others():
    form = ProjectFilterForm({"q": "loan", "delivery_status": "ZZ", "customer": "abc"})
    assert known_filters(form) == {
        "q": "loan",
        "delivery_status": "",
        "customer": None,
        "state": "",
    }
    assert known_filters(ProjectFilterForm(None)) == {}
    assert known_filters(ProjectFilterForm({"state": "active"}))["state"] == "active"


def test_the_actions_list_keeps_only_mine_beside_an_unknown_choice(client, bob, carol, project):
    today = timezone.localdate()
    cycle = services.plan_cycle(project, "2026-03", by=carol, mode="meeting")
    services.add_action(cycle, by=carol, title="Note for Bob", due=today, owner=bob)
    services.add_action(cycle, by=carol, title="Page for Carol", due=today, owner=carol)
    client.force_login(bob)
    html = client.get("/reviews/actions/?show=everything&mine=on").content.decode()
    assert "Note for Bob" in html and "Page for Carol" not in html  # "mine" still applies
    assert _notice(html) == "The filter “Show” was left out: this list does not know “everything”."


def test_alerts_concerns_services_and_the_mail_log_say_what_they_left_out(
    client, alice, customer, project
):
    Concern.objects.create(customer=customer, text="Invoices arrive late", heard_on=dt.date.today())
    Service.objects.create(name="Project health checks", outcome="You know early.")
    OutboxMessage.objects.create(to_email="olivia@retail.test", subject="Your review")
    client.force_login(alice)
    alerts = client.get("/insights/alerts/?state=bogus").content.decode()
    assert "The filter “Show”" in _notice(alerts) and "“bogus”" in _notice(alerts)
    concerns = client.get(f"/customers/{customer.pk}/concerns/?status=bogus").content.decode()
    assert "Invoices arrive late" in concerns and "The filter “Status”" in _notice(concerns)
    catalog = client.get("/roadmap/services/?status=bogus").content.decode()
    assert "Project health checks" in catalog and "The filter “Status”" in _notice(catalog)
    # The mail log used to filter by the unknown state: an empty log, as if nothing was sent.
    log = client.get("/reviews/mail/?state=bogus").content.decode()
    assert "Your review" in log and "The filter “State”" in _notice(log)
    # The notice is said once, on the page it belongs to.
    assert LEFT_OUT not in client.get("/projects/").content.decode()
    assert Project.objects.count() == 1


def test_the_notice_reads_in_the_readers_language(client, alice, project):
    alice.language = "fr"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    html = client.get("/projects/?delivery_status=ZZ").content.decode()
    assert "Le filtre « État de livraison » n’a pas été appliqué" in html
    assert "ne connaît pas « ZZ »" in html


def test_the_health_review_says_a_customer_it_does_not_know(client, alice, project):
    """Not an id, or an id that names no customer the reader sees: the same notice and the
    whole review (it used to be ignored, or an empty review)."""
    client.force_login(alice)
    for value in ("abc", "999999"):
        html = client.get(f"/insights/?customer={value}").content.decode()
        assert _notice(html) == (
            f"The filter “Customer” was left out: this list does not know “{value}”."
        )
    known = client.get(f"/insights/?customer={project.customer_id}").content.decode()
    assert LEFT_OUT not in known
