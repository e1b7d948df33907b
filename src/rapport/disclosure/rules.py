"""The thresholds of disclosure control, as pure functions (no ORM).

A figure over confidential or anonymous answers needs at least ``k`` distinct respondents
(``RAPPORT_ANONYMITY_K``, default 5, never below 3); comments need ``k_comments``
(``RAPPORT_ANONYMITY_K_COMMENTS``, default 7). Counts may always show. Attributed responses are
not thresholded: they are a named conversation with the customer. Which answers a figure may be
over (whole release blocks, so that no two figures differ by fewer than k people) is the job of
``blocks`` and ``release``; ``disclosure()`` answers the simpler question for one closed group,
such as a closed pulse round.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

MIN_K = 3
DEFAULT_K = 5
DEFAULT_K_COMMENTS = 7
THRESHOLDED = frozenset({"confidential", "anonymous"})


def figure_threshold(k: int | None = None) -> int:
    """The k for figures: the setting ``RAPPORT_ANONYMITY_K`` unless given, never below 3."""
    value = k if k is not None else getattr(settings, "RAPPORT_ANONYMITY_K", DEFAULT_K)
    return max(MIN_K, int(value))


def comment_threshold(k: int | None = None) -> int:
    """The k for comments: never below the figure threshold."""
    value = (
        k
        if k is not None
        else getattr(settings, "RAPPORT_ANONYMITY_K_COMMENTS", DEFAULT_K_COMMENTS)
    )
    return max(figure_threshold(), MIN_K, int(value))


@dataclass(frozen=True)
class Disclosure:
    """What may be shown for a set of responses."""

    count: int
    figures: bool
    comments: bool
    reason: str = ""


def disclosure(
    confidentiality: str, respondents: int, *, k: int | None = None, k_comments: int | None = None
) -> Disclosure:
    """May figures and comments over ``respondents`` distinct people be shown?"""
    if confidentiality not in THRESHOLDED:
        return Disclosure(respondents, True, True)
    kf, kc = figure_threshold(k), comment_threshold(k_comments)
    figures = respondents >= kf
    comments = respondents >= kc
    reason = ""
    if not figures:
        reason = _(
            "Scores are hidden until at least %(k)s people have answered (%(count)s so far)."
        ) % {"k": kf, "count": respondents}
    elif not comments:
        reason = _("Comments are hidden until at least %(k)s people have answered.") % {"k": kc}
    return Disclosure(respondents, figures, comments, reason)


def complementary_cut_allowed(total: int, subgroup: int, *, k: int | None = None) -> bool:
    """A cut of ``subgroup`` out of ``total`` may show only if both it and the rest reach k,
    so nobody can recover a small group by subtraction."""
    kf = figure_threshold(k)
    return subgroup >= kf and (total - subgroup == 0 or total - subgroup >= kf)


def mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
