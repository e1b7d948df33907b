"""Pulse figures: a pure function over plain answers, and one loader for many rounds.

A pulse round (one customer's quarter) is the pulse's release block (docs/privacy.md): its
figures — means, "helps N of M respondents", comments — show only once the round is closed
(its answers are final) and only over the whole round. While it is open, only counts show: a
figure that moved answer by answer would let a watcher subtract one reading from the next.
Whatever the round's confidentiality, a pulse figure is over a customer's whole group of
stakeholders, so it always needs the figure threshold (``disclosure.rules.figure_threshold``,
k ≥ 3); comments need the comment threshold. Nothing pools answers of several rounds or
customers: every figure is over exactly one closed round.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from rapport.disclosure.rules import MIN_K, comment_threshold, figure_threshold, mean


@dataclass(frozen=True)
class Answer:
    priorities_served: int
    effort: int
    services: tuple[int, ...] = ()
    comment: str = ""


@dataclass(frozen=True)
class ServiceHelp:
    service_id: int
    name: str
    helps: int  # respondents who ticked it
    of: int  # respondents


@dataclass(frozen=True)
class PulseFigures:
    respondents: int
    k: int
    k_comments: int
    figures: bool
    comments_shown: bool
    priorities: float | None = None
    effort: float | None = None
    services: tuple[ServiceHelp, ...] = ()
    comments: tuple[str, ...] = field(default=())
    still_open: bool = False  # the round still takes answers: counts only

    @property
    def hidden_reason(self) -> str:
        if self.still_open:
            return gettext("shown when the pulse closes")
        if not self.figures:
            return gettext("hidden: fewer than %(k)s answers") % {"k": self.k}
        if not self.comments_shown:
            return gettext("comments hidden: fewer than %(k)s answers") % {"k": self.k_comments}
        return ""


def pulse_figures(
    answers: Sequence[Answer],
    services: Iterable[tuple[int, str]] = (),
    *,
    closed: bool,
    k: int | None = None,
    k_comments: int | None = None,
) -> PulseFigures:
    """Means and "helps N of M" per service over one round's ``answers``, only when the round
    is ``closed`` and ``len(answers)`` reaches k; comments only from the comment threshold."""
    n = len(answers)
    kf = figure_threshold(k)
    # Given thresholds are taken as they are (never below k or 3); else the settings'.
    kc = max(kf, comment_threshold() if k_comments is None else max(MIN_K, int(k_comments)))
    if not closed:
        return PulseFigures(n, kf, kc, False, False, still_open=True)
    if n < kf:
        return PulseFigures(n, kf, kc, False, False)
    helps = [
        ServiceHelp(sid, name, sum(1 for a in answers if sid in a.services), n)
        for sid, name in services
    ]
    helps.sort(key=lambda h: (-h.helps, h.name.lower()))
    comments = tuple(a.comment for a in answers if a.comment) if n >= kc else ()
    return PulseFigures(
        n,
        kf,
        kc,
        True,
        n >= kc,
        mean([a.priorities_served for a in answers]),
        mean([a.effort for a in answers]),
        tuple(helps),
        tuple(sorted(comments)),  # sorted: no order of submission can be read
    )


# --- loader ------------------------------------------------------------------------------------


def load_answers(round_ids: Iterable[int]) -> dict[int, list[Answer]]:
    """Every answer of the given rounds, in one query."""
    from rapport.feedback.pulse.models import PulseResponse

    ids = list(round_ids)
    by_round: dict[int, list[Answer]] = {pk: [] for pk in ids}
    if not ids:
        return by_round
    rows = PulseResponse.objects.filter(round_id__in=ids).values_list(
        "round_id", "priorities_served", "effort", "services_helping", "comment"
    )
    for round_id, priorities, effort, services, comment in rows:
        by_round[round_id].append(
            Answer(priorities, effort, tuple(int(s) for s in services or ()), comment)
        )
    return by_round


def service_names(answers: Iterable[Answer] = ()) -> list[tuple[int, str]]:
    """Services on offer (available or piloting) plus any an answer named, in one query."""
    from django.db.models import Q

    from rapport.catalog.models import Service
    from rapport.feedback.pulse.services import HELPFUL_STATUSES

    named = {sid for a in answers for sid in a.services}
    return list(
        Service.objects.filter(Q(status__in=HELPFUL_STATUSES) | Q(pk__in=named))
        .order_by("name")
        .values_list("pk", "name")
    )


def round_figures(rounds: Iterable[Any]) -> dict[int, PulseFigures]:
    """Figures for many rounds (ids, or PulseRound objects whose ``state`` is then used) in two
    or three queries. Each round's figures are over that round alone, and only once closed."""
    from rapport.feedback.pulse.models import PulseRound, PulseState

    items = list(rounds)
    states = {r.pk: r.state for r in items if isinstance(r, PulseRound)}
    ids = [r.pk if isinstance(r, PulseRound) else r for r in items]
    missing = [pk for pk in ids if pk not in states]
    if missing:
        states.update(PulseRound.objects.filter(pk__in=missing).values_list("pk", "state"))
    answers = load_answers(ids)
    services = service_names(a for rows in answers.values() for a in rows)
    return {
        pk: pulse_figures(rows, services, closed=states.get(pk) == PulseState.CLOSED)
        for pk, rows in answers.items()
    }


def latest_service_help(
    service_id: int, customer_ids: Iterable[int]
) -> list[tuple[str, str, PulseFigures]]:
    """For each customer, its latest closed round with answers: (customer name, period,
    figures). A round still open never shows (its figures move answer by answer), nor hides
    the last closed one; a customer with no closed round is left out."""
    from rapport.feedback.pulse.models import PulseRound, PulseState

    rounds = list(
        PulseRound.objects.filter(
            customer_id__in=list(customer_ids), state=PulseState.CLOSED, responses__isnull=False
        )
        .distinct()
        .select_related("customer")
        .order_by("customer__name", "customer_id", "-period")
    )
    latest: dict[int, PulseRound] = {}
    for r in rounds:
        latest.setdefault(r.customer_id, r)
    answers = load_answers(r.pk for r in latest.values())
    return [
        (r.customer.name, r.period, pulse_figures(answers[r.pk], [(service_id, "")], closed=True))
        for r in latest.values()
    ]
