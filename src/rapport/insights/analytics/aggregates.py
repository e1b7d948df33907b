"""Descriptive figures per project and period (DESIGN.md, "Formulas"). Every figure carries N."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapport.insights.analytics.types import Observation

TOP_BOX_MIN = 8  # top box on the 1–10 scale: 8, 9 or 10


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def top_box_share(scores: Sequence[float], threshold: float = TOP_BOX_MIN) -> float | None:
    """Share (0–1) of scores ≥ ``threshold``; None without scores."""
    if not scores:
        return None
    return sum(1 for s in scores if s >= threshold) / len(scores)


def nps(recommend: Sequence[int]) -> float | None:
    """Net promoter score: 100·(promoters 9–10 − detractors 0–6)/N, in −100…100."""
    if not recommend:
        return None
    promoters = sum(1 for r in recommend if r >= 9)
    detractors = sum(1 for r in recommend if r <= 6)
    return 100.0 * (promoters - detractors) / len(recommend)


def csat(scores_1_to_5: Sequence[int]) -> float | None:
    """CSAT % on a 1–5 scale: share of 4–5, in 0–100."""
    if not scores_1_to_5:
        return None
    for s in scores_1_to_5:
        if not 1 <= s <= 5:
            raise ValueError(f"CSAT answers are between 1 and 5, got {s!r}.")
    return 100.0 * sum(1 for s in scores_1_to_5 if s >= 4) / len(scores_1_to_5)


def response_rate(responded: int, invited: int) -> float | None:
    """Share (0–1) of invited stakeholders who answered; None when nobody was invited."""
    if invited < 0 or responded < 0:
        raise ValueError("Counts cannot be negative.")
    if invited == 0:
        return None
    return min(responded, invited) / invited


def sample_sd(values: Sequence[float]) -> float | None:
    if len(values) < 2:
        return None
    m = sum(values) / len(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


@dataclass(frozen=True)
class Aggregate:
    project_id: int | str
    period: str
    n: int
    mean: float | None
    sd: float | None
    min_score: float | None
    top_box: float | None  # share 0–1
    nps: float | None  # only when asked for and answers exist
    nps_n: int
    invited: int | None
    response_rate: float | None


def aggregate(
    observations: Iterable[Observation],
    *,
    invited: Mapping[tuple[int | str, str], int] | None = None,
    with_nps: bool = False,
) -> list[Aggregate]:
    """Figures per (project, period), sorted by project then period.

    ``invited`` maps (project_id, period) to the number of stakeholders invited, for the
    response rate. NPS is computed only when ``with_nps`` is set, over answers that have it.
    """
    groups: dict[tuple[int | str, str], list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[(obs.project_id, obs.period)].append(obs)
    keys = set(groups) | set(invited or {})
    result = []
    for key in sorted(keys, key=lambda k: (str(k[0]), k[1])):
        rows = groups.get(key, [])
        scores = [o.score for o in rows]
        recommend = [o.recommend for o in rows if o.recommend is not None]
        inv = (invited or {}).get(key)
        result.append(
            Aggregate(
                project_id=key[0],
                period=key[1],
                n=len(scores),
                mean=mean(scores),
                sd=sample_sd(scores),
                min_score=min(scores) if scores else None,
                top_box=top_box_share(scores),
                nps=nps(recommend) if with_nps else None,
                nps_n=len(recommend) if with_nps else 0,
                invited=inv,
                response_rate=response_rate(len(scores), inv) if inv is not None else None,
            )
        )
    return result
