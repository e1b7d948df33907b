"""Insights: health review, context-adjusted scores, early warning and alerts (issue 5)."""
