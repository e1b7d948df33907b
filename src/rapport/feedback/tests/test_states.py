"""The state machine: every legal move works and is audited; every illegal one is refused."""

from __future__ import annotations

import itertools

import pytest

from rapport.audit.models import AuditEntry
from rapport.feedback.models import CycleState, ReviewCycle
from rapport.feedback.states import TRANSITIONS, IllegalTransition, check_transition, transition
from rapport.testing.factories import ReviewCycleFactory

pytestmark = pytest.mark.django_db

ALL_PAIRS = list(itertools.product(CycleState.values, CycleState.values))
LEGAL = [(a, b) for a, b in ALL_PAIRS if b in TRANSITIONS[a]]
ILLEGAL = [(a, b) for a, b in ALL_PAIRS if b not in TRANSITIONS[a]]


def test_the_table_covers_every_state_and_matches_the_design():
    assert set(TRANSITIONS) == set(CycleState.values)
    happy = ["planned", "invited", "responded", "discussed", "actions_agreed", "closed"]
    for a, b in itertools.pairwise(happy):
        assert b in TRANSITIONS[a]
    assert "expired" in TRANSITIONS["invited"]
    for state in ["planned", "invited", "responded", "discussed", "actions_agreed", "expired"]:
        assert "cancelled" in TRANSITIONS[state]
    assert TRANSITIONS["closed"] == TRANSITIONS["cancelled"] == frozenset()


@pytest.mark.parametrize(("start", "end"), LEGAL)
def test_legal_transition_moves_and_is_audited(project, alice, start, end):
    cycle = ReviewCycleFactory(project=project, state=start)
    transition(cycle, end, alice)
    assert ReviewCycle.objects.get(pk=cycle.pk).state == end
    entry = AuditEntry.objects.get(action=f"feedback.cycle.{end}", object_id=str(cycle.pk))
    assert entry.actor == alice and entry.changes["state"] == [start, end]


@pytest.mark.parametrize(("start", "end"), ILLEGAL)
def test_illegal_transition_is_refused_with_a_clear_message(project, alice, start, end):
    cycle = ReviewCycleFactory(project=project, state=start)
    with pytest.raises(IllegalTransition) as info:
        transition(cycle, end, alice)
    message = info.value.messages[0]
    assert CycleState(start).label.lower() in message and CycleState(end).label.lower() in message
    assert ReviewCycle.objects.get(pk=cycle.pk).state == start
    assert not AuditEntry.objects.filter(object_id=str(cycle.pk)).exists()


def test_unknown_state_is_refused():
    with pytest.raises(IllegalTransition, match="not a review cycle state"):
        check_transition("planned", "archived")


def test_database_refuses_an_unknown_state(project):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ReviewCycleFactory(project=project, state="archived")


def test_one_cycle_per_project_and_month(project, carol):
    from django.core.exceptions import ValidationError

    from rapport.feedback import services

    services.plan_cycle(project, "2026-05", by=carol)
    with pytest.raises(ValidationError, match="already has a review"):
        services.plan_cycle(project, "2026-05", by=carol)


def test_period_format_is_enforced(project, carol):
    from django.core.exceptions import ValidationError

    from rapport.feedback import services

    with pytest.raises(ValidationError):
        services.plan_cycle(project, "2026-13", by=carol)
