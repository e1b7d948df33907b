"""The early warning's plain data: an answer as it reads it, its settings, and one project's
month of residuals (``warning.py`` and ``residuals.py`` both use them; ``warning`` re-exports
them)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, overload


class Answer(NamedTuple):
    """One answer as the early warning reads it (a tuple: the recompute builds half a million)."""

    period: str
    score: float
    respondent: int | str | None = None  # None: anonymous, no personal baseline
    mode: str = "meeting"


class AnswerColumns(Sequence[Answer]):
    """One project's answers as four parallel lists, in order: what the portfolio-wide steps
    read column by column (``columns_of``), built by the recompute's loading without making half
    a million ``Answer`` tuples. Indexing or iterating gives ``Answer`` tuples, so it reads as a
    list of answers everywhere else."""

    __slots__ = ("modes", "periods", "respondents", "scores")

    def __init__(self) -> None:
        self.periods: list[str] = []
        self.scores: list[float] = []
        self.respondents: list[int | str | None] = []
        self.modes: list[str] = []

    def append(self, answer: Answer) -> None:
        self.periods.append(answer.period)
        self.scores.append(answer.score)
        self.respondents.append(answer.respondent)
        self.modes.append(answer.mode)

    def __len__(self) -> int:
        return len(self.periods)

    @overload
    def __getitem__(self, index: int) -> Answer: ...
    @overload
    def __getitem__(self, index: slice) -> list[Answer]: ...
    def __getitem__(self, index: int | slice) -> Answer | list[Answer]:
        if isinstance(index, slice):
            return list(self)[index]
        return Answer(
            self.periods[index], self.scores[index], self.respondents[index], self.modes[index]
        )

    def __iter__(self) -> Iterator[Answer]:
        return map(
            Answer._make, zip(self.periods, self.scores, self.respondents, self.modes, strict=True)
        )

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list


def columns_of(
    rows: Sequence[Answer],
) -> tuple[Sequence[str], Sequence[float], Sequence[int | str | None], Sequence[str]]:
    """The periods, scores, respondents and modes of ``rows``, each in the rows' order."""
    if isinstance(rows, AnswerColumns):
        return rows.periods, rows.scores, rows.respondents, rows.modes
    if not rows:
        return (), (), (), ()
    periods, scores, respondents, modes = zip(*rows, strict=True)
    return periods, scores, respondents, modes


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


class Step(NamedTuple):
    period: str
    llr_scores: float
    llr_silence: float
    statistic: float
    run_start: str | None
    alarm: bool
    evidence: dict[str, Any] = {}  # shared default, never mutated: an alarm gets its own dict
