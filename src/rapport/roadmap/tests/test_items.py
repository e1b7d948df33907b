"""Roadmap items through the services: derived kind and RICE, statuses, replanning into waves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from rapport.audit.models import AuditEntry
from rapport.customers import services as customer_services
from rapport.roadmap import planning
from rapport.roadmap.models import ItemKind, ItemStatus, RoadmapItem
from rapport.roadmap.services.items import (
    change_item_status,
    create_item,
    replan_roadmap,
    update_item,
)

pytestmark = pytest.mark.django_db

PLAIN = "You book a branch visit in two clicks. No more calls to find a free slot."
START = dt.date(2026, 1, 5)


def _item(customer, by, title, relief, effort, reach=100, confidence=0.8, **extra):
    return create_item(
        customer,
        by=by,
        title=title,
        outcome=PLAIN,
        reach=reach,
        pain_relief=relief,
        confidence=confidence,
        effort=effort,
        **extra,
    )


@pytest.fixture
def pain(customer, alice):
    stage = customer_services.ensure_journey(customer, by=alice)[0]
    return customer_services.create_pain_point(
        customer, by=alice, stage=stage, description="Booking takes three calls.", severity=5
    )


def test_kind_and_rice_come_from_planning_and_are_audited(customer, alice, pain):
    item = _item(customer, alice, "Online booking", 5, 0.5, pain_points=[pain])
    assert item.kind == ItemKind.QUICK_WIN and item.is_quick_win
    assert item.rice_score == pytest.approx(planning.rice(100, 5, 0.8, 0.5))
    assert list(item.pain_points.all()) == [pain]
    assert AuditEntry.objects.filter(action="roadmap.item.created", actor=alice).exists()
    update_item(item, by=alice, effort=3)
    item.refresh_from_db()
    assert item.kind == ItemKind.CAPABILITY
    assert item.rice_score == pytest.approx(planning.rice(100, 5, 0.8, 3))
    entry = AuditEntry.objects.get(action="roadmap.item.updated")
    assert entry.changes["effort"] == ["0.5", "3.0"]


def test_pain_points_of_another_customer_are_refused(customer, other_customer, alice):
    stage = customer_services.ensure_journey(other_customer, by=alice)[0]
    theirs = customer_services.create_pain_point(
        other_customer, by=alice, stage=stage, description="Not yours."
    )
    with pytest.raises(ValidationError):
        _item(customer, alice, "Wrong pain", 3, 2, pain_points=[theirs])
    assert not RoadmapItem.objects.exists()


def test_jargon_outcome_may_be_proposed_but_not_planned(customer, alice):
    item = create_item(
        customer,
        by=alice,
        title="RAID",
        outcome="We baseline deliverables and escalate RAID log items to the steering committee.",
    )
    with pytest.raises(ValidationError, match="plain words"):
        change_item_status(item, ItemStatus.PLANNED, by=alice)
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED


def test_status_moves_only_along_legal_transitions(customer, alice):
    item = _item(customer, alice, "Booking", 3, 2)
    with pytest.raises(ValidationError, match="cannot go from proposed to done"):
        change_item_status(item, ItemStatus.DONE, by=alice)
    for status in ["planned", "building", "adopting", "done"]:
        change_item_status(item, status, by=alice)
    with pytest.raises(ValidationError):
        change_item_status(item, ItemStatus.PROPOSED, by=alice)
    moves = AuditEntry.objects.filter(action="roadmap.item.status_changed").order_by("id")
    assert [e.changes["status"][1] for e in moves] == ["planned", "building", "adopting", "done"]


def test_replan_puts_quick_wins_first_and_caps_capabilities_per_wave(customer, alice):
    [_item(customer, alice, f"Capability {n}", 3, 2 + n, reach=200 - n) for n in range(5)]
    quick = _item(customer, alice, "Quick fix", 4, 1, reach=5)
    result = replan_roadmap(customer, by=alice, start=START, cap=2)
    items = list(RoadmapItem.objects.filter(customer=customer).order_by("position"))
    assert items[0] == quick and quick.pk == items[0].pk
    assert items[0].wave == 0 and items[0].build_start == START
    assert result.quick_wins == 1 and result.capabilities == 5 and result.waves == 3
    per_wave: dict[int, int] = {}
    for item in items[1:]:
        per_wave[item.wave] = per_wave.get(item.wave, 0) + 1
        assert item.build_start >= items[0].build_end, "capabilities start after the quick wins"
        assert item.adoption_end > item.build_end
    assert max(per_wave.values()) <= 2 and sorted(per_wave) == [1, 2, 3]
    # Each wave starts once the previous one's planned adoption reaches 60%.
    by_wave = {w: [i for i in items if i.wave == w] for w in per_wave}
    first_end = max(i.build_end for i in by_wave[1])
    first_adopt = max(i.adoption_end for i in by_wave[1] if i.build_end == first_end)
    second_start = by_wave[2][0].build_start
    assert first_end < second_start < first_adopt
    # RICE order within the capabilities is kept (highest first).
    scores = [i.rice_score for i in items[1:]]
    assert scores == sorted(scores, reverse=True)
    entry = AuditEntry.objects.get(action="roadmap.roadmap.replanned")
    assert entry.changes["order"][0] == "Quick fix" and entry.changes["waves"] == 3


def test_the_next_wave_waits_for_measured_adoption_of_the_wave_in_flight(customer, alice):
    running = _item(customer, alice, "Running", 3, 2)
    replan_roadmap(customer, by=alice, start=START)
    running.refresh_from_db()
    for status in ["planned", "building", "adopting"]:
        change_item_status(running, status, by=alice)
    update_item(running, by=alice, adoption_pct=30)
    later = _item(customer, alice, "Next", 3, 2)
    later_start = START + dt.timedelta(days=30)
    result = replan_roadmap(customer, by=alice, start=later_start)
    later.refresh_from_db()
    running.refresh_from_db()
    assert result.held_by_adoption
    assert later.wave == running.wave + 1
    assert later.build_start > running.build_end, "held until planned adoption reaches 60%"
    # Once adoption is measured above the threshold, the next wave may start now.
    update_item(running, by=alice, adoption_pct=70)
    result = replan_roadmap(customer, by=alice, start=later_start)
    later.refresh_from_db()
    assert not result.held_by_adoption and later.build_start == later_start


def test_dropped_and_done_items_are_left_alone(customer, alice):
    dropped = _item(customer, alice, "Dropped", 3, 2)
    change_item_status(dropped, ItemStatus.DROPPED, by=alice)
    replan_roadmap(customer, by=alice, start=START)
    dropped.refresh_from_db()
    assert dropped.wave is None and dropped.build_start is None
