"""Comment insight per customer and for the portfolio: sentiment and recurring themes.

Computed by the recompute over the last 12 months and stored (``CommentInsight``); pages read
the stored rows. Shown to PMO roles only (sponsors never read comments) and only when at least
k distinct people wrote comments (``feedback.privacy.comment_threshold``); a theme needs k
distinct respondents too. Anonymous comments count together as one respondent.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rapport.accounts.permissions import can_oversee_reviews
from rapport.disclosure.rules import comment_threshold
from rapport.insights.analytics.comments import Comment, recurring_themes, sentiment
from rapport.insights.analytics.types import months_between
from rapport.insights.models import CommentInsight

WINDOW = 12


def build_insights(data: Any, latest: str | None) -> list[CommentInsight]:
    """Unsaved rows: one per customer with comments, and one for the portfolio (pure)."""
    if not latest:
        return []
    k = comment_threshold()
    seen: dict[str, float] = {}

    def mood(text: str) -> float:  # comments repeat: score each distinct text once
        if text not in seen:
            seen[text] = sentiment(text)
        return seen[text]

    groups: dict[int | None, list[Comment]] = defaultdict(list)
    for pid, period, respondent, text in data.comments:
        if months_between(period, latest) >= WINDOW:
            continue
        comment = Comment(text=text, respondent_id=respondent, period=period)
        groups[data.projects[pid].customer_id].append(comment)
        groups[None].append(comment)
    rows = []
    for customer_id, comments in groups.items():
        people = {c.respondent_id for c in comments}
        themes = recurring_themes(comments, k=k)
        rows.append(
            CommentInsight(
                customer_id=customer_id,
                respondents=len(people),
                comments=len(comments),
                sentiment=sum(mood(c.text) for c in comments) / len(comments),
                themes=[
                    {"theme": t.theme, "respondents": t.respondents, "sentiment": t.mean_sentiment}
                    for t in themes
                ],
            )
        )
    return rows


def store_insights(data: Any, latest: str | None) -> int:
    rows = build_insights(data, latest)
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
        return {"shown": False, "why": "No comments in the last 12 months."}
    k = comment_threshold()
    if row.respondents < k:
        return {
            "shown": False,
            "why": f"{row.comments} comment(s) from fewer than {k} people: not shown, so "
            "nobody can be recognised by what they wrote.",
        }
    return {"shown": True, "row": row, "k": k}
