"""Early warning per project (DESIGN.md, "Formulas").

Charts on z_t = (x_t − μ₀)/(σ/√n_t):
- EWMA E_t = λ·z_t + (1 − λ)·E_{t−1} with λ = 0.2; fires below −L·√(λ/(2−λ)·(1−(1−λ)^{2t})), L = 3.
- Lower CUSUM C_t = max(0, C_{t−1} − z_t − k) with k = 0.5; fires when C_t > h = 5.
Rules that work on short series: a drop of ≥ 2 points month on month, any score ≤ 4, two expired
cycles in a row, overdue actions, comments turning negative.

No look-ahead: ``evaluate_series`` walks the periods in order and computes each period's signals
from that period and earlier ones only. The baseline μ₀ and σ for period t come from the project's
own answers before t (the last ``baseline_window`` periods), blended with a portfolio prior that
the caller estimates from data before t as well.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rapport.insights.analytics.types import PeriodPoint, Signal

RULE_EWMA = "ewma"
RULE_CUSUM = "cusum"
RULE_DROP = "drop"
RULE_LOW_SCORE = "low_score"
RULE_SILENCE = "silence"
RULE_OVERDUE = "overdue_actions"
RULE_NEGATIVE_COMMENTS = "negative_comments"
RULES = (
    RULE_EWMA,
    RULE_CUSUM,
    RULE_DROP,
    RULE_LOW_SCORE,
    RULE_SILENCE,
    RULE_OVERDUE,
    RULE_NEGATIVE_COMMENTS,
)

WARNING = "warning"
CRITICAL = "critical"
SEVERITY_ORDER = {CRITICAL: 0, WARNING: 1}


@dataclass(frozen=True)
class Prior:
    """Portfolio prior for the baseline: mean and SD of single scores, and its weight in answers."""

    mean: float = 7.5
    sd: float = 1.5
    weight: float = 5.0


@dataclass(frozen=True)
class Settings:
    ewma_lambda: float = 0.2
    ewma_l: float = 3.0
    cusum_k: float = 0.5
    cusum_h: float = 5.0
    drop_points: float = 2.0
    low_score: float = 4.0
    silence_expired: int = 2
    negative_sentiment: float = -0.05  # VADER's usual cut-off for "negative"
    baseline_window: int = 12


@dataclass
class _State:
    ewma: float = 0.0
    ewma_steps: int = 0
    cusum: float = 0.0
    # The answered periods of the baseline window (the latest ``baseline_window``), as three
    # columns: n, n × mean and Σ score² (bounded deques: summed in order, no slice per month).
    history_n: deque[int] = field(default_factory=deque)
    history_total: deque[float] = field(default_factory=deque)
    history_sumsq: deque[float] = field(default_factory=deque)
    baseline: tuple[float, float] | None = None  # of the history as it stands (None: stale)
    last_mean: tuple[str, float, int] | None = None
    expired_run: int = 0
    last_sentiment: float | None = None

    @classmethod
    def sized(cls, window: int) -> _State:
        """A state whose history keeps the last ``window`` answered periods (0: all of them)."""
        size = window if window > 0 else None
        return cls(history_n=deque(maxlen=size), history_total=deque(maxlen=size),
                   history_sumsq=deque(maxlen=size))  # fmt: skip


class PeriodResult(NamedTuple):
    """One period's rules (a tuple: the recompute makes one per project and month)."""

    period: str
    z: float | None
    ewma: float
    ewma_limit: float | None
    cusum: float
    baseline_mean: float
    baseline_sd: float
    signals: tuple[Signal, ...]


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _signed(x: float) -> str:
    return f"{x:+.1f}".replace("-", "−")


