"""Personal data: export a stakeholder's data, erase it, erase after the retention period.

Erasure keeps the figures the privacy rules allow exactly as they were (docs/privacy.md,
"Personal data"). The disclosure layer cuts protected answers into release blocks by counting
distinct people (a confidential answer's stakeholder, an anonymous round's invitees), and the
health review's case-mix reads each answer's score, mode, language and role level. So the
stakeholder's row stays as a *tombstone*: the same key, with every personal field emptied
(name "Erased stakeholder", no email, no job title, inactive). Their answers keep their scores
and that key, so every block, count and mean stays the same; everything that says who they were
or what they wrote goes: comments, the words of issues raised from their answers and of their
concerns and roadmap input, email addresses, emails, a job title no one else holds (kept as a
stand-in, so the case-mix is unchanged), and every mention of their name or email address in
any table (``scan.scrub``).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rapport.audit.services import record
from rapport.customers.models import Engagement, Stakeholder
from rapport.gdpr import collect, scan

ERASED_NAME = "Erased stakeholder"
ERASED_TEXT = "[erased with the stakeholder's personal data]"


def is_erased(stakeholder: Stakeholder) -> bool:
    return stakeholder.name == ERASED_NAME and not stakeholder.email and not stakeholder.is_active


def export_stakeholder(stakeholder: Stakeholder, *, by: Any) -> bytes:
    """One JSON file with everything the database holds about ``stakeholder``."""
    # Recorded first, so the file holds its own entry: the database holds nothing more.
    record("gdpr.stakeholder.exported", by=by, obj=stakeholder)
    document = collect.about(stakeholder)
    document["exported_at"] = timezone.now().isoformat()
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


@dataclass
class Erasure:
    """What one erasure changed, as counts (the audit entry holds these and nothing else)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int) -> None:
        if n:
            self.counts[what] = self.counts.get(what, 0) + n


def _role_stand_ins(stakeholder: Stakeholder) -> dict[str, str]:
    """Each job title of their answers → what it becomes: kept when someone else's answers
    carry it too (a shared title names no one), else a random stand-in, so the case-mix
    (insights.loading: the role level of each answer) counts the same answers together."""
    from rapport.feedback.models import Response
    from rapport.insights.loading import _role

    own = set(
        Response.objects.filter(stakeholder=stakeholder)
        .exclude(respondent_role="")
        .values_list("respondent_role", flat=True)
        .distinct()
    )
    if not own:
        return {}
    others = {
        _role(r)
        for r in Response.objects.exclude(stakeholder=stakeholder)
        .exclude(respondent_role="")
        .values_list("respondent_role", flat=True)
        .distinct()
    }
    stand_in: dict[str, str] = {}
    result = {}
    for raw in own:
        level = _role(raw)
        if level in others:
            result[raw] = raw
        else:
            result[raw] = stand_in.setdefault(level, f"erased role {secrets.token_hex(4)}")
    return result


