"""Customer- and people-facing default texts of the readiness app, registered for the
plain-language test."""

from __future__ import annotations

from rapport.plainlanguage.check import register_customer_text
from rapport.readiness.barriers import BARRIERS

DEFAULT_PLEDGE = (
    "We ask our customers how each project is going so we can fix problems early. "
    "We will never use these scores to rank project managers or to compare one with another. "
    "No page, report or export in Rapport puts managers in order. "
    "Hard projects with demanding customers get lower scores, and that is not a failure. "
    "We read every score in context and we use it to help, not to judge. "
    "A project manager can always see their own scores first."
)

register_customer_text("readiness.pledge", DEFAULT_PLEDGE)
for _barrier in BARRIERS:
    register_customer_text(f"readiness.remedy.{_barrier.key}", _barrier.remedy)