def _baseline(state: _State, prior: Prior) -> tuple[float, float]:
    # It changes only when a period with answers joins the history: months without answers
    # reuse it. The history holds the window's periods only (``_State.sized``).
    if state.baseline is not None:
        return state.baseline
    n = sum(state.history_n)
    total = sum(state.history_total)
    w = prior.weight
    mu0 = (w * prior.mean + total) / (w + n)
    sumsq = sum(state.history_sumsq)
    # Pooled spread: the prior's variance counts as w answers, the project's own as n − 1.
    own_ss = sumsq - (total**2 / n if n else 0.0)
    dof = w + max(n - 1, 0)
    sd = math.sqrt((w * prior.sd**2 + max(own_ss, 0.0)) / dof)
    state.baseline = (mu0, max(sd, 0.1))
    return state.baseline


def _step(
    state: _State, point: PeriodPoint, scores_sumsq: float | None, prior: Prior, s: Settings
) -> PeriodResult:
    signals: list[Signal] = []
    mu0, sd = _baseline(state, prior)
    z = None
    limit = None
    p = point.period
    if point.n > 0 and point.mean is not None:
        z = (point.mean - mu0) / (sd / math.sqrt(point.n))
        lam = s.ewma_lambda
        state.ewma = lam * z + (1 - lam) * state.ewma
        state.ewma_steps += 1
        limit = s.ewma_l * math.sqrt(lam / (2 - lam) * (1 - (1 - lam) ** (2 * state.ewma_steps)))
        if state.ewma < -limit:
            signals.append(
                Signal(
                    RULE_EWMA,
                    WARNING,
                    p,
                    f"Scores are drifting down: the EWMA of standardised scores is "
                    f"{state.ewma:.2f}, below its control limit −{limit:.2f} in {p} "
                    f"(mean {_fmt(point.mean)} against a baseline of {_fmt(mu0)}, n={point.n}).",
                    {
                        "ewma": round(state.ewma, 3),
                        "limit": round(-limit, 3),
                        "z": round(z, 3),
                        "mean": round(point.mean, 3),
                        "baseline": round(mu0, 3),
                        "n": point.n,
                    },
                )
            )
        state.cusum = max(0.0, state.cusum - z - s.cusum_k)
        if state.cusum > s.cusum_h:
            signals.append(
                Signal(
                    RULE_CUSUM,
                    WARNING,
                    p,
                    f"Sustained shortfall: the lower CUSUM reached {state.cusum:.1f} (threshold "
                    f"{s.cusum_h:.0f}) in {p}; mean {_fmt(point.mean)} against a baseline of "
                    f"{_fmt(mu0)}, n={point.n}.",
                    {
                        "cusum": round(state.cusum, 3),
                        "h": s.cusum_h,
                        "z": round(z, 3),
                        "mean": round(point.mean, 3),
                        "baseline": round(mu0, 3),
                        "n": point.n,
                    },
                )
            )
        if state.last_mean is not None:
            prev_period, prev_mean, _prev_n = state.last_mean
            change = point.mean - prev_mean
            if change <= -s.drop_points:
                signals.append(
                    Signal(
                        RULE_DROP,
                        WARNING,
                        p,
                        f"Mean fell from {_fmt(prev_mean)} to {_fmt(point.mean)} "
                        f"({_signed(change)}) between {prev_period} and {p}, n={point.n}.",
                        {
                            "from": round(prev_mean, 3),
                            "to": round(point.mean, 3),
                            "change": round(change, 3),
                            "from_period": prev_period,
                            "n": point.n,
                        },
                    )
                )
        if point.min_score is not None and point.min_score <= s.low_score:
            signals.append(
                Signal(
                    RULE_LOW_SCORE,
                    CRITICAL,
                    p,
                    f"A stakeholder scored {point.min_score:g} out of 10 in {p} (scores of "
                    f"{s.low_score:g} or less need a conversation), n={point.n}.",
                    {"min_score": point.min_score, "threshold": s.low_score, "n": point.n},
                )
            )
        sumsq = scores_sumsq if scores_sumsq is not None else point.n * point.mean**2
        state.history_n.append(point.n)
        state.history_total.append(point.n * point.mean)
        state.history_sumsq.append(sumsq)
        state.baseline = None
        state.last_mean = (p, point.mean, point.n)

    state.expired_run = state.expired_run + 1 if point.expired else 0
    if point.expired and state.expired_run >= s.silence_expired:
        signals.append(
            Signal(
                RULE_SILENCE,
                CRITICAL,
                p,
                f"No answer for {state.expired_run} review cycles in a row (up to {p}): "
                f"silence is a signal.",
                {"expired_in_a_row": state.expired_run},
            )
        )
    if point.overdue_actions > 0:
        noun = "action" if point.overdue_actions == 1 else "actions"
        signals.append(
            Signal(
                RULE_OVERDUE,
                WARNING,
                p,
                f"{point.overdue_actions} agreed {noun} overdue at the end of {p}.",
                {"overdue_actions": point.overdue_actions},
            )
        )
    if point.sentiment is not None:
        prev = state.last_sentiment
        if point.sentiment <= s.negative_sentiment and (
            prev is None or prev > s.negative_sentiment
        ):
            before = "no earlier comments" if prev is None else f"{prev:+.2f}"
            signals.append(
                Signal(
                    RULE_NEGATIVE_COMMENTS,
                    WARNING,
                    p,
                    f"Comments turned negative in {p}: average sentiment {point.sentiment:+.2f} "
                    f"(before: {before}).",
                    {
                        "sentiment": round(point.sentiment, 3),
                        "previous": None if prev is None else round(prev, 3),
                    },
                )
            )
        state.last_sentiment = point.sentiment
    # Positional: one result per project and month (keywords cost a third of building it).
    return PeriodResult(p, z, state.ewma, limit, state.cusum, mu0, sd, tuple(signals))


