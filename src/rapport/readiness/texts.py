"""Customer- and people-facing default texts of the readiness app, registered for the
plain-language test (in English: the check reads the English texts)."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext_noop

from rapport.plainlanguage.check import register_customer_text
from rapport.readiness.barriers import BARRIERS

# The text offered to the PMO lead to sign, in English here; the pledge page offers it in the
# lead's console language (``gettext(DEFAULT_PLEDGE)``). Once signed, it is kept as written.
DEFAULT_PLEDGE = gettext_noop(
    "We ask our customers how each project is going so we can fix problems early. "
    "We will never use these scores to rank project managers or to compare one with another. "
    "No page, report or export in Rapport puts managers in order. "
    "Hard projects with demanding customers get lower scores, and that is not a failure. "
    "We read every score in context and we use it to help, not to judge. "
    "A project manager can always see their own scores first."
)

register_customer_text("readiness.pledge", DEFAULT_PLEDGE)
# The remedies are translated: read when the check runs, in its language (English in tests).
for _barrier in BARRIERS:
    register_customer_text(f"readiness.remedy.{_barrier.key}", partial(str, _barrier.remedy))
