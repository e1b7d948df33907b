"""Roadmap rules as pure functions (no ORM): RICE priority, quick wins, ordering, capability waves.

DESIGN.md, "Roadmap priority": fix the pain first with quick wins; add new capabilities over time,
a few per customer at once, and let adoption (slower than building) catch up before the next wave.

- ``rice`` = reach × pain relief × confidence / effort. Reach: how many people feel the pain
  (≥ 0); pain relief: how much of it goes away, 1–5; confidence: 0–1; effort: person-months, > 0.
- A **quick win** relieves a lot of pain (≥ ``QUICK_WIN_RELIEF`` = 4 on the 1–5 scale) for at
  most ``QUICK_WIN_EFFORT`` = 1 person-month.
- **Ordering**: quick wins first, then by RICE, highest first; ties broken by the item's key, so
  the same input always gives the same order.
- **Waves**: at most ``cap`` new capabilities per customer per wave (default 2). A wave builds
  for as long as its longest capability takes, then adoption runs in a separate, longer window
  (default twice the build). Adoption is planned as rising evenly over that window; the next wave
  starts only once the last one's adoption reaches ``threshold`` (default 60%). With measured
  adoption, ``may_start_next_wave`` is the same gate.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

QUICK_WIN_RELIEF = 4.0
QUICK_WIN_EFFORT = 1.0
DEFAULT_CAP = 2
DEFAULT_ADOPTION_FACTOR = 2.0
DEFAULT_THRESHOLD = 0.6


def _check(
    name: str, value: float, low: float, high: float | None, *, open_low: bool = False
) -> None:
    bad_low = value <= low if open_low else value < low
    if bad_low or (high is not None and value > high):
        bound = f"{'above' if open_low else 'at least'} {low:g}"
        upper = f" and at most {high:g}" if high is not None else ""
        raise ValueError(f"{name} must be {bound}{upper}, got {value!r}.")


def rice(reach: float, pain_relief: float, confidence: float, effort: float) -> float:
    """Reach × pain relief × confidence / effort (effort in person-months)."""
    _check("Reach", reach, 0, None)
    _check("Pain relief", pain_relief, 1, 5)
    _check("Confidence", confidence, 0, 1)
    _check("Effort", effort, 0, None, open_low=True)
    return reach * pain_relief * confidence / effort


def is_quick_win(
    pain_relief: float,
    effort: float,
    *,
    min_relief: float = QUICK_WIN_RELIEF,
    max_effort: float = QUICK_WIN_EFFORT,
) -> bool:
    _check("Pain relief", pain_relief, 1, 5)
    _check("Effort", effort, 0, None, open_low=True)
    return pain_relief >= min_relief and effort <= max_effort


@dataclass(frozen=True)
class Candidate:
    """Something that could go on a customer's roadmap."""

    key: str  # unique and stable (e.g. the roadmap item's id): breaks ties
    reach: float
    pain_relief: float
    confidence: float
    effort: float

    @property
    def score(self) -> float:
        return rice(self.reach, self.pain_relief, self.confidence, self.effort)

    @property
    def quick_win(self) -> bool:
        return is_quick_win(self.pain_relief, self.effort)


def order_candidates(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Quick wins first, then RICE highest first; ties by key (deterministic)."""
    return sorted(candidates, key=lambda c: (not c.quick_win, -c.score, c.key))


# --- capability waves --------------------------------------------------------------------------


@dataclass(frozen=True)
class Capability:
    """A new capability to build and adopt, for one or more customers."""

    key: str
    customers: tuple[Hashable, ...]
    build_months: float


@dataclass(frozen=True)
class Wave:
    number: int  # 1, 2, …
    items: tuple[Capability, ...]
    build_start: float  # months from the plan's start
    build_end: float
    adoption_end: float
    threshold: float

    @property
    def threshold_reached_at(self) -> float:
        """When planned adoption reaches the threshold (adoption rises evenly)."""
        return self.build_end + self.threshold * (self.adoption_end - self.build_end)

    def adoption_at(self, month: float) -> float:
        """Planned share of the wave's capabilities in use at ``month`` (0–1)."""
        if month <= self.build_end:
            return 0.0
        if month >= self.adoption_end:
            return 1.0
        return (month - self.build_end) / (self.adoption_end - self.build_end)


def may_start_next_wave(adoption_of_last: float, threshold: float = DEFAULT_THRESHOLD) -> bool:
    """With measured adoption: may the next wave begin?"""
    _check("Adoption", adoption_of_last, 0, 1)
    _check("Threshold", threshold, 0, 1, open_low=True)
    return adoption_of_last >= threshold


def assign_waves(
    capabilities: Sequence[Capability], *, cap: int = DEFAULT_CAP
) -> list[list[Capability]]:
    """Put capabilities (in priority order) into waves, at most ``cap`` per customer per wave.

    Each goes into the earliest wave where all its customers still have room, so the order of
    priority is kept as far as the cap allows.
    """
    if cap < 1:
        raise ValueError(f"The cap must be at least 1 capability per customer, got {cap!r}.")
    seen: set[str] = set()
    waves: list[list[Capability]] = []
    load: list[dict[Hashable, int]] = []
    for item in capabilities:
        if item.key in seen:
            raise ValueError(f"Capability {item.key!r} is listed twice.")
        seen.add(item.key)
        _check(f"Build time of {item.key}", item.build_months, 0, None, open_low=True)
        customers = set(item.customers)
        index = 0
        while index < len(waves) and any(load[index].get(c, 0) >= cap for c in customers):
            index += 1
        if index == len(waves):
            waves.append([])
            load.append({})
        waves[index].append(item)
        for c in customers:
            load[index][c] = load[index].get(c, 0) + 1
    return waves


def plan_waves(
    capabilities: Sequence[Capability],
    *,
    start: float = 0.0,
    cap: int = DEFAULT_CAP,
    adoption_factor: float = DEFAULT_ADOPTION_FACTOR,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Wave]:
    """Waves with their build and adoption windows; each starts when the last reached threshold."""
    if adoption_factor <= 1:
        raise ValueError("Adoption must take longer than building (adoption factor above 1).")
    _check("Threshold", threshold, 0, 1, open_low=True)
    waves: list[Wave] = []
    begin = start
    for number, items in enumerate(assign_waves(capabilities, cap=cap), start=1):
        build = max(item.build_months for item in items)
        wave = Wave(
            number=number,
            items=tuple(items),
            build_start=begin,
            build_end=begin + build,
            adoption_end=begin + build + adoption_factor * build,
            threshold=threshold,
        )
        waves.append(wave)
        begin = wave.threshold_reached_at
    return waves
