"""Everything the database holds about one stakeholder, as plain JSON-ready rows.

``about(stakeholder)`` gathers the rows linked to them (their profile, project links,
invitations, answers and the issues raised from them, pulse answers, concerns, listening
sessions attended, roadmap links and input, emails in the outbox and the demo mailbox,
suppressions, audit entries about those rows) and then every other row of every table that
names them (``scan.mentions``: a name in meeting minutes, an email address in an import's
errors). Anonymous answers are not there: nothing links them to anyone, by design. Nor are
other people's answers that name them (a colleague's words, given in confidence or anonymously,
are that colleague's), nor whether they answered an anonymous review (its invitations keep no
answered state here, and its reminders, which go only to those who have not answered, are left
out): the file is handed to the person, and read by the PMO first.

Secrets are left out of the rows (hashes of survey tokens, roadmap link keys): they are no data
about the person, and the file must not open a link.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Q

from rapport.customers.models import Stakeholder
from rapport.gdpr import scan

FORMAT = "rapport.stakeholder-export"
VERSION = 1
SECRET_FIELDS = frozenset({"token_hash", "key"})
# Answers are found through their respondent only, never by a mention in someone's words.
ANSWERS = frozenset({"feedback.response", "feedback.pulseresponse"})
# What an invitation to an anonymous review would tell of its person's answer.
ANSWERED_STATE = ("used", "responded_at", "reminders_sent", "last_reminder_at")


def plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def row(obj: models.Model) -> dict[str, Any]:
    """A row as a dict of its concrete columns (foreign keys as ids), secrets left out."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        out[field.attname] = plain(getattr(obj, field.attname))
    return out


def linked(stakeholder: Stakeholder) -> dict[str, models.QuerySet]:
    """The rows linked to ``stakeholder`` by a key (or by their email), by model label."""
    from rapport.audit.models import AuditEntry
    from rapport.customers.models import Concern, ListeningSession
    from rapport.feedback.models import (
        Action,
        Invitation,
        Issue,
        OutboxMessage,
        PulseInvitation,
        PulseResponse,
        Response,
        Suppression,
    )
    from rapport.mailbox.models import MailboxMessage
    from rapport.portfolio.models import ProjectStakeholder
    from rapport.roadmap.models import CustomerInput, ShareLink

    s = stakeholder
    email = s.email.strip()
    invitations = Invitation.objects.filter(stakeholder=s)
    responses = Response.objects.filter(Q(stakeholder=s) | Q(invitation__stakeholder=s))
    issues = Issue.objects.filter(response__in=responses.values("pk"))
    by_email = Q(to_email__iexact=email) if email else Q(pk__in=[])
    rows: dict[str, models.QuerySet] = {
        "customers.stakeholder": Stakeholder.objects.filter(pk=s.pk),
        "portfolio.projectstakeholder": ProjectStakeholder.objects.filter(stakeholder=s),
        "feedback.invitation": invitations,
        "feedback.response": responses,
        "feedback.issue": issues,
        "feedback.action": Action.objects.filter(issue__in=issues.values("pk")),
        "feedback.pulseinvitation": PulseInvitation.objects.filter(stakeholder=s),
        "feedback.pulseresponse": PulseResponse.objects.filter(stakeholder=s),
        "feedback.outboxmessage": OutboxMessage.objects.filter(
            Q(stakeholder=s) | Q(invitation__stakeholder=s) | by_email
        ),
        "feedback.suppression": Suppression.objects.filter(
            Q(stakeholder=s) | (Q(email__iexact=email) if email else Q(pk__in=[]))
        ),
        "customers.concern": Concern.objects.filter(raised_by=s),
        "customers.listeningsession": ListeningSession.objects.filter(attendees=s),
        "roadmap.sharelink": ShareLink.objects.filter(stakeholder=s),
        "roadmap.customerinput": CustomerInput.objects.filter(stakeholder=s),
        "mailbox.mailboxmessage": (
            MailboxMessage.objects.filter(to__icontains=email)
            if email
            else MailboxMessage.objects.none()
        ),
    }
    about = Q(object_type="customers.stakeholder", object_id=str(s.pk))
    for label in (
        "feedback.invitation",
        "feedback.response",
        "feedback.issue",
        "feedback.pulseinvitation",
        "customers.concern",
        "roadmap.customerinput",
    ):
        ids = [str(pk) for pk in rows[label].values_list("pk", flat=True)]
        if ids:
            about |= Q(object_type=label, object_id__in=ids)
    rows["audit.auditentry"] = AuditEntry.objects.filter(about)
    return rows


def _ordered(qs: models.QuerySet) -> Iterable[models.Model]:
    return qs.order_by("pk").distinct()


def about(stakeholder: Stakeholder) -> dict[str, Any]:
    """The export document: every row about ``stakeholder``, by table, each row once."""
    from django.apps import apps

    from rapport.feedback.models import Invitation
    from rapport.feedback.outbox import OutboxKind, OutboxMessage

    tables: dict[str, dict[Any, dict[str, Any]]] = {}
    for label, qs in linked(stakeholder).items():
        for obj in _ordered(qs):
            tables.setdefault(label, {})[obj.pk] = row(obj)
    anonymous = set(
        Invitation.objects.filter(
            stakeholder=stakeholder, cycle__confidentiality="anonymous"
        ).values_list("pk", flat=True)
    )
    for pk, invitation in tables.get("feedback.invitation", {}).items():
        if pk in anonymous:
            for name in ANSWERED_STATE:
                invitation.pop(name, None)
    texts = scan.needles(stakeholder.name, stakeholder.email)
    for column, pks in scan.mentions(texts).items():
        label = column.model._meta.label_lower
        if label in ANSWERS:
            continue  # someone else's answer that names them: that person's words
        have = tables.setdefault(label, {})
        for obj in column.model._default_manager.filter(pk__in=[p for p in pks if p not in have]):
            have[obj.pk] = row(obj)
    for column, pks in scan.binary_mentions(texts).items():
        label = column.model._meta.label_lower
        have = tables.setdefault(label, {})
        if label in ANSWERS:
            continue
        for obj in column.model._default_manager.filter(pk__in=[p for p in pks if p not in have]):
            have[obj.pk] = row(obj)  # the file itself is left out (not JSON)
    # Reminders and retries of an anonymous review go only to those who have not answered:
    # left out, however they were found (linked, or by the address in them).
    messages = tables.get("feedback.outboxmessage", {})
    for pk in OutboxMessage.objects.filter(
        pk__in=list(messages),
        cycle__confidentiality="anonymous",
        kind__in=[OutboxKind.REMINDER, OutboxKind.RETRY],
    ).values_list("pk", flat=True):
        del messages[pk]
    names = {m._meta.label_lower: str(m._meta.verbose_name_plural) for m in apps.get_models()}
    return {
        "format": FORMAT,
        "version": VERSION,
        "stakeholder_id": stakeholder.pk,
        "searched_for": texts,
        "tables": {
            label: {"title": names.get(label, label), "rows": list(found.values())}
            for label, found in sorted(tables.items())
            if found
        },
        "not_included": (
            "Anonymous answers: Rapport stores no link from them to anyone, so nobody can find "
            "which are this person's. Other people's answers that name this person: they are "
            "those people's words, some given in confidence or anonymously. Whether this person "
            "answered an anonymous review (its invitations' answered state and reminders). "
            "Secrets (hashes of survey links, roadmap link keys). "
            "Stored files (PDF reports, uploaded import files): only their rows are listed; "
            "they are made from, or imported into, the rows above."
        ),
    }
