"""Demo data for the PMO service pulse (K=9): last quarter's pulse for every customer, answered
anonymously by most of their stakeholders, then closed. One customer had too few answers, so
its figures stay hidden (as they must). The first customer also has this quarter's pulse open
with two answers in (its pages show counts only until it closes), and one working link is
printed.

Deterministic: its own random stream (seed × 1000 + 9), independent of the other demo parts.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.utils import timezone

from rapport.accounts.models import Role
from rapport.disclosure.rules import figure_threshold
from rapport.feedback.models import OutboxMessage, OutboxState
from rapport.feedback.pulse import services as pulse
from rapport.feedback.pulse.models import PulseInvitation

K = 9

COMMENTS = [
    "Approvals for small changes still take too long.",
    "The intake form asks the same thing three times.",
    "I never know who to call when a request is stuck.",
    "The monthly review is useful. Keep it short.",
    "The start kit saved us weeks.",
    "",
    "",
    "",
]


def _previous_quarter(today: dt.date) -> str:
    start = pulse.quarter_start(pulse.quarter_of(today))
    return pulse.quarter_of(start - dt.timedelta(days=1))


def build_pulse(result: Any, options: Any, progress: Any) -> None:
    rng = random.Random(options.seed * 1000 + K)
    say = progress or (lambda _msg: None)
    lead = result.users[Role.PMO_LEAD][0]
    period = _previous_quarter(options.today)
    opened_on = pulse.quarter_start(period) + dt.timedelta(days=2)
    helpful = sorted(pulse.helpful_service_ids())
    k = figure_threshold()
    sizes = {c.pk: pulse.pulse_recipients(c) for c in result.customers}
    reachable = {pk: sum(1 for _p, problem in rows if not problem) for pk, rows in sizes.items()}
    # Small customers cannot reach k and stay hidden; if none is that small, one answers less.
    hidden_customer = (
        None
        if any(n < k for n in reachable.values()) or not result.customers
        else result.customers[-1].pk
    )
    shown = 0
    for customer in result.customers:
        round_ = pulse.open_pulse_round(customer, by=lead, period=period, today=opened_on)
        invitations = list(round_.invitations.order_by("pk"))
        # History: these emails went out last quarter; keep the worker from sending them now.
        OutboxMessage.objects.filter(pulse_invitation__round=round_).update(
            state=OutboxState.CANCELLED, last_error="Demo history: not sent"
        )
        PulseInvitation.objects.filter(round=round_).update(
            sent_at=timezone.make_aware(dt.datetime.combine(opened_on, dt.time(9)))
        )
        if customer.pk == hidden_customer:
            answering = invitations[: max(0, min(len(invitations), k - 2))]
        elif len(invitations) > k:
            answering = rng.sample(invitations, k=len(invitations) - 1)  # one did not answer
        else:
            answering = invitations
        base_priorities, base_effort = rng.randint(5, 9), rng.randint(4, 6)
        favourites = rng.sample(helpful, k=min(len(helpful), 3))
        for n, invitation in enumerate(answering):
            token = pulse.issue_pulse_link(invitation)
            when = timezone.make_aware(
                dt.datetime.combine(opened_on + dt.timedelta(days=1 + n % 9), dt.time(10))
            )
            pulse.record_pulse_response(
                token,
                {
                    "priorities_served": min(10, max(1, base_priorities + rng.randint(-2, 1))),
                    "effort": min(7, max(1, base_effort + rng.randint(-1, 1))),
                    "services": [s for s in favourites if rng.random() < 0.6],
                    "comment": rng.choice(COMMENTS),
                },
                now=when,
                allowed_services=set(helpful),
            )
        pulse.close_pulse_round(round_, by=lead)
        shown += len(answering) >= k
    say(
        f"Pulse {period}: {len(result.customers)} customers asked, figures shown for {shown} "
        f"(hidden below {k} answers)."
    )
    if result.customers:
        current = pulse.open_pulse_round(result.customers[0], by=lead, today=options.today)
        invitations = list(current.invitations.select_related("stakeholder").order_by("pk"))
        example = invitations[0] if invitations else None
        # A round under way: a couple of answers in, figures only once it closes.
        now = timezone.make_aware(dt.datetime.combine(options.today, dt.time(9)))
        for invitation in invitations[1:3]:
            pulse.record_pulse_response(
                pulse.issue_pulse_link(invitation),
                {
                    "priorities_served": rng.randint(5, 9),
                    "effort": rng.randint(4, 6),
                    "services": [s for s in helpful[:2] if rng.random() < 0.5],
                    "comment": "",
                },
                now=now,
                allowed_services=set(helpful),
            )
        if example is not None:
            OutboxMessage.objects.filter(pulse_invitation=example).update(
                state=OutboxState.CANCELLED, last_error="Demo: the link was printed instead"
            )
            token = pulse.issue_pulse_link(example)
            say(
                f"Example pulse link (answer as {example.stakeholder.name}, "
                f"{current.customer.name}): {settings.SITE_URL}/s/pulse/{token}/"
            )
