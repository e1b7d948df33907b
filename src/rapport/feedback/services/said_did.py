"""“You said, we did”: a quarterly digest to each of a customer's stakeholders of the issues
raised across the customer's projects and what was done, with a “did this fix it?” link for
each action done.

Privacy, per stakeholder (``digest_for``):

- an issue from an open (attributed) review is shown to the customer's stakeholders, and marked
  "you told us" for the person who raised it;
- an issue raised in a confidential review is quoted only to the person who raised it (their own
  answer); everyone else sees it only as a count, with its actions counted too;
- an issue from an anonymous review is never quoted and never attributed: nobody can be shown to
  be its author, so everyone sees it only as a count;
- actions on an issue follow the issue: no title of an action on a point said in confidence.

Opt-out is respected (the unsubscribe link in every email, ``recipient_problem``); one email
per stakeholder and quarter (``dedupe_key`` ``said_did:<stakeholder>:<YYYY-Qn>``); the schedule
(``you-said-we-did``) queues them in the first month of the next quarter. The content is read
when the email is sent, so the actions' state is the latest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop, ngettext

from rapport.customers.models import Stakeholder
from rapport.feedback.models import (
    Action,
    ActionStatus,
    Issue,
    OutboxKind,
    OutboxMessage,
)
from rapport.feedback.pulse.services import quarter_of, quarter_start
from rapport.feedback.services.mail import queue_message, recipient_problem, suppressed_emails
from rapport.languages import active_language, local_date, local_month

if TYPE_CHECKING:
    from rapport.feedback.emails import Rendered

# The email's words, English source strings for Django's translations (``gettext_noop`` marks
# them for ``makemessages``; they are translated when the email is written). The English ones
# are registered with the plain-language check (``feedback/texts.py``).
TEXTS = {
    "subject": gettext_noop("What you told us last quarter, and what we did"),
    "hello": gettext_noop("Hello %(name)s,"),
    "intro": gettext_noop(
        "Here is what your team at %(customer)s told us from %(first)s to %(last)s. Below is "
        "what we did about it."
    ),
    "you_told_us": gettext_noop("You told us"),
    "we_heard": gettext_noop("We heard"),
    "nothing_done": gettext_noop("No action yet: we will tell you when there is one."),
    "confirm": gettext_noop("Did this fix it? Tell us"),
    "confirmed": gettext_noop("You told us this fixed it. Thank you."),
    "acted": gettext_noop("We have acted on %(n)s of these."),
    "acted_one": gettext_noop("We have acted on it."),
    "ask": gettext_noop(
        "If something is not fixed, reply to this email or tell us at your next review."
    ),
    "opt_out": gettext_noop("Do not want these emails? Unsubscribe"),
    "done": gettext_noop("done on %(date)s"),
    "dropped": gettext_noop("we decided not to do this"),
    "in_progress": gettext_noop("in progress, due by %(date)s"),
}
HIDDEN = (
    "%(n)s more point was raised in confidence. We do not quote it here.",
    "%(n)s more points were raised in confidence. We do not quote them here.",
)
HIDDEN_ONLY = (
    "%(n)s point was raised in confidence. We do not quote it here.",
    "%(n)s points were raised in confidence. We do not quote them here.",
)


@dataclass
class DigestAction:
    title: str
    status: str  # "done on 2026-05-21", in the reader's language
    done: bool
    confirmed: bool
    confirm_url: str = ""


@dataclass
class DigestIssue:
    text: str
    yours: bool
    raised_on: dt.date
    actions: list[DigestAction] = field(default_factory=list)


@dataclass
class DigestProject:
    name: str
    issues: list[DigestIssue] = field(default_factory=list)
    in_confidence: int = 0  # issues not quoted to this reader
    in_confidence_done: int = 0  # of those, how many have an action done

    @property
    def empty(self) -> bool:
        return not (self.issues or self.in_confidence)


def previous_quarter(today: dt.date) -> str:
    """The quarter before the one ``today`` is in."""
    return quarter_of(quarter_start(quarter_of(today)) - dt.timedelta(days=1))


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    first = quarter_start(quarter)
    following = quarter_start(quarter_of(first + dt.timedelta(days=95)))
    return first, following - dt.timedelta(days=1)


def quarter_issues(customer_id: int, quarter: str) -> list[Issue]:
    """The customer's issues raised in ``quarter``, or with an action done in it."""
    first, last = quarter_bounds(quarter)
    return list(
        Issue.objects.filter(project__customer_id=customer_id)
        .filter(Q(raised_on__range=(first, last)) | Q(actions__done_on__range=(first, last)))
        .distinct()
        .select_related("project", "cycle", "response")
        .order_by("project__name", "project_id", "raised_on", "pk")
    )


