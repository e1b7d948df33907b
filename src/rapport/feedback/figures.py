"""Figures over a cycle's responses, as pure functions over plain data (no ORM)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapport.disclosure.rules import Disclosure, disclosure, mean


@dataclass(frozen=True)
class CycleFigures:
    respondents: int
    disclosure: Disclosure
    means: dict[str, float | None] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    @property
    def overall(self) -> float | None:
        return self.means.get("overall")


def cycle_figures(
    responses: Iterable[Mapping], confidentiality: str, *, codes: Iterable[str] = ()
) -> CycleFigures:
    """Means per question and comments for one cycle, hidden under the anonymity threshold.

    ``responses`` are mappings with ``scores`` (code → int) and ``comment``.
    """
    rows = list(responses)
    shown = disclosure(strictest(confidentiality, rows), len(rows))
    means: dict[str, float | None] = {}
    if shown.figures:
        wanted = list(codes) or sorted({c for r in rows for c in r["scores"]})
        for code in wanted:
            means[code] = mean([r["scores"][code] for r in rows if code in r["scores"]])
    comments = [r["comment"] for r in rows if r.get("comment")] if shown.comments else []
    return CycleFigures(len(rows), shown, means, comments)


LEVELS = ("attributed", "confidential", "anonymous")


def strictest(default: str, rows: list[Mapping]) -> str:
    """The strictest confidentiality among ``rows`` (each may carry its own, e.g. scores agreed
    live in a meeting are attributed even in a confidential cycle); ``default`` without any."""
    levels = {r["confidentiality"] for r in rows if r.get("confidentiality")}
    if not levels:
        return default
    return max(levels, key=lambda level: LEVELS.index(level) if level in LEVELS else 2)


def response_rate(invited: int, answered: int) -> int | None:
    """Percent of invitations answered, or None when nobody was invited."""
    return round(100 * answered / invited) if invited else None
