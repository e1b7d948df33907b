"""Pulse figures: a pure function over plain answers, and one loader for many rounds.

Whatever the round's confidentiality, a pulse figure is over a customer's whole group of
stakeholders, so it always needs the figure threshold (``privacy.figure_threshold``, k ≥ 3):
under k, only counts show. Comments need the comment threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

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

    @property
    def hidden_reason(self) -> str:
        if not self.figures:
            return f"hidden: fewer than {self.k} answers"
        if not self.comments_shown:
            return f"comments hidden: fewer than {self.k_comments} answers"
        return ""


def pulse_figures(
    answers: Sequence[Answer],
    services: Iterable[tuple[int, str]] = (),
    *,
    k: int | None = None,
    k_comments: int | None = None,
) -> PulseFigures:
    """Means and "helps N of M" per service, only when ``len(answers)`` reaches k."""
    n = len(answers)
    kf = figure_threshold(k)
    # Given thresholds are taken as they are (never below k or 3); else the settings'.
    kc = max(kf, comment_threshold() if k_comments is None else max(MIN_K, int(k_comments)))
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

    from rapport.feedback.pulse.services import HELPFUL_STATUSES
    from rapport.roadmap.models import Service

    named = {sid for a in answers for sid in a.services}
    return list(
        Service.objects.filter(Q(status__in=HELPFUL_STATUSES) | Q(pk__in=named))
        .order_by("name")
        .values_list("pk", "name")
    )


def round_figures(round_ids: Iterable[int]) -> dict[int, PulseFigures]:
    """Figures for many rounds in two queries."""
    answers = load_answers(round_ids)
    services = service_names(a for rows in answers.values() for a in rows)
    return {pk: pulse_figures(rows, services) for pk, rows in answers.items()}


def latest_service_help(
    service_id: int, customer_ids: Iterable[int]
) -> list[tuple[str, str, PulseFigures]]:
    """For each customer, its latest closed round with answers (or, before any closed, its
    latest open one): (customer name, period, figures). A round that has just opened does not
    hide the last finished one."""
    from rapport.feedback.pulse.models import PulseRound, PulseState

    rounds = list(
        PulseRound.objects.filter(customer_id__in=list(customer_ids), responses__isnull=False)
        .distinct()
        .select_related("customer")
        .order_by("customer__name", "customer_id", "-period")
    )
    latest: dict[int, PulseRound] = {}
    for r in rounds:
        kept = latest.get(r.customer_id)
        if kept is None or (kept.state != PulseState.CLOSED and r.state == PulseState.CLOSED):
            latest[r.customer_id] = r
    answers = load_answers(r.pk for r in latest.values())
    return [
        (r.customer.name, r.period, pulse_figures(answers[r.pk], [(service_id, "")]))
        for r in latest.values()
    ]