def _visible(issue: Issue, stakeholder: Stakeholder) -> tuple[bool, bool]:
    """(may be quoted to ``stakeholder``, raised by them)."""
    raiser = issue.response.stakeholder_id if issue.response_id and issue.response else None
    yours = issue.level != "anonymous" and raiser == stakeholder.pk
    return issue.quotable_to(stakeholder.pk), yours


def _day(day: dt.date | None) -> str:
    """A date as the reader writes it: "21 May 2026", "21 mai 2026" (under their language)."""
    return local_date(day, active_language())


def _action(action: Action, with_link: bool) -> DigestAction:
    from rapport.feedback.emails import confirm_url

    done = action.status == ActionStatus.DONE
    if done:
        words = gettext(TEXTS["done"]) % {"date": _day(action.done_on)}
    elif action.status == ActionStatus.DROPPED:
        words = gettext(TEXTS["dropped"])
    else:
        words = gettext(TEXTS["in_progress"]) % {"date": _day(action.due)}
    return DigestAction(
        title=action.title,
        status=words,
        done=done,
        confirmed=action.customer_confirmed_at is not None,
        confirm_url=confirm_url(action.pk)
        if done and with_link and action.customer_confirmed_at is None
        else "",
    )


def load_quarter(customer_id: int, quarter: str) -> tuple[list[Issue], dict[int, list[Action]]]:
    """The customer's issues of the quarter and their actions: two queries, shared by all of
    the customer's stakeholders."""
    issues = quarter_issues(customer_id, quarter)
    actions: dict[int, list[Action]] = {}
    for action in Action.objects.filter(issue__in=issues).order_by("due", "pk"):
        actions.setdefault(action.issue_id or 0, []).append(action)
    return issues, actions


def digest_for(
    stakeholder: Stakeholder,
    quarter: str,
    loaded: tuple[list[Issue], dict[int, list[Action]]] | None = None,
) -> list[DigestProject]:
    """What ``stakeholder`` may read of their customer's quarter, per project (see the module
    docstring for the rules). Call it under the stakeholder's language."""
    issues, actions = loaded or load_quarter(stakeholder.customer_id, quarter)
    projects: dict[int, DigestProject] = {}
    for issue in issues:
        part = projects.setdefault(issue.project_id, DigestProject(issue.project.name))
        shown, yours = _visible(issue, stakeholder)
        mine = actions.get(issue.pk, [])
        if not shown:
            part.in_confidence += 1
            part.in_confidence_done += any(a.status == ActionStatus.DONE for a in mine)
            continue
        part.issues.append(
            DigestIssue(
                text=issue.text,
                yours=yours,
                raised_on=issue.raised_on,
                actions=[_action(a, True) for a in mine if a.status != ActionStatus.DROPPED]
                + [_action(a, False) for a in mine if a.status == ActionStatus.DROPPED],
            )
        )
    return [p for p in projects.values() if not p.empty]


def _hidden_words(count: int, done: int, *, more: bool) -> str:
    """The points not quoted to this reader, as a count (call it under their language)."""
    if not count:
        return ""
    if more:  # beside points quoted above
        words = ngettext(
            "%(n)s more point was raised in confidence. We do not quote it here.",
            "%(n)s more points were raised in confidence. We do not quote them here.",
            count,
        )
    else:
        words = ngettext(
            "%(n)s point was raised in confidence. We do not quote it here.",
            "%(n)s points were raised in confidence. We do not quote them here.",
            count,
        )
    words %= {"n": count}
    if done and count == 1:
        words += " " + gettext(TEXTS["acted_one"])
    elif done:
        words += " " + gettext(TEXTS["acted"]) % {"n": done}
    return words


