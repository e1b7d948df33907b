"""The demo's service catalog, readiness assessments, pledge and customer words."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.catalog.models import Service, ServiceStatus
from rapport.demo.builder import DemoOptions, build_demo
from rapport.plainlanguage.models import CustomerTerm
from rapport.readiness.barriers import active_barriers
from rapport.readiness.models import Assessment, Pledge
from rapport.roadmap.services import check_language
from rapport.testing.demo import wipe_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _snapshot():
    return {
        "services": list(
            Service.objects.order_by("name").values_list("name", "status", "owner__email")
        ),
        "service_customers": sorted(
            Service.customers.through.objects.values_list("service__name", "customer__name")
        ),
        "assessments": list(
            Assessment.objects.order_by("taken_on").values_list("taken_on", "ratings")
        ),
        "terms": sorted(CustomerTerm.objects.values_list("customer__name", "customer_word")),
    }


def test_demo_catalog_assessments_pledge_and_words():
    build_demo(DemoOptions(customers=8, projects=20, seed=7, today=TODAY))
    services = list(Service.objects.all())
    assert 6 <= len(services) <= 8
    assert {s.status for s in services} >= {ServiceStatus.AVAILABLE, ServiceStatus.PILOTING}
    assert all(check_language(s.outcome).passes for s in services)
    before, after = Assessment.objects.order_by("taken_on")
    assert len(active_barriers(after.scores)) < len(active_barriers(before.scores))
    assert after.scores["ranking"] < before.scores["ranking"]
    pledge = Pledge.objects.get()
    assert pledge.signed_by.role == "pmo_lead" and pledge.signer_name == str(pledge.signed_by)
    assert CustomerTerm.objects.count() >= 3
    for term in CustomerTerm.objects.select_related("customer"):
        assert term.customer_word in term.customer.vocabulary


def test_demo_roadmap_part_is_deterministic():
    build_demo(DemoOptions(customers=5, projects=10, seed=3, today=TODAY))
    first = _snapshot()
    wipe_demo()
    build_demo(DemoOptions(customers=5, projects=10, seed=3, today=TODAY))
    assert _snapshot() == first
