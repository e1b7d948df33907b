"""Pure analytics over plain data: no Django ORM here (DESIGN.md, "Formulas").

Phase 2 builds ``Observation``/``PeriodPoint`` lists from stored responses and calls these.
"""

from rapport.insights.analytics.adjustment import AdjustmentResult, ProjectEstimate, adjust
from rapport.insights.analytics.aggregates import (
    Aggregate,
    aggregate,
    csat,
    nps,
    response_rate,
    top_box_share,
)
from rapport.insights.analytics.comments import (
    Comment,
    Theme,
    mean_sentiment,
    recurring_themes,
    sentiment,
)
from rapport.insights.analytics.funnel import classify, funnel_curve, limits
from rapport.insights.analytics.health import Health, health
from rapport.insights.analytics.signals import (
    PeriodResult,
    Prior,
    Settings,
    current_signals,
    evaluate_series,
    points_from_scores,
)
from rapport.insights.analytics.types import Observation, PeriodPoint, Signal

__all__ = [
    "AdjustmentResult",
    "Aggregate",
    "Comment",
    "Health",
    "Observation",
    "PeriodPoint",
    "PeriodResult",
    "Prior",
    "ProjectEstimate",
    "Settings",
    "Signal",
    "Theme",
    "adjust",
    "aggregate",
    "classify",
    "csat",
    "current_signals",
    "evaluate_series",
    "funnel_curve",
    "health",
    "limits",
    "mean_sentiment",
    "nps",
    "points_from_scores",
    "recurring_themes",
    "response_rate",
    "sentiment",
    "top_box_share",
]
