"""Creating people and API tokens; every change is recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import APIToken, Role, User, hash_token
from rapport.audit.services import record


@transaction.atomic
def create_user(
    *, email: str, full_name: str, role: str, password: str | None = None, by: Any = None
) -> User:
    """Create a console user. Without a password the account cannot sign in until reset."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    user = User.objects.create_user(email=email, password=password, full_name=full_name, role=role)
    record("accounts.user.created", by=by, obj=user, changes={"email": user.email, "role": role})
    return user


@transaction.atomic
def change_role(user: User, role: str, *, by: Any) -> None:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    old = user.role
    if old != role:
        user.role = role
        user.save()
        record("accounts.user.role_changed", by=by, obj=user, changes={"role": [old, role]})


@transaction.atomic
def issue_api_token(user: User, *, name: str, by: Any = None) -> tuple[APIToken, str]:
    """Make a token for scripts. Returns the row and the secret, which is shown only once."""
    raw = APIToken.generate()
    token = APIToken.objects.create(
        user=user, name=name, prefix=raw[:10], token_hash=hash_token(raw)
    )
    record("accounts.api_token.issued", by=by or user, obj=user, changes={"name": name})
    return token, raw


def authenticate_token(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    token = (
        APIToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Note use at most once a minute: a busy script should not write on every request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(token: APIToken, *, by: Any) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record("accounts.api_token.revoked", by=by, obj=token.user, changes={"name": token.name})
