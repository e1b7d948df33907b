"""Survey links: an unguessable token per emailed link, of which only the SHA-256 is stored.

``find_link`` is the survey page's one query: the link with its invitation, review, project and
any answers already given, as plain values (``SurveyLink``), read through a query compiled once
(``PreparedQuery``) on the unique index of the token's hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import QuerySet

from rapport.feedback.models import Invitation, InvitationLink, ReviewCycle
from rapport.feedback.services.prepared import NUMBER_MARKER, PreparedQuery


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(invitation: Invitation) -> str:
    """Make a new link for ``invitation`` and return its token (shown or sent once, not kept)."""
    token = secrets.token_urlsafe(32)
    InvitationLink.objects.create(invitation=invitation, token_hash=hash_token(token))
    return token


@dataclass(frozen=True, slots=True)
class SurveyLink:
    """What the survey page and an answer need to know about a link, read in one query."""

    invitation_id: int
    language: str  # the stakeholder's
    expires_at: dt.datetime
    used: bool
    reminders_sent: int
    stakeholder_id: int
    stakeholder_name: str
    stakeholder_role: str
    cycle_id: int
    state: str
    confidentiality: str
    question_set_id: int
    deadline: dt.date | None
    period: str
    email_retried: bool
    project_id: int
    project_name: str
    customer_language: str
    response_id: uuid.UUID | None  # a UUID; None before the first answer (and always if anonymous)
    response_scores: dict[str, Any] | None
    response_comment: str | None
    response_complete: bool | None

    @property
    def is_anonymous(self) -> bool:
        return self.confidentiality == "anonymous"


# Columns relative to an Invitation, in the order of SurveyLink's fields.
_COLUMNS = [
    "id",
    "language",
    "expires_at",
    "used",
    "reminders_sent",
    "stakeholder_id",
    "stakeholder__name",
    "stakeholder__role",
    "cycle_id",
    "cycle__state",
    "cycle__confidentiality",
    "cycle__question_set_id",
    "cycle__deadline",
    "cycle__period",
    "cycle__email_retried",
    "cycle__project_id",
    "cycle__project__name",
    "cycle__project__customer__language",
    "response__id",
    "response__scores",
    "response__comment",
    "response__is_complete",
]
assert len(_COLUMNS) == len(fields(SurveyLink))


def _by_hash(token_hash: str) -> QuerySet[Any, tuple[Any, ...]]:
    return InvitationLink.objects.filter(token_hash=token_hash, revoked=False).values_list(
        *(f"invitation__{column}" for column in _COLUMNS)
    )


def _by_invitation(pk: int) -> QuerySet[Any, tuple[Any, ...]]:
    return Invitation.objects.filter(pk=pk).values_list(*_COLUMNS)


_FIND = PreparedQuery(_by_hash)
# The same row, locked for an answer: the invitation (one response per invitation) and the
# review (an answer and a state change of the review never interleave).
_LOCK = PreparedQuery(_by_hash, lock=[Invitation, ReviewCycle])
_LOCK_INVITATION = PreparedQuery(
    _by_invitation, lock=[Invitation, ReviewCycle], marker=NUMBER_MARKER
)


def _valid(token: str) -> bool:
    return bool(token) and len(token) <= 100


def find_link(token: str) -> SurveyLink | None:
    """The live (not revoked) link for ``token``, or None. One indexed query."""
    if not _valid(token):
        return None
    row = _FIND.first(hash_token(token))
    return SurveyLink(*row) if row else None


def lock_link(token: str) -> SurveyLink | None:
    """``find_link`` inside a transaction, holding the invitation's and the review's rows."""
    if not _valid(token):
        return None
    row = _LOCK.first(hash_token(token))
    return SurveyLink(*row) if row else None


def lock_invitation(invitation_id: int) -> SurveyLink:
    """The same values for an invitation (whichever link it came from), locked likewise."""
    row = _LOCK_INVITATION.first(invitation_id)
    if row is None:
        raise Invitation.DoesNotExist(f"No invitation {invitation_id}.")
    return SurveyLink(*row)
