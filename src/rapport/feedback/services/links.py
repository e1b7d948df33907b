"""Survey links: an unguessable token per emailed link, of which only the SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets

from rapport.feedback.models import Invitation, InvitationLink


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(invitation: Invitation) -> str:
    """Make a new link for ``invitation`` and return its token (shown or sent once, not kept)."""
    token = secrets.token_urlsafe(32)
    InvitationLink.objects.create(invitation=invitation, token_hash=hash_token(token))
    return token


def find_link(token: str) -> InvitationLink | None:
    """The link for ``token`` with everything the survey page needs, in one query."""
    if not token or len(token) > 100:
        return None
    return (
        InvitationLink.objects.select_related(
            "invitation__stakeholder",
            "invitation__cycle__project__customer",
            "invitation__cycle__question_set",
            "invitation__response",
        )
        .filter(token_hash=hash_token(token), revoked=False)
        .first()
    )