def _key(stakeholder_id: int, quarter: str) -> str:
    return f"said_did:{stakeholder_id}:{quarter}"


def quarter_of_message(message: OutboxMessage) -> str:
    """The quarter a digest row tells about: the last part of its ``dedupe_key``."""
    return message.dedupe_key.rsplit(":", 1)[-1]


def queue_said_did(*, today: dt.date | None = None) -> dict[str, int]:
    """In the first month of a quarter, queue last quarter's digest for every stakeholder of
    every customer with issues in it (one per stakeholder and quarter: a re-run queues nothing).
    Stakeholders who opted out, bounced, have no address or are inactive get none; so does one
    with nothing they may read."""
    today = today or timezone.localdate()
    counts = {"queued": 0, "already": 0, "nothing_to_tell": 0, "not_emailed": 0}
    if today.month not in (1, 4, 7, 10):
        return counts
    quarter = previous_quarter(today)
    first, last = quarter_bounds(quarter)
    customers = set(
        Issue.objects.filter(
            Q(raised_on__range=(first, last)) | Q(actions__done_on__range=(first, last))
        ).values_list("project__customer_id", flat=True)
    )
    people = list(
        Stakeholder.objects.filter(customer_id__in=customers)
        .select_related("customer")
        .order_by("customer_id", "pk")
    )
    blocked = suppressed_emails([p.email for p in people])
    loaded: dict[int, tuple[list[Issue], dict[int, list[Action]]]] = {}
    sent = set(
        OutboxMessage.objects.filter(
            kind=OutboxKind.SAID_DID, dedupe_key__in=[_key(p.pk, quarter) for p in people]
        ).values_list("dedupe_key", flat=True)
    )
    for person in people:
        if _key(person.pk, quarter) in sent:
            counts["already"] += 1
            continue
        if recipient_problem(person, sender_email="", suppressed=blocked):
            counts["not_emailed"] += 1
            continue
        if person.customer_id not in loaded:
            loaded[person.customer_id] = load_quarter(person.customer_id, quarter)
        if not digest_for(person, quarter, loaded[person.customer_id]):
            counts["nothing_to_tell"] += 1
            continue
        queued = queue_message(
            OutboxKind.SAID_DID,
            to_email=person.email,
            dedupe_key=_key(person.pk, quarter),
            stakeholder=person,
        )
        counts["queued" if queued else "already"] += 1
    return counts


def said_did_context(message: OutboxMessage) -> dict[str, Any]:
    """The digest email's words, in the stakeholder's language (Django's translations; English
    where a language has none yet), read at send time."""
    from rapport.feedback.emails import opt_out_url

    person = message.stakeholder
    if person is None:
        raise ValueError("This digest's stakeholder was deleted.")
    quarter = quarter_of_message(message)
    with translation.override(person.language or "en"):
        projects = digest_for(person, quarter)
        first, last = quarter_bounds(quarter)
        t = {key: gettext(text) for key, text in TEXTS.items()}
        return {
            "language": translation.get_language(),
            "t": t,
            "subject": t["subject"],
            "hello": t["hello"] % {"name": person.name},
            "intro": t["intro"]
            % {
                "customer": person.customer.name,
                "first": local_month(first, active_language()),
                "last": local_month(last, active_language()),
            },
            "projects": [
                {
                    "part": p,
                    "hidden": _hidden_words(
                        p.in_confidence, p.in_confidence_done, more=bool(p.issues)
                    ),
                }
                for p in projects
            ],
            "opt_out": opt_out_url(message.to_email),
        }


def render_said_did(message: OutboxMessage) -> Rendered:
    """The digest email (subject, text, HTML), written in the stakeholder's language."""
    from rapport.feedback.emails import render

    person = message.stakeholder
    with translation.override(getattr(person, "language", "") or "en"):
        return render("said_did", said_did_context(message))
