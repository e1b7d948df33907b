"""The demo portfolio under attack: what each demo user can read reveals no protected answer.

The issue's own examples were found on the demo: an anonymous review answered by one person
showing "n=1" on the health page and in the alert email, a sponsor recovering an anonymous score
by subtracting two months of the health API. Here every demo user's health rows and alert texts
go to the attacker; people behind anonymous answers are counted as the layer counts them (a
cautious lower bound: the demo keeps no link from an anonymous answer to a person).
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.utils import timezone

from rapport.accounts.models import Role, User
from rapport.demo.builder import DemoOptions, build_demo
from rapport.disclosure.blocks import is_protected
from rapport.disclosure.rules import figure_threshold
from rapport.disclosure.signals import ANSWER_RULES
from rapport.disclosure.tests.attacker import attack
from rapport.disclosure.tests.test_attacker import (
    FIGURE,
    WINDOW,
    _collect,
    _index,
    _released_basis,
    _unknowns,
)
from rapport.feedback.models import Response

pytestmark = pytest.mark.django_db(transaction=False)

ROLE_NAMES = {Role.PMO_LEAD: "lead", Role.PMO_ANALYST: "analyst"}


def test_no_demo_user_can_isolate_a_protected_answer():
    build_demo(DemoOptions(today=timezone.localdate()))
    k = figure_threshold()
    answers = {
        rid: (pid, period, overall, culture)
        for rid, pid, period, overall, culture in Response.objects.filter(
            overall__isnull=False
        ).values_list("id", "project_id", "period", "overall", "confidentiality")
    }
    assert any(is_protected(c) for *_, c in answers.values())  # the demo has protected answers
    basis, partition = _released_basis(answers)
    readers = {
        f"{ROLE_NAMES.get(u.role, u.role)} {u.email}": u
        for u in User.objects.filter(is_active=True)
    }
    protected_months = defaultdict(set)
    for pid, period, _, culture in answers.values():
        if is_protected(culture):
            protected_months[pid].add(_index(period))
    found = _collect(readers, answers, basis, partition)
    for name, (releases, alerts) in found.items():
        role = name.split()[0]
        result = attack(releases, _unknowns(role, answers), partition.respondents)
        assert result.isolated == [], f"{name} isolates {len(result.isolated)} answers"
        assert result.smallest_atom is None or result.smallest_atom >= k, name
        for alert in alerts:
            read_protected = any(
                0 <= _index(alert["period"]) - month <= WINDOW
                for month in protected_months[alert["project_id"]]
            )
            if read_protected and alert["rule"] in ANSWER_RULES:
                text = alert["message"].replace(alert["period"], "")
                assert not FIGURE.search(text), f"{name} reads figures in: {text}"
