"""Comment insight per customer and for the portfolio: sentiment and recurring themes.

Computed by the recompute over the last 12 months and stored (``CommentInsight``); pages read
the stored rows. Shown to PMO roles only (sponsors never read comments) and only when at least
k distinct people wrote comments (``disclosure.rules.comment_threshold``); a theme needs k
distinct respondents too. Anonymous comments count together as one respondent; comments
agreed in the meetings of one project count as one respondent. Protected
comments arrive here only once their release block is released (``loading.py``). Example
quotes come from attributed comments only: the ones the PMO already reads on the review pages.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext

from rapport.accounts.permissions import can_oversee_reviews
from rapport.disclosure.rules import comment_threshold
from rapport.insights.analytics.comments import Comment, recurring_themes, sentiment
from rapport.insights.analytics.text import Taxonomy
from rapport.insights.analytics.types import months_between
from rapport.insights.models import CommentInsight

WINDOW = 12


def build_insights(
    data: Any, latest: str | None, taxonomy: Taxonomy | None = None
) -> list[CommentInsight]:
    """Unsaved rows: one per customer with comments, and one for the portfolio (pure;
    ``taxonomy`` None = the one shipped with Rapport)."""
    if not latest:
        return []
    k = comment_threshold()
    groups: dict[int | None, list[Comment]] = defaultdict(list)
    for pid, period, respondent, text, language, attributed in data.comments:
        if months_between(period, latest) >= WINDOW:
            continue
        if respondent is None and attributed:
            # Scores and comments agreed in a project's meeting: one voice per project (open
            # answers, so this is about counting voices, not about anonymity).
            respondent = f"meeting:{pid}"
        comment = Comment(
            text=text,
            respondent_id=respondent,
            period=period,
            language=language or None,
            quotable=attributed,
        )
        groups[data.projects[pid].customer_id].append(comment)
        groups[None].append(comment)
    mood: dict[tuple[str, str | None], float] = {}
    rows = []
    for customer_id, comments in groups.items():
        people = {c.respondent_id for c in comments}
        themes = recurring_themes(comments, k=k, taxonomy=taxonomy)
        for c in comments:
            if (c.text, c.language) not in mood:
                mood[(c.text, c.language)] = sentiment(c.text, c.language)
        rows.append(
            CommentInsight(
                customer_id=customer_id,
                respondents=len(people),
                comments=len(comments),
                sentiment=sum(mood[(c.text, c.language)] for c in comments) / len(comments),
                themes=[
                    {
                        "theme": t.theme,
                        "name": t.name,
                        "kind": t.kind,
                        "respondents": t.respondents,
                        "comments": t.comments,
                        "sentiment": round(t.mean_sentiment, 3),
                        "positive": t.positive,
                        "negative": t.negative,
                        "quotes": list(t.quotes),
                    }
                    for t in themes
                ],
            )
        )
    return rows


def store_insights(data: Any, latest: str | None) -> int:
    from rapport.insights.topics import active_taxonomy

    rows = build_insights(data, latest, active_taxonomy())
    CommentInsight.objects.all().delete()
    CommentInsight.objects.bulk_create(rows)
    return len(rows)


def comment_insight(user: Any, customer: str = "") -> dict[str, Any] | None:
    """The stored insight for the portfolio (or one customer) if ``user`` may read it."""
    if not can_oversee_reviews(user):
        return None
    row = (
        CommentInsight.objects.filter(customer_id=int(customer)).first()
        if customer.isdigit()
        else CommentInsight.objects.filter(customer__isnull=True).first()
    )
    if row is None:
        return {"shown": False, "why": gettext("No comments in the last 12 months.")}
    k = comment_threshold()
    if row.respondents < k:
        return {
            "shown": False,
            "why": gettext(
                "%(comments)s comment(s) from fewer than %(k)s people: not shown, so nobody "
                "can be recognised by what they wrote."
            )
            % {"comments": row.comments, "k": k},
        }
    # A theme stored before k was raised stays hidden until the next recompute.
    themes = [t for t in row.themes if t.get("respondents", 0) >= k]
    return {
        "shown": True,
        "row": row,
        "k": k,
        "topics": [t for t in themes if t.get("kind", "topic") == "topic"],
        "emerging": [t for t in themes if t.get("kind") == "emerging"],
    }
