"""The review cycle's state machine, in ONE place.

``TRANSITIONS`` lists every legal move; ``transition(cycle, to, by)`` (or ``transition_held`` for a
caller already holding the row) is the only code that changes ``ReviewCycle.state``. Each move is
audit-logged as ``feedback.cycle.<new state>``.

    planned ─▶ invited ─▶ responded ─▶ discussed ─▶ actions agreed ─▶ closed
                 │  ▲
                 ▼  │ (one email retry)
               expired            any open state ─▶ cancelled (project paused or closed)
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rapport.audit.models import AuditEntry
from rapport.audit.services import build_entry, record
from rapport.feedback.models import CycleState as S
from rapport.feedback.models import ReviewCycle
from rapport.portfolio.signals import health_inputs_changed

TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLANNED: frozenset({S.INVITED, S.RESPONDED, S.CANCELLED}),
    # Meeting mode can go straight from planned to responded (scores agreed live).
    S.INVITED: frozenset({S.RESPONDED, S.EXPIRED, S.CANCELLED}),
    S.RESPONDED: frozenset({S.DISCUSSED, S.CANCELLED}),
    S.DISCUSSED: frozenset({S.ACTIONS_AGREED, S.CANCELLED}),
    S.ACTIONS_AGREED: frozenset({S.CLOSED, S.CANCELLED}),
    # The one email retry re-opens an expired cycle; a late meeting may still record scores.
    S.EXPIRED: frozenset({S.INVITED, S.RESPONDED, S.CANCELLED}),
    S.CLOSED: frozenset(),
    S.CANCELLED: frozenset(),
}


class IllegalTransition(ValidationError):
    """A move the state machine does not allow; the message says why, in words."""


def allowed_targets(state: str) -> frozenset[str]:
    return TRANSITIONS.get(state, frozenset())


def check_transition(current: str, to: str) -> None:
    if to not in S.values:
        raise IllegalTransition(gettext("“%(state)s” is not a review cycle state.") % {"state": to})
    if to not in allowed_targets(current):
        allowed = ", ".join(S(t).label.lower() for t in sorted(allowed_targets(current)))
        words = {"current": S(current).label.lower(), "to": S(to).label.lower(), "allowed": allowed}
        raise IllegalTransition(
            (
                gettext(
                    "A review cycle that is %(current)s cannot become %(to)s; "
                    "it can become: %(allowed)s."
                )
                if allowed
                else gettext(
                    "A review cycle that is %(current)s cannot become %(to)s; it is finished."
                )
            )
            % words
        )


@transaction.atomic
def transition(cycle: ReviewCycle, to: str, by: Any, *, note: str = "") -> ReviewCycle:
    """Move ``cycle`` to state ``to`` or raise ``IllegalTransition``; nothing else changes it.

    The row is locked first, so two concurrent moves cannot both start from the same state.
    """
    locked = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    check_transition(locked.state, to)
    old = locked.state
    fields = ["state"]
    locked.state = to
    now = timezone.now()
    if to == S.INVITED and locked.opened_at is None:
        locked.opened_at = now
        fields.append("opened_at")
    if to in (S.CLOSED, S.CANCELLED):
        locked.closed_at = now
        fields.append("closed_at")
    locked.save(update_fields=fields)
    changes: dict[str, Any] = {"state": [old, to]}
    if note:
        changes["note"] = note
    record(f"feedback.cycle.{to}", by=by, obj=locked, changes=changes)
    if to != S.INVITED:  # answers, closing, expiry or cancelling change the health review
        transaction.on_commit(partial(request_health_recompute, locked.project_id, locked.period))
    cycle.state, cycle.opened_at, cycle.closed_at = locked.state, locked.opened_at, locked.closed_at
    return cycle


def transition_held(cycle: ReviewCycle, current: str, to: str, by: Any) -> AuditEntry:
    """``transition`` for a caller that already holds ``cycle``'s row in its transaction and
    read ``current`` under that lock (an answer from a survey link, on its hot path): one
    conditional UPDATE, no second lock, no reload.

    Returns the audit entry unsaved, for the caller to write with its own in one INSERT; the
    caller also asks for the health recompute (once for all its changes). Only moves that set no
    timestamp are allowed here (not to invited, closed or cancelled)."""
    check_transition(current, to)
    if to in (S.INVITED, S.CLOSED, S.CANCELLED):
        raise IllegalTransition(f"Use transition() to make a review {S(to).label.lower()}.")
    if not ReviewCycle.objects.filter(pk=cycle.pk, state=current).update(state=to):
        raise IllegalTransition(f"The review is no longer {S(current).label.lower()}.")
    cycle.state = to
    return build_entry(f"feedback.cycle.{to}", by=by, obj=cycle, changes={"state": [current, to]})


def request_health_recompute(project_id: int | None = None, period: str | None = None) -> None:
    """Coalesced: one recompute of the project (from ``period`` on), or of all when None.

    Insights reads feedback, so it listens (``portfolio/signals.py``) instead of being called."""
    health_inputs_changed.send(ReviewCycle, project_id=project_id, period=period)
