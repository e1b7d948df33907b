"""The early warning's plain data: an answer as it reads it, its settings, and one project's
month of residuals (``warning.py`` and ``residuals.py`` both use them; ``warning`` re-exports
them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


class Answer(NamedTuple):
    """One answer as the early warning reads it (a tuple: the recompute builds half a million)."""

    period: str
    score: float
    respondent: int | str | None = None  # None: anonymous, no personal baseline
    mode: str = "meeting"


@dataclass(frozen=True)
class WarningSettings:
    shift: float = 1.5  # the decline (points) the score part is tuned to detect
    silence_ratio: float = 0.5  # the response probability under a decline, relative to usual
    baseline_months: int = 24  # how far back "usual" looks
    expected_months: int = 6  # who answered within this many months is expected to answer
    false_alarms_per_year: float = 0.1  # target; the threshold is calibrated to it
    own_dispersion_weight: float = 8.0  # months of the portfolio's dispersion in a project's own
    min_context_answers: int = 60  # below this, portfolio quantities keep their defaults


class PeriodResidual(NamedTuple):
    """One project's month for the test (a tuple: one per project and month of the portfolio)."""

    period: str
    n: int = 0  # answers
    residual: float | None = None  # weighted mean of (answer − what that person usually gives)
    variance: float | None = None  # its variance under "no change", before dispersion
    raw_mean: float | None = None
    usual: float | None = None  # what the same people usually give, in the same modes
    people: int = 0
    expected: int = 0  # people expected to answer (answered in the recent months)
    answered: int = 0  # of those, how many did
    silent: tuple[Any, ...] = ()  # who was expected and did not answer
    past_expected: int = 0  # the project's own history of the same counts (baseline months)
    past_answered: int = 0
    countable: bool = True  # whether silence counts this month (the month is over)
