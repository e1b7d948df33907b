"""The demo's customer roadmaps, shared link, customer notes and partnership charters."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.charter.models import PartnershipCharter
from rapport.customers.models import Customer
from rapport.demo.builder import DemoOptions, build_demo
from rapport.roadmap.models import CustomerInput, InputStatus, ItemKind, RoadmapItem, ShareLink
from rapport.testing.demo import wipe_demo

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def _snapshot():
    return {
        "items": list(
            RoadmapItem.objects.order_by("customer__name", "position").values_list(
                "customer__name", "title", "kind", "wave", "status", "build_start", "pain_relief"
            )
        ),
        "inputs": sorted(CustomerInput.objects.values_list("item__title", "kind", "status")),
        "charters": list(
            PartnershipCharter.objects.order_by("customer__name").values_list(
                "customer__name", "agreed_on", "next_review_on"
            )
        ),
    }


def test_every_demo_customer_has_a_roadmap_with_quick_wins_first_and_a_charter():
    messages: list[str] = []
    build_demo(DemoOptions(customers=8, projects=20, seed=7, today=TODAY), messages.append)
    for customer in Customer.objects.all():
        items = list(customer.roadmap_items.order_by("position"))
        assert len(items) >= 5
        kinds = [i.kind for i in items]
        assert kinds[:2] == [ItemKind.QUICK_WIN] * 2 and set(kinds[2:]) == {ItemKind.CAPABILITY}
        assert all(i.wave is not None and i.build_start for i in items)
        assert any(i.pain_points.exists() for i in items)
        assert customer.charter.principles.count() == 5
    assert ShareLink.objects.count() == 1
    statuses = set(CustomerInput.objects.values_list("status", flat=True))
    assert statuses == {InputStatus.ACCEPTED, InputStatus.PENDING}
    assert any("/shared/roadmap/" in m for m in messages), "the shared link is printed"
    assert RoadmapItem.objects.filter(status="adopting", adoption_pct__isnull=False).exists()


def test_demo_roadmap_items_part_is_deterministic():
    build_demo(DemoOptions(customers=4, projects=8, seed=3, today=TODAY))
    first = _snapshot()
    wipe_demo()
    build_demo(DemoOptions(customers=4, projects=8, seed=3, today=TODAY))
    assert _snapshot() == first