def _erase_rows(s: Stakeholder, done: Erasure) -> None:
    from rapport.customers.models import Concern
    from rapport.feedback.models import (
        Invitation,
        InvitationLink,
        Issue,
        OutboxMessage,
        OutboxState,
        PulseInvitation,
        PulseResponse,
        Response,
        Suppression,
    )
    from rapport.mailbox.models import MailboxMessage
    from rapport.portfolio.models import ProjectStakeholder
    from rapport.roadmap.models import CustomerInput, ShareLink

    now = timezone.now()
    email = s.email.strip()
    rows = collect.linked(s)
    responses = Response.objects.filter(
        pk__in=list(rows["feedback.response"].values_list("pk", flat=True))
    )
    for raw, new in _role_stand_ins(s).items():
        if raw != new:
            responses.filter(respondent_role=raw).update(respondent_role=new)
    done.add("answers kept without name", responses.count())
    done.add("comments erased", responses.exclude(comment="").update(comment=""))
    responses.update(submitted_at=None)
    done.add(
        "issues' words erased",
        Issue.objects.filter(response__in=responses.values("pk")).update(text=ERASED_TEXT),
    )
    done.add(
        "pulse comments erased",
        PulseResponse.objects.filter(stakeholder=s).exclude(comment="").update(comment=""),
    )
    invitations = Invitation.objects.filter(stakeholder=s)
    done.add("invitations kept without address", invitations.update(email=""))
    InvitationLink.objects.filter(invitation__in=invitations.values("pk")).update(revoked=True)
    PulseInvitation.objects.filter(stakeholder=s).update(email="", token_hash=None)
    outbox = OutboxMessage.objects.filter(
        pk__in=list(rows["feedback.outboxmessage"].values_list("pk", flat=True))
    )
    outbox.filter(state=OutboxState.QUEUED).update(state=OutboxState.CANCELLED)
    done.add(
        "emails erased",
        outbox.update(
            to_email="", subject=ERASED_TEXT[:200], text_body="", html_body="", last_error=""
        ),
    )
    done.add(
        "suppressions removed",
        Suppression.objects.filter(pk__in=rows["feedback.suppression"].values("pk")).delete()[0],
    )
    if email:
        done.add(
            "mailbox copies removed", MailboxMessage.objects.filter(to__icontains=email).delete()[0]
        )
    done.add(
        "concerns' words erased",
        Concern.objects.filter(raised_by=s).update(
            raised_by=None, raised_by_text="", text=ERASED_TEXT
        ),
    )
    done.add(
        "listening attendances removed",
        s.listening_sessions.through.objects.filter(stakeholder=s).delete()[0],
    )
    done.add("project links removed", ProjectStakeholder.objects.filter(stakeholder=s).delete()[0])
    done.add(
        "roadmap links revoked",
        ShareLink.objects.filter(stakeholder=s, revoked_at=None).update(revoked_at=now),
    )
    done.add(
        "roadmap input erased",
        CustomerInput.objects.filter(stakeholder=s).update(stakeholder=None, text=""),
    )
    done.add("stored files removed", _erase_files(s))
    # Audit entries about their rows keep what was done, when and by whom; their values (a
    # comment, a concern's words, an address) go. Names in them are replaced by ``scan.scrub``.
    entries = rows["audit.auditentry"]
    entries.filter(object_type="customers.stakeholder").update(object_repr=ERASED_NAME)
    # These rows' names are their words (a concern's first 80 characters…).
    worded = ["customers.concern", "feedback.issue", "roadmap.customerinput"]
    entries.filter(object_type__in=worded).update(object_repr=scan.ERASED)
    done.add("audit entries without values", entries.update(changes={}))


def _erase_files(s: Stakeholder) -> int:
    """Stored files that may name them, which no text search can read: the PDF review packs and
    one-pagers of their customer (compressed; their reader asks again), uploaded import
    files (kept until imported, or a checked file kept to be applied) that hold their name or
    address, and every checked file kept to be applied that is a workbook (compressed too: its
    uploader uploads it again)."""
    from rapport.imports.models import ImportJob
    from rapport.portfolio.models import Project
    from rapport.reports.models import ReportKind, ReportRequest

    projects = list(Project.objects.filter(customer_id=s.customer_id).values_list("pk", flat=True))
    reports = ReportRequest.objects.filter(
        Q(kind=ReportKind.CUSTOMER, subject_id=s.customer_id)
        | Q(kind=ReportKind.PROJECT, subject_id__in=projects)
    )
    removed = reports.delete()[0]
    for column, pks in scan.binary_mentions(scan.needles(s.name, s.email)).items():
        empty = None if column.field.null else b""
        manager = column.model._default_manager
        removed += manager.filter(pk__in=pks).update(**{column.field.name: empty})
        if column.model is ImportJob:  # an emptied checked file can no longer be applied
            ImportJob.objects.filter(pk__in=pks).update(kept_until=None)
    kept = ImportJob.objects.filter(kept_until__isnull=False)
    workbooks = [pk for pk, name in kept.values_list("pk", "filename") if _is_workbook(name)]
    removed += ImportJob.objects.filter(pk__in=workbooks).update(data=b"", kept_until=None)
    return removed


