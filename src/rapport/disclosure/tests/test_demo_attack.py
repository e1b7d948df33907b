"""The demo portfolio under attack: what each demo user can read reveals no protected answer.

The issue's own examples were found on the demo: an anonymous review answered by one person
showing "n=1" on the health page and in the alert email, a sponsor recovering an anonymous score
by subtracting two months of the health API. Here every demo user's health rows and alert texts
go to the attacker; people behind anonymous answers are counted as the layer counts them (a
cautious lower bound: the demo keeps no link from an anonymous answer to a person).
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from rapport.accounts.models import Role, User
from rapport.demo.builder import DemoOptions, build_demo
from rapport.disclosure.blocks import is_protected
from rapport.disclosure.rules import figure_threshold
from rapport.disclosure.tests.attacker import attack
from rapport.disclosure.tests.test_attacker import (
    _collect,
    _released_basis,
    _unknowns,
    assert_alerts_withhold_numbers,
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
    found = _collect(readers, answers, basis, partition)
    for name, (releases, alerts) in found.items():
        role = name.split()[0]
        result = attack(releases, _unknowns(role, answers), partition.respondents)
        assert result.isolated == [], f"{name} isolates {len(result.isolated)} answers"
        assert result.smallest_atom is None or result.smallest_atom >= k, name
        assert_alerts_withhold_numbers(name, alerts, answers)
