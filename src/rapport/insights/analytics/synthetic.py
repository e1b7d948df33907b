"""A seeded synthetic portfolio with planted effects, to test and evaluate the analytics.

Planted effects (all in points on the 1–10 scale):
- complexity penalty per complexity level above 1, site penalty for projects on a site,
  a mode bias (email answers lower than meeting answers);
- a random project level (τ) and answer noise (σ);
- some projects deteriorate from a given period on by a fixed drop.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rapport.insights.analytics.types import Observation, next_period

ROLES = ("sponsor", "user", "key user", "finance")
LANGUAGES = ("en", "fr", "de")


@dataclass(frozen=True)
class PortfolioSpec:
    projects: int = 50
    months: int = 24
    start: str = "2025-01"
    seed: int = 1
    base: float = 8.0
    complexity_penalty: float = 0.4  # per level above 1
    site_penalty: float = 0.6
    email_bias: float = -0.5
    call_bias: float = -0.2
    tau: float = 0.4  # SD of project levels
    sigma: float = 1.0  # SD of single answers
    respondents: tuple[int, int] = (2, 5)  # answers per project and month (min, max)
    deteriorating_share: float = 0.2
    drop: float = 2.0
    onset_range: tuple[int, int] = (8, 20)  # month index of onset


@dataclass(frozen=True)
class SyntheticProject:
    project_id: int
    complexity: int
    site: str
    level: float
    onset: str | None  # first deteriorated period, None when the project stays stable


@dataclass(frozen=True)
class SyntheticPortfolio:
    spec: PortfolioSpec
    projects: list[SyntheticProject]
    observations: list[Observation]
    periods: list[str]


def _clip(score: float) -> float:
    return float(min(10, max(1, round(score))))


def generate(spec: PortfolioSpec) -> SyntheticPortfolio:
    rng = random.Random(spec.seed)
    periods = [next_period(spec.start, m) for m in range(spec.months)]
    projects = []
    for pid in range(1, spec.projects + 1):
        onset = None
        if rng.random() < spec.deteriorating_share:
            lo, hi = spec.onset_range
            onset = periods[min(rng.randint(lo, hi), spec.months - 1)]
        projects.append(
            SyntheticProject(
                project_id=pid,
                complexity=rng.randint(1, 5),
                site="site" if rng.random() < 0.4 else "hq",
                level=rng.gauss(0, spec.tau),
                onset=onset,
            )
        )
    observations = []
    for proj in projects:
        people = [
            (f"{proj.project_id}-{i}", rng.choice(ROLES), rng.choice(LANGUAGES))
            for i in range(spec.respondents[1])
        ]
        for period in periods:
            count = rng.randint(*spec.respondents)
            for rid, role, language in rng.sample(people, count):
                mode = rng.choices(("meeting", "call", "email"), weights=(5, 3, 2))[0]
                mean = (
                    spec.base
                    + proj.level
                    - spec.complexity_penalty * (proj.complexity - 1)
                    - (spec.site_penalty if proj.site == "site" else 0.0)
                    + (spec.email_bias if mode == "email" else 0.0)
                    + (spec.call_bias if mode == "call" else 0.0)
                )
                if proj.onset is not None and period >= proj.onset:
                    mean -= spec.drop
                observations.append(
                    Observation(
                        project_id=proj.project_id,
                        period=period,
                        score=_clip(rng.gauss(mean, spec.sigma)),
                        respondent_id=rid,
                        role=role,
                        mode=mode,
                        language=language,
                        complexity=proj.complexity,
                        site=proj.site,
                    )
                )
    return SyntheticPortfolio(spec, projects, observations, periods)
