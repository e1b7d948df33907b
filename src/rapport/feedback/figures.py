"""What the review pages, the timeline and the meeting agenda show for a round, for one reader.

Nothing here computes a figure over confidential or anonymous answers: every mean comes from
``rapport.disclosure.release`` (``cycle_view`` for the round, ``block_figures`` for the latest
pooled figure that covers the project). This module only decides what a reader sees of those
released figures, and puts them in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.translation import gettext, ngettext

from rapport.disclosure import rules
from rapport.disclosure.blocks import Block, Level, is_protected
from rapport.disclosure.release import (
    CycleView,
    LoadedPartition,
    block_figures,
    cycle_view,
    latest_block_for_project,
)

LIVE_SOURCES = frozenset({"meeting", "call"})


def response_rate(invited: int, answered: int) -> int | None:
    """Percent of invitations answered, or None when nobody was invited."""
    return round(100 * answered / invited) if invited else None


def month_words(period: str) -> str:
    """``2026-05`` → ``May 2026`` (in the active language: Django's month names)."""
    return gettext("%(month)s %(year)s") % {
        "month": MONTH_NAMES[int(period[5:7])],
        "year": period[:4],
    }


def span_words(first: str, last: str) -> str:
    """``2026-01``, ``2026-03`` → ``January to March 2026``."""
    if first == last:
        return month_words(first)
    if first[:4] == last[:4]:
        return gettext("%(first)s to %(last)s") % {
            "first": MONTH_NAMES[int(first[5:7])],
            "last": month_words(last),
        }
    return gettext("%(first)s to %(last)s") % {
        "first": month_words(first),
        "last": month_words(last),
    }


def pooled_label(
    block: Block, *, project_name: str, customer_name: str, this_round: int | None = None
) -> str:
    """Where a released figure over answers given in confidence comes from, in words."""
    people = block.respondents
    if block.level == Level.ROUND:
        if this_round is not None and this_round in block.round_ids:
            return gettext("From this review's answers given in confidence (%(people)s people)") % {
                "people": people
            }
        return gettext(
            "From the %(month)s review's answers given in confidence (%(people)s people)"
        ) % {"month": month_words(block.first_period), "people": people}
    words = {
        "span": span_words(block.first_period, block.last_period),
        "size": block.size,
        "people": people,
        "project": project_name,
        "customer": customer_name,
    }
    if block.level == Level.PROJECT:
        return (
            gettext(
                "Pooled over %(project)s's reviews, %(span)s "
                "(%(size)s answers from at least %(people)s people)"
            )
            % words
        )
    return (
        gettext(
            "Pooled over %(customer)s's projects, %(span)s "
            "(%(size)s answers from at least %(people)s people)"
        )
        % words
    )


def _get(row: Any, name: str, default: Any = None) -> Any:
    if isinstance(row, Mapping):
        return row.get(name, default)
    return getattr(row, name, default)


@dataclass
class ReviewFigures:
    """A round's figures as one reader may see them. Rows are (question label, mean)."""

    view: CycleView
    k: int
    open_count: int
    open_label: str  # "Agreed openly in the meeting" or "Attributed answers", translated
    open_rows: list[tuple[str, float | None]] = field(default_factory=list)
    open_note: str = ""  # why open scores are not shown to this reader
    protected_count: int = 0
    protected_label: str = ""
    protected_rows: list[tuple[str, float | None]] = field(default_factory=list)
    protected_note: str = ""  # why protected scores are withheld
    latest_label: str = ""  # the latest pooled figure covering the project, when this is withheld
    latest_rows: list[tuple[str, float | None]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    live: bool = False  # the open scores were all agreed in a meeting or call

    @property
    def total(self) -> int:
        return self.open_count + self.protected_count

    @property
    def open_overall(self) -> float | None:
        """The overall score agreed openly, when this reader may see it."""
        return self.view.open_means.get("overall") if self.open_rows else None

    @property
    def protected_overall(self) -> float | None:
        """The released overall figure over answers given in confidence, if any."""
        return self.view.protected_means.get("overall") if self.protected_rows else None


def review_figures(
    cycle: Any,
    responses: Sequence[Any],
    labels: Mapping[str, str],
    *,
    partition: LoadedPartition,
    detail: bool,
    small_groups: bool,
    latest: bool = True,
    block_rows: dict[str, list[dict[str, Any]]] | None = None,
) -> ReviewFigures:
    """What ``cycle``'s page shows of its ``responses`` to a reader.

    ``labels``: question code → label, for the scale questions in order. ``detail``: the reader
    may see the project's feedback detail (comments agreed openly, thresholded comments).
    ``small_groups``: the reader may see open scores from fewer than k people (sponsors may
    not: a meeting's agreed scores are one row). ``latest``: when the round's own protected
    figure is withheld, look for the latest released figure that covers the project.
    """
    codes = list(labels)
    view = cycle_view(
        cycle,
        responses,
        codes,
        partition=partition,
        comments_allowed=detail,
        block_rows=block_rows,
    )
    k = partition.k
    open_sources = {
        _get(r, "source") for r in responses if not is_protected(_get(r, "confidentiality"))
    }
    live = bool(open_sources) and open_sources <= LIVE_SOURCES
    result = ReviewFigures(
        view=view,
        k=k,
        open_count=view.open_count,
        open_label=gettext("Agreed openly in the meeting")
        if live
        else gettext("Attributed answers"),
        protected_count=view.protected_count,
        comments=list(view.comments),
        live=live,
    )
    if view.open_count:
        if small_groups or view.open_count >= k:
            result.open_rows = [
                (labels[c], view.open_means[c]) for c in codes if c in view.open_means
            ]
        else:
            result.open_note = gettext(
                "Scores from fewer than %(k)s people are shown to the project team only."
            ) % {"k": k}
    project = cycle.project
    if view.block is not None:
        result.protected_label = pooled_label(
            view.block,
            project_name=project.name,
            customer_name=project.customer.name,
            this_round=cycle.pk,
        )
        result.protected_rows = [
            (labels[c], view.protected_means[c]) for c in codes if c in view.protected_means
        ]
        if not result.protected_rows:
            result.protected_note = gettext(
                "Too few people answered each question to show it (fewer than %(k)s)."
            ) % {"k": k}
        return result
    if view.has_protected:
        if cycle.is_open:
            result.protected_note = (
                gettext("While the review is open, answers given in confidence are only counted.")
                + " "
                + view.reason
            )
        else:
            result.protected_note = view.reason
    if latest and is_protected(cycle.confidentiality):
        block = latest_block_for_project(
            partition, project.pk, project.customer_id, until=cycle.period
        )
        if block is not None:
            figures = block_figures(block, codes, partition, block_rows=block_rows)
            rows = [(labels[c], figures.means[c]) for c in codes if c in figures.means]
            if rows:
                result.latest_label = pooled_label(
                    block,
                    project_name=project.name,
                    customer_name=project.customer.name,
                    this_round=cycle.pk,
                )
                result.latest_rows = rows
    return result


def small_group_notice(confidentiality: str, givers: int, *, customer_name: str) -> str:
    """What a confidential or anonymous round of fewer than k feedback-givers will and will not
    show, said before it opens (empty when the round is attributed or large enough)."""
    k = rules.figure_threshold()
    if not is_protected(confidentiality) or givers >= k:
        return ""
    words = {"n": givers, "k": k, "customer": customer_name}
    if confidentiality == "anonymous":
        opening = ngettext(
            "This review is anonymous and %(n)s person gives feedback on this project, "
            "fewer than %(k)s.",
            "This review is anonymous and %(n)s people give feedback on this project, "
            "fewer than %(k)s.",
            givers,
        )
        hidden = gettext(
            "What will not be shown: any score or comment given anonymously for this month "
            "alone, nor who answered."
        )
        pooled = gettext(
            "Answers given anonymously are pooled over the quarter, then over %(customer)s's "
            "projects, until at least %(k)s people have answered; the pooled figure is shown "
            "once the quarter is over."
        )
    else:
        opening = ngettext(
            "This review is confidential and %(n)s person gives feedback on this project, "
            "fewer than %(k)s.",
            "This review is confidential and %(n)s people give feedback on this project, "
            "fewer than %(k)s.",
            givers,
        )
        hidden = gettext(
            "What will not be shown: any score or comment given in confidence for this month alone."
        )
        pooled = gettext(
            "Answers given in confidence are pooled over the quarter, then over %(customer)s's "
            "projects, until at least %(k)s people have answered; the pooled figure is shown "
            "once the quarter is over."
        )
    shown = gettext(
        "What will be shown: how many people answered, and the scores you agree openly with "
        "the customer in the meeting (recorded as attributed)."
    )
    return " ".join((opening % words, shown, hidden, pooled % words))
