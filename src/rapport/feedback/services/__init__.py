"""Every change in the feedback loop goes through these verb-named functions."""

from rapport.feedback.services.actions import (
    action_from_confirm_token,
    add_action,
    agree_actions,
    carried_over,
    close_cycle,
    confirm_action_fixed,
    confirm_token,
    raise_issue,
    set_action_status,
    tell_customer_done,
)
from rapport.feedback.services.cycles import (
    cancel_cycles_of_inactive_projects,
    current_period,
    default_question_set,
    expire_due_cycles,
    open_cycle,
    open_monthly_cycles,
    plan_cycle,
    question_set_for,
    recipients,
    retry_cycle,
    send_reminders,
)
from rapport.feedback.services.links import find_link, hash_token, issue_link
from rapport.feedback.services.mail import queue_message, record_suppression
from rapport.feedback.services.responses import (
    SurveyClosed,
    clean_scores,
    record_meeting,
    submit_response,
)

__all__ = [
    "SurveyClosed",
    "action_from_confirm_token",
    "add_action",
    "agree_actions",
    "cancel_cycles_of_inactive_projects",
    "carried_over",
    "clean_scores",
    "close_cycle",
    "confirm_action_fixed",
    "confirm_token",
    "current_period",
    "default_question_set",
    "expire_due_cycles",
    "find_link",
    "hash_token",
    "issue_link",
    "open_cycle",
    "open_monthly_cycles",
    "plan_cycle",
    "question_set_for",
    "queue_message",
    "raise_issue",
    "recipients",
    "record_meeting",
    "record_suppression",
    "retry_cycle",
    "send_reminders",
    "set_action_status",
    "submit_response",
    "tell_customer_done",
]
