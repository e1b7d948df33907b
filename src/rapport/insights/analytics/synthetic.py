"""A seeded synthetic portfolio with planted effects, to test and evaluate the analytics.

Planted effects (all in points on the 1–10 scale):
- complexity penalty per complexity level above 1, site penalty for projects on a site,
  a mode bias (email answers lower than meeting answers);
- a random project level (τ) and answer noise (σ);
- some projects deteriorate from a given period on by a fixed drop.
"""

from __future__ import annotations

import math
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
    # Richer behaviour (off by default, so the defaults above keep their meaning):
    rater_sd: float = 0.0  # SD of each person's own rating habit (harsh or generous)
    pool: tuple[int, int] | None = None  # people per project; each answers with ``response``
    response: float = 0.75  # chance that a person in the pool answers in a month
    silence: float = 1.0  # response multiplier from the onset on (1 = no extra silence)
    drop_range: tuple[float, float] | None = None  # drop drawn per project instead of ``drop``
    shock_sd: float = 0.0  # a project-month shock shared by everyone answering that month
    seasonal: float = 0.0  # portfolio-wide yearly swing (points, peak to mean)
    email_share: float | None = None  # share of email answers (None: meeting 5 : call 3 : email 2)
    mode_per_cycle: bool = False  # one mode per project-month (a meeting or a survey)
    # Portfolio-wide response multiplier in August and December (holidays): everyone answers
    # less that month, on every project (1 = no holiday dip).
    holiday_response: float = 1.0
    # Chance per project and month that one person of the pool leaves and a newcomer joins.
    turnover: float = 0.0


@dataclass(frozen=True)
class SyntheticProject:
    project_id: int
    complexity: int
    site: str
    level: float
    onset: str | None  # first deteriorated period, None when the project stays stable
    drop: float = 0.0  # how far it falls from the onset on


@dataclass(frozen=True)
class SyntheticPortfolio:
    spec: PortfolioSpec
    projects: list[SyntheticProject]
    observations: list[Observation]
    periods: list[str]


def _clip(score: float) -> float:
    return float(min(10, max(1, round(score))))


def _mode(rng: random.Random, spec: PortfolioSpec) -> str:
    if spec.email_share is None:
        return rng.choices(("meeting", "call", "email"), weights=(5, 3, 2))[0]
    return "email" if rng.random() < spec.email_share else "meeting"


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
                drop=(
                    0.0
                    if onset is None
                    else rng.uniform(*spec.drop_range)
                    if spec.drop_range
                    else spec.drop
                ),
            )
        )
    observations = []
    for proj in projects:
        size = rng.randint(*spec.pool) if spec.pool else spec.respondents[1]
        people = [
            (f"{proj.project_id}-{i}", rng.choice(ROLES), rng.choice(LANGUAGES))
            for i in range(size)
        ]
        habit = {rid: rng.gauss(0, spec.rater_sd) if spec.rater_sd else 0.0 for rid, *_ in people}
        joined = size
        for month, period in enumerate(periods):
            late = proj.onset is not None and period >= proj.onset
            if spec.turnover and month and rng.random() < spec.turnover:
                leaving = rng.randrange(len(people))
                rid = f"{proj.project_id}-{joined}"
                joined += 1
                people[leaving] = (rid, rng.choice(ROLES), rng.choice(LANGUAGES))
                habit[rid] = rng.gauss(0, spec.rater_sd) if spec.rater_sd else 0.0
            if spec.pool:
                chance = spec.response * (spec.silence if late else 1.0)
                if spec.holiday_response != 1.0 and period[5:] in ("08", "12"):
                    chance *= spec.holiday_response
                answering = [p for p in people if rng.random() < chance]
            else:
                answering = rng.sample(people, rng.randint(*spec.respondents))
            shock = rng.gauss(0, spec.shock_sd) if spec.shock_sd else 0.0
            season = spec.seasonal * math.cos(2 * math.pi * month / 12) if spec.seasonal else 0.0
            cycle_mode = _mode(rng, spec)
            for rid, role, language in answering:
                mode = cycle_mode if spec.mode_per_cycle else _mode(rng, spec)
                mean = (
                    spec.base
                    + proj.level
                    + habit[rid]
                    + shock
                    + season
                    - spec.complexity_penalty * (proj.complexity - 1)
                    - (spec.site_penalty if proj.site == "site" else 0.0)
                    + (spec.email_bias if mode == "email" else 0.0)
                    + (spec.call_bias if mode == "call" else 0.0)
                )
                if late:
                    mean -= proj.drop
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
