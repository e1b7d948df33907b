"""Review pages in the console: PMO overview, my reviews, a project's timeline, a review, the
meeting, and the mail log. Thin: the permission layer decides, the services change things.

One module per concept: ``lists`` (reviews in flight, mine, a project's timeline), ``actions``
(the corrective actions across one's projects), ``cycle`` (one
review, the open preview, the meeting, the calendar), ``changes`` (plan, issues, actions, moves,
personal links), ``mail`` (the mail log), with ``common`` helpers.
"""

from rapport.feedback.views.actions import action_list
from rapport.feedback.views.changes import (
    action_status,
    add_action,
    add_issue,
    move,
    personal_link,
    plan,
)
from rapport.feedback.views.cycle import calendar, cycle_detail, meeting, open_preview
from rapport.feedback.views.lists import my_reviews, pmo_cycles, project_timeline
from rapport.feedback.views.mail import mail_detail, mail_log

__all__ = [
    "action_list",
    "action_status",
    "add_action",
    "add_issue",
    "calendar",
    "cycle_detail",
    "mail_detail",
    "mail_log",
    "meeting",
    "move",
    "my_reviews",
    "open_preview",
    "personal_link",
    "plan",
    "pmo_cycles",
    "project_timeline",
]
