"""Creating and managing people, and API tokens; every change is recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rapport.accounts import emails
from rapport.accounts.models import APIToken, ConsoleLanguage, Role, User, hash_token
from rapport.audit.services import record


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")


@transaction.atomic
def create_user(
    *, email: str, full_name: str, role: str, password: str | None = None, by: Any = None
) -> User:
    """Create a console user. Without a password the account cannot sign in until it sets one
    through a set-password link ("Forgot your password?" or an invitation).

    A password must pass the validators in ``AUTH_PASSWORD_VALIDATORS``; a refused one raises
    ``ValidationError`` and nothing is created.
    """
    _check_role(role)
    if User.objects.filter(email__iexact=email.strip()).exists():
        raise ValidationError({"email": f"A user with email {email.strip()} already exists."})
    if password:
        # Checked against the person it will belong to: a password like their name is refused.
        validate_password(password, User(email=email.strip().lower(), full_name=full_name))
    user = User.objects.create_user(
        email=email.strip(), password=password, full_name=full_name, role=role
    )
    record("accounts.user.created", by=by, obj=user, changes={"email": user.email, "role": role})
    return user


@transaction.atomic
def invite_user(*, email: str, full_name: str, role: str, by: Any) -> User:
    """Add a colleague without a password and email them a link to choose one."""
    user = create_user(email=email, full_name=full_name, role=role, by=by)
    record("accounts.user.invited", by=by, obj=user, changes={"email": user.email, "role": role})
    # Sent once the user row is committed, so a mail server error never loses the account and
    # the link always points at a saved user. "Send the invitation again" covers a lost email.
    transaction.on_commit(lambda: emails.send_invitation(user, invited_by=by))
    return user


@transaction.atomic
def resend_invitation(user: User, *, by: Any) -> None:
    """Email a fresh set-password link to someone who has not chosen a password yet."""
    if user.has_usable_password():
        raise ValidationError(
            f"{user} has a password already; they can use “Forgot your password?”."
        )
    if not user.is_active:
        raise ValidationError(f"{user} is deactivated; reactivate them first.")
    record("accounts.user.invitation_sent", by=by, obj=user, changes={"email": user.email})
    transaction.on_commit(lambda: emails.send_invitation(user, invited_by=by))


def _other_active_leads(user: User) -> bool:
    # Locks the active leads' rows (PostgreSQL) so two leads demoting each other at the same
    # moment cannot leave the PMO without one.
    leads = User.objects.select_for_update().filter(role=Role.PMO_LEAD, is_active=True)
    return leads.exclude(pk=user.pk).exists()


@transaction.atomic
def change_role(user: User, role: str, *, by: Any) -> None:
    """Give ``user`` another role. The last active PMO lead keeps theirs."""
    _check_role(role)
    old = user.role
    if old == role:
        return
    if old == Role.PMO_LEAD and user.is_active and not _other_active_leads(user):
        raise ValidationError(
            f"{user} is the only active PMO lead; make someone else a PMO lead first."
        )
    user.role = role
    user.save()
    record("accounts.user.role_changed", by=by, obj=user, changes={"role": [old, role]})


def set_console_language(user: User, language: str, *, by: Any) -> None:
    """The language ``user`` reads the console in (one of ``ConsoleLanguage``)."""
    if language not in ConsoleLanguage.values:
        raise ValidationError(_("The console is not available in that language."))
    old = user.language
    if old == language:
        return
    user.language = language
    user.save(update_fields=["language"])
    record("accounts.user.language_changed", by=by, obj=user, changes={"language": [old, language]})


@transaction.atomic
def deactivate_user(user: User, *, by: Any) -> None:
    """Stop ``user`` signing in (their history and projects stay). Never yourself, never the
    last active PMO lead."""
    if not user.is_active:
        return
    if by is not None and getattr(by, "pk", None) == user.pk:
        raise ValidationError("You cannot deactivate yourself; ask another PMO lead.")
    if user.role == Role.PMO_LEAD and not _other_active_leads(user):
        raise ValidationError(f"{user} is the only active PMO lead and stays active.")
    user.is_active = False
    # API tokens stop working with the account (``authenticate_token`` needs an active user).
    user.save()
    record("accounts.user.deactivated", by=by, obj=user, changes={"is_active": [True, False]})


@transaction.atomic
def reactivate_user(user: User, *, by: Any) -> None:
    if user.is_active:
        return
    user.is_active = True
    user.save()
    record("accounts.user.reactivated", by=by, obj=user, changes={"is_active": [False, True]})


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
