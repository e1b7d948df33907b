"""Every email the feedback loop sends, in one module. Each message has three templates under
``feedback/email/``: ``<kind>_subject.txt``, ``<kind>.txt`` and ``<kind>.html``.

Survey links are made when a message is sent (``tasks.deliver``): the outbox keeps the message
with the link's secret part replaced, so no usable token is ever stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override

from rapport.feedback import outbox_kinds
from rapport.feedback.models import (
    Action,
    ActionStatus,
    Invitation,
    OutboxKind,
    OutboxMessage,
    ReviewCycle,
)
from rapport.feedback.pulse.texts import email_context, note_for, pulse_strings
from rapport.feedback.words import mode_note, strings, supported
from rapport.languages import local_date

REDACTED = "[personal link removed from the log]"
OPT_OUT_SALT = "rapport.feedback.opt_out"
CONFIRM_SALT = "rapport.feedback.action_confirm"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def survey_url(token: str) -> str:
    return absolute(reverse("survey:form", args=[token]))


def pulse_url(token: str) -> str:
    return absolute(reverse("survey:pulse", args=[token]))


def opt_out_url(email: str) -> str:
    return absolute(reverse("survey:opt_out", args=[signing.dumps(email, salt=OPT_OUT_SALT)]))


def confirm_url(action_id: int) -> str:
    return absolute(reverse("survey:confirm", args=[signing.dumps(action_id, salt=CONFIRM_SALT)]))


def render(template: str, context: dict[str, Any]) -> Rendered:
    """The three parts of a message, rendered in the context's language (dates and numbers
    too)."""
    with override(supported(context.get("language"))):
        subject = render_to_string(f"feedback/email/{template}_subject.txt", context)
        return Rendered(
            subject=" ".join(subject.split()),
            text=render_to_string(f"feedback/email/{template}.txt", context),
            html=render_to_string(f"feedback/email/{template}.html", context),
        )


def _template_for(kind: str, cycle: ReviewCycle) -> str:
    if kind == OutboxKind.SUMMARY:
        return "summary"
    if kind == OutboxKind.ACTION_DONE:
        return "action_done"
    if cycle.mode != "email" and kind == OutboxKind.INVITATION:
        return "meeting"
    return "invitation"


def summary_context(cycle: ReviewCycle, reader: int | None = None) -> dict[str, Any]:
    """What the customer told us and what we are doing, for the closing summary to the
    stakeholder ``reader``: words raised in confidence only to whoever raised them
    (``Issue.quotable_to``), the other points counted (``hidden``)."""
    raised = list(cycle.issues.select_related("cycle", "response").order_by("pk"))
    issues = [issue for issue in raised if issue.quotable_to(reader)]
    actions = [
        a
        for a in cycle.project.feedback_actions.filter(cycle__period__lte=cycle.period)
        .select_related("issue")
        .order_by("due", "pk")
        if a.cycle_id == cycle.pk
        or a.is_open
        or (a.status == ActionStatus.DONE and a.customer_told_done_at is None)
    ]
    return {"issues": issues, "hidden": len(raised) - len(issues), "actions": actions}


def done_actions(message: OutboxMessage) -> list[Action]:
    """The actions an "action done" message tells about that are still done (one reopened
    since is left out; a message left with none is not sent)."""
    return list(
        message.actions.filter(status=ActionStatus.DONE)
        .select_related("issue__cycle", "issue__response")
        .order_by("done_on", "pk")
    )


def action_done_context(message: OutboxMessage) -> dict[str, Any]:
    """What we finished, each with its "did this fix it?" link, in the stakeholder's language.
    It never says who raised the issue, and quotes an issue raised in confidence only to the
    person who raised it."""
    assert message.cycle is not None
    person = message.stakeholder
    customer_language = message.cycle.project.customer.language
    language = supported((person.language if person else "") or customer_language)
    s = strings(language)
    name = person.name if person else ""
    reader = person.pk if person else None
    project = message.cycle.project.name
    return {
        "s": s,
        "language": language,
        "subject": s["action_done_subject"].format(project=project),
        "intro": s["action_done_intro"].format(name=name, project=project),
        "project": project,
        # The issue's words only where this reader may read them (``Issue.quotable_to``).
        "actions": [
            (a, confirm_url(a.pk), a.issue.text if a.issue and a.issue.quotable_to(reader) else "")
            for a in done_actions(message)
        ],
        "opt_out": opt_out_url(message.to_email),
    }


def context_for(message: OutboxMessage, token: str | None) -> dict[str, Any]:
    if message.kind == OutboxKind.ACTION_DONE:
        return action_done_context(message)
    invitation: Invitation | None = message.invitation
    cycle = message.cycle or (invitation.cycle if invitation else None)
    assert cycle is not None
    customer_language = cycle.project.customer.language
    # A summary goes to every feedback-giver, invited this month or not (a meeting review).
    person = message.stakeholder or (invitation.stakeholder if invitation else None)
    language = supported(
        (invitation.language if invitation else "")
        or (person.language if person else "")
        or customer_language
    )
    s = strings(language)
    name = person.name if person else ""
    project = cycle.project.name
    deadline = local_date(cycle.deadline, language)
    subject_key = {
        OutboxKind.REMINDER: "reminder_subject",
        OutboxKind.RETRY: "retry_subject",
        OutboxKind.SUMMARY: "summary_subject",
    }.get(message.kind, "invite_subject" if cycle.mode == "email" else "meeting_subject")  # type: ignore[call-overload]  # kind is an OutboxKind value
    # A planned review has no deadline yet (it is set when the review opens): its preview
    # leaves the date out rather than read "Please tell us by .".
    body_key = "meeting_body"
    if cycle.mode == "email":
        body_key = "invite_body" if deadline else "invite_body_no_deadline"
    context: dict[str, Any] = {
        "s": s,
        "language": language,
        "subject": s[subject_key].format(project=project),
        "greeting_body": s[body_key].format(name=name, project=project, deadline=deadline),
        "name": name,
        "project": project,
        "cycle": cycle,
        "link": survey_url(token) if token else "",
        # What the review's mode guarantees, in the stakeholder's language.
        "mode_note": mode_note(s, cycle.confidentiality),
        "protected": cycle.confidentiality in ("confidential", "anonymous"),
        "opt_out": opt_out_url(message.to_email),
    }
    if message.kind == OutboxKind.SUMMARY:
        context["intro"] = s["summary_intro"].format(name=name, project=project)
        summary = summary_context(cycle, person.pk if person else None)
        context["issues"] = summary["issues"]
        context["hidden"] = (
            s["summary_hidden"].format(n=summary["hidden"]) if summary["hidden"] else ""
        )
        context["actions"] = [(a, confirm_url(a.pk)) for a in summary["actions"]]
    return context


def pulse_email_context(message: Any, token: str | None) -> dict[str, Any]:
    """The context of the pulse invitation email for an outbox row."""
    invitation = message.pulse_invitation
    round_ = invitation.round
    language = supported(invitation.language or round_.customer.language)
    return email_context(
        language=language,
        name=invitation.stakeholder.name,
        customer=round_.customer.name,
        deadline=local_date(round_.deadline, language),
        link=pulse_url(token) if token else "",
        opt_out=opt_out_url(message.to_email),
        note=note_for(pulse_strings(language), round_.confidentiality),
    )


def needs_link(message: OutboxMessage) -> bool:
    if message.kind == OutboxKind.PULSE:
        return True
    return (
        message.invitation is not None
        and message.kind != OutboxKind.SUMMARY
        and message.invitation.cycle.mode == "email"
    )


def build(message: OutboxMessage, token: str | None) -> tuple[EmailMultiAlternatives, Rendered]:
    """The email for an outbox row (with the link for ``token``) and its rendered parts."""
    from rapport.feedback.ics import calendar_bytes

    whole = outbox_kinds.email_builder(message.kind)
    if whole is not None:
        # E.g. the monthly pack: colleagues' PDF reports, attached when sent, built whole by
        # the app that wrote the row (reports).
        email, parts = whole(message)
        return email, Rendered(*parts)
    if message.kind == OutboxKind.PULSE:
        cycle = None
        rendered = render("pulse", pulse_email_context(message, token))
    elif message.kind in (OutboxKind.ALERT, OutboxKind.SAID_DID, OutboxKind.ACTION_REMINDER):
        # Written by the module that owns them ("you said, we did", insights' alerts, the
        # weekly actions due), which registers its writer: the email module imports none.
        cycle = None
        rendered = Rendered(*outbox_kinds.composer(message.kind)(message))
    else:
        cycle = message.cycle or message.invitation.cycle  # type: ignore[union-attr]  # one of them is set
        rendered = render(_template_for(message.kind, cycle), context_for(message, token))
    headers = {"List-Unsubscribe": f"<{opt_out_url(message.to_email)}>"}
    if message.kind in (OutboxKind.ALERT, OutboxKind.ACTION_REMINDER):
        headers = {}  # to colleagues about their own work: nothing to unsubscribe from
    if message.message_id:
        headers["Message-ID"] = message.message_id
    email = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers=headers,
    )
    email.attach_alternative(rendered.html, "text/html")
    if cycle is not None and cycle.mode != "email" and message.kind == OutboxKind.INVITATION:
        language = supported(message.invitation.language if message.invitation else "en")
        email.attach(
            "monthly-review.ics", calendar_bytes(cycle, language=language), "text/calendar"
        )
    return email, rendered


def redact(rendered: Rendered, token: str | None) -> Rendered:
    if not token:
        return rendered
    return Rendered(
        rendered.subject,
        rendered.text.replace(token, REDACTED),
        rendered.html.replace(token, REDACTED),
    )


def preview(message: OutboxMessage) -> Rendered:
    """The message as it will be sent, with a placeholder link (nothing is stored)."""
    _, rendered = build(message, "preview-link" if needs_link(message) else None)
    return rendered
