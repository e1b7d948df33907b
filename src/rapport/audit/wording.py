"""An audit entry in words, for the "Recent changes" of a project, a customer or a service.

The audit log itself shows the dotted action codes (``portfolio.project.updated``), which a PMO
lead filters by, with the values changed. Elsewhere people read "Delivery status recorded ·
Alex Morgan" in their own language: the verb from the code's last part.
"""

from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from rapport.audit.models import AuditEntry

VERBS = {
    "created": pgettext_lazy("what happened", "Created"),
    "updated": pgettext_lazy("what happened", "Changed"),
    "delivery_status_recorded": pgettext_lazy("what happened", "Delivery status recorded"),
    "stakeholder_added": pgettext_lazy("what happened", "Feedback-giver linked"),
    "stakeholder_removed": pgettext_lazy("what happened", "Feedback-giver unlinked"),
    "status_changed": pgettext_lazy("what happened", "Status changed"),
    "customers_changed": pgettext_lazy("what happened", "Customers served changed"),
}


def in_words(entry: AuditEntry) -> str:
    """What happened, in the reader's language ("Changed"); an action without words of its own
    reads as its code's last part ("Emailed" for ``roadmap.share_link.emailed``)."""
    verb = entry.action.rsplit(".", 1)[-1]
    return str(VERBS.get(verb, capfirst(verb.replace("_", " "))))