def _is_workbook(filename: str) -> bool:
    return filename.lower().endswith(".xlsx")  # as the import reads it (imports.reading)


@transaction.atomic
def erase_stakeholder(stakeholder: Stakeholder, *, by: Any, reason: str = "request") -> Erasure:
    """Erase ``stakeholder``'s personal data; keep the figures the privacy rules allow.

    ``reason``: ``request`` (the person asked) or ``retention`` (no contact for the retention
    period). Raises ``ValidationError`` for a stakeholder already erased (nothing is changed).
    """
    if reason not in {"request", "retention"}:
        raise ValidationError({"reason": "The reason is 'request' or 'retention'."})
    s = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    if is_erased(s):
        raise ValidationError(_("This stakeholder's personal data is already erased."))
    texts = scan.needles(s.name, s.email)
    done = Erasure()
    _erase_rows(s, done)
    s.name = ERASED_NAME
    s.email = ""
    s.role = ""
    s.language = s.customer.language
    s.power = s.interest = 3
    s.engagement_current = Engagement.NEUTRAL
    s.engagement_desired = Engagement.SUPPORTIVE
    s.is_active = False
    s.save()
    done.add("values naming them replaced", scan.scrub(texts))
    # Names no one: no object, only what was done, to how many rows, and why.
    record("gdpr.stakeholder.erased", by=by, changes={"reason": reason, **done.counts})
    stakeholder.refresh_from_db()
    return done


def _no_contact_since(cutoff: dt.datetime) -> Q:
    """Stakeholders nobody has been in touch with since ``cutoff`` (created before it, and no
    invitation, answer, pulse, listening session, concern or roadmap input since)."""
    from rapport.customers.models import Concern, ListeningSession
    from rapport.feedback.models import Invitation, PulseInvitation, PulseResponse, Response
    from rapport.roadmap.models import CustomerInput

    day = cutoff.date()
    recent = [
        Invitation.objects.filter(
            Q(created_at__gte=cutoff) | Q(sent_at__gte=cutoff) | Q(responded_at__gte=cutoff)
        ).filter(stakeholder=OuterRef("pk")),
        Response.objects.filter(submitted_on__gte=day, stakeholder=OuterRef("pk")),
        PulseInvitation.objects.filter(
            Q(created_at__gte=cutoff) | Q(sent_at__gte=cutoff), stakeholder=OuterRef("pk")
        ),
        PulseResponse.objects.filter(submitted_on__gte=day, stakeholder=OuterRef("pk")),
        Concern.objects.filter(heard_on__gte=day, raised_by=OuterRef("pk")),
        CustomerInput.objects.filter(created_at__gte=cutoff, stakeholder=OuterRef("pk")),
        ListeningSession.objects.filter(held_on__gte=day, attendees=OuterRef("pk")),
    ]
    q = Q(created_at__lt=cutoff)
    for qs in recent:
        q &= Q(~Exists(qs))
    return q


def months_ago(now: dt.datetime, months: int) -> dt.datetime:
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, 28)
    return now.replace(year=year, month=month + 1, day=day)


def erase_inactive(months: int, *, now: dt.datetime | None = None) -> int:
    """Erase every stakeholder with no contact for ``months`` months; returns how many.

    ``months`` 0 does nothing (retention off)."""
    if months < 0:
        raise ValidationError({"months": "The retention period cannot be negative."})
    if months == 0:
        return 0
    cutoff = months_ago(now or timezone.now(), months)
    due = (
        Stakeholder.objects.exclude(name=ERASED_NAME, email="", is_active=False)
        .filter(_no_contact_since(cutoff))
        .order_by("pk")
    )
    erased = 0
    for stakeholder in due:
        erase_stakeholder(stakeholder, by=None, reason="retention")
        erased += 1
    return erased
