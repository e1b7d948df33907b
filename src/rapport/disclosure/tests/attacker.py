"""An attacker who has every figure a reader obtained and tries to isolate one person's answer.

Each released figure is a linear equation: the sum of the answers in its set equals n × mean.
The attacker knows every attributed answer (worst case: they were in the meeting), so only the
confidential and anonymous answers are unknowns. An answer is *isolated* when its unit vector
lies in the row space of the released sets' incidence matrix: some combination of released
figures equals that one answer (2 × 7.5 − 8 = 7).

Isolation is the issue's test; the rule is stronger: no combination of figures may describe
fewer than k people. Every combination of the rows is constant on the *atoms* (answers that
appear in exactly the same released sets), so the finest thing an attacker can ever compute is
the sum over one atom. ``smallest_atom`` returns the fewest distinct people in any atom that
some figure touches: it must be at least k.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Release:
    """One figure a reader obtained, with the set of answers it is a sum over."""

    source: str  # where it was read, e.g. "api /insights/health HIS-01 2026-05"
    answer_ids: frozenset
    n: int
    mean: float | None


@dataclass(frozen=True)
class Attack:
    isolated: list[Hashable]  # answers whose exact value follows from the figures
    smallest_atom: int | None  # fewest people behind anything computable (None: nothing)
    atoms: int


def attack(
    releases: Iterable[Release],
    protected: Iterable[Hashable],
    persons: Mapping[Hashable, Hashable] | Callable[[list[Hashable]], int],
) -> Attack:
    """Try to isolate each protected answer from ``releases``.

    ``protected``: the unknowns (confidential and anonymous answers the reader may not see one by
    one). ``persons``: who really gave each protected answer (ground truth the test kept, never
    stored for anonymous answers), to count people per atom; or a function that counts the
    people behind a list of answers (e.g. the disclosure layer's cautious lower bound).
    """
    unknowns = sorted(set(protected), key=str)
    column = {a: i for i, a in enumerate(unknowns)}
    rows = []
    for release in releases:
        row = np.zeros(len(unknowns))
        for a in release.answer_ids:
            if a in column:
                row[column[a]] = 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return Attack([], None, 0)
    matrix = np.unique(np.array(rows), axis=0)
    rank = np.linalg.matrix_rank(matrix)
    isolated = []
    touched = np.flatnonzero(matrix.any(axis=0))
    for i in touched:
        unit = np.zeros(len(unknowns))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            isolated.append(unknowns[i])
    atoms: dict[bytes, list[Hashable]] = defaultdict(list)
    for i in touched:
        atoms[matrix[:, i].tobytes()].append(unknowns[i])
    if callable(persons):
        count = persons
    else:
        table = persons

        def count(members: list[Hashable]) -> int:
            return len({table[a] for a in members})

    smallest = min(count(members) for members in atoms.values())
    return Attack(isolated, smallest, len(atoms))


def rolling_means(
    answers: Iterable[tuple[Hashable, str, str, float]], *, window: int = 12
) -> list[Release]:
    """A deliberately leaky release: per scope and month, the mean over the trailing ``window``
    months of raw answers (``(answer id, scope, period, score)``), as a naive dashboard would."""

    def index(period: str) -> int:
        return int(period[:4]) * 12 + int(period[5:7])

    by_scope: dict[str, list[tuple[Hashable, str, float]]] = defaultdict(list)
    for answer_id, scope, period, score in answers:
        by_scope[scope].append((answer_id, period, score))
    releases = []
    for scope, rows in by_scope.items():
        for period in sorted({p for _, p, _ in rows}):
            members = [(a, s) for a, p, s in rows if 0 <= index(period) - index(p) < window]
            releases.append(
                Release(
                    f"rolling {scope} {period}",
                    frozenset(a for a, _ in members),
                    len(members),
                    sum(s for _, s in members) / len(members),
                )
            )
    return releases