def evaluate_series(
    points: Sequence[PeriodPoint],
    *,
    prior: Prior | None = None,
    settings: Settings | None = None,
    sumsq: Sequence[float | None] | None = None,
) -> list[PeriodResult]:
    """Evaluate every period of one project's series, in period order, without look-ahead.

    Each result uses only ``points[:i + 1]``: appending later periods never changes it.
    ``sumsq`` optionally gives Σ score² per period so the baseline spread uses real data.
    """
    prior = prior or Prior()
    settings = settings or Settings()
    ordered = sorted(range(len(points)), key=lambda i: points[i].period)
    state = _State.sized(settings.baseline_window)
    results = []
    for i in ordered:
        extra = sumsq[i] if sumsq is not None else None
        results.append(_step(state, points[i], extra, prior, settings))
    return results


def current_signals(
    points: Sequence[PeriodPoint], *, prior: Prior | None = None, settings: Settings | None = None
) -> list[Signal]:
    """Signals that fire in the latest period of the series (what to alert on now)."""
    results = evaluate_series(points, prior=prior, settings=settings)
    return list(results[-1].signals) if results else []


def points_from_scores(
    scores_by_period: Mapping[str, Sequence[float]],
    *,
    expired: set[str] | None = None,
    overdue: dict[str, int] | None = None,
    sentiment: dict[str, float] | None = None,
) -> tuple[list[PeriodPoint], list[float | None]]:
    """Build a series (and Σ score² per period) from raw scores per period."""
    expired = expired or set()
    overdue = overdue or {}
    sentiment = sentiment or {}
    periods = sorted(set(scores_by_period) | expired | set(overdue))
    points, sums = [], []
    for p in periods:
        scores = scores_by_period.get(p, ())
        n = len(scores)
        points.append(
            PeriodPoint(
                p,
                n,
                sum(scores) / n if n else None,
                min(scores) if n else None,
                p in expired,
                overdue.get(p, 0),
                sentiment.get(p),
            )
        )
        sums.append(sum([s * s for s in scores]) if n else None)
    return points, sums
