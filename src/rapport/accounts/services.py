"""Creating and managing people, and API tokens; every change is recorded in the audit log."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

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
        raise ValidationError(
            {"email": _("A user with email %(email)s already exists.") % {"email": email.strip()}}
        )
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
            _("%(person)s has a password already; they can use “Forgot your password?”.")
            % {"person": user}
        )
    if not user.is_active:
        raise ValidationError(
            _("%(person)s is deactivated; reactivate them first.") % {"person": user}
        )
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
            _("%(person)s is the only active PMO lead; make someone else a PMO lead first.")
            % {"person": user}
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


EMAIL_CHOICES = ("email_alerts", "email_actions_due")


def set_email_preferences(user: User, *, by: Any, **wanted: bool) -> dict[str, list[bool]]:
    """Which emails about their own work ``user`` gets (``EMAIL_CHOICES``); the changes."""
    unknown = set(wanted) - set(EMAIL_CHOICES)
    if unknown:  # a caller's mistake, never a reader's
        raise TypeError(f"Unknown email choices: {', '.join(sorted(unknown))}.")
    changes = {
        name: [getattr(user, name), bool(value)]
        for name, value in wanted.items()
        if getattr(user, name) != bool(value)
    }
    if changes:
        for name, (_old, new) in changes.items():
            setattr(user, name, new)
        user.save(update_fields=list(changes))
        record("accounts.user.emails_changed", by=by, obj=user, changes=changes)
    return changes


@transaction.atomic
def deactivate_user(user: User, *, by: Any) -> None:
    """Stop ``user`` signing in (their history and projects stay). Never yourself, never the
    last active PMO lead."""
    if not user.is_active:
        return
    if by is not None and getattr(by, "pk", None) == user.pk:
        raise ValidationError(_("You cannot deactivate yourself; ask another PMO lead."))
    if user.role == Role.PMO_LEAD and not _other_active_leads(user):
        raise ValidationError(
            _("%(person)s is the only active PMO lead and stays active.") % {"person": user}
        )
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


# Two-factor sign-in (TOTP apps and recovery codes) and lockouts; docs/sign-in.md.

RECOVERY_CODES = 10


@transaction.atomic
def start_totp(user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for ``user`` (any earlier unconfirmed one is dropped):
    it counts only once ``confirm_totp`` has seen a code from it."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def pending_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def confirm_totp(user: User, code: str, *, by: Any) -> tuple[TOTPDevice, list[str]]:
    """Turn on two-factor sign-in with the pending authenticator once ``code`` matches it.
    Replaces any earlier authenticator and returns fresh recovery codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationError(_("Start again: no authenticator is waiting to be confirmed."))
    if not device.verify_token(_clean_code(code)):
        raise ValidationError(
            _("That code does not match. Check the time on your phone and enter the newest code.")
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record("accounts.two_factor.enabled", by=by, obj=user, changes={"method": "totp"})
    return device, codes


def _new_recovery_codes(user: User) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name="Recovery codes", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


@transaction.atomic
def renew_recovery_codes(user: User, *, by: Any) -> list[str]:
    """New recovery codes for someone with two-factor sign-in; the old ones stop working."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Set up an authenticator app first."))
    codes = _new_recovery_codes(user)
    record("accounts.two_factor.recovery_codes_renewed", by=by, obj=user, changes={})
    return codes


@transaction.atomic
def disable_two_factor(user: User, *, by: Any) -> None:
    """Remove every authenticator and recovery code of ``user`` (a lost phone: a PMO lead
    does this, then the person sets up a new one at their next sign-in if their role needs it)."""
    deleted = TOTPDevice.objects.filter(user=user).delete()[0]
    deleted += StaticDevice.objects.filter(user=user).delete()[0]
    if deleted:
        record("accounts.two_factor.disabled", by=by, obj=user, changes={})


def has_two_factor(user: User) -> bool:
    return bool(user_has_device(user))


def _clean_code(code: str) -> str:
    return "".join(code.split())[:32]


def verify_second_factor(user: User, code: str) -> Device:
    """The device (authenticator or recovery codes) that accepts ``code``. A recovery code
    works once. After a wrong code each device makes the next try wait (1 s, 2 s, 4 s, …:
    django-otp's throttling), so codes cannot be guessed at speed.

    Raises ``ValidationError`` saying what to do when no device accepts the code.
    """
    code = _clean_code(code)
    waiting = False
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            allowed, _why = device.verify_is_allowed()
            if not allowed:
                waiting = True
            elif code and device.verify_token(code):
                return device
    if waiting:
        raise ValidationError(_("Too many wrong codes: wait a few seconds, then try again."))
    raise ValidationError(_("That code does not match. Enter the newest code from your app."))


@transaction.atomic
def unlock_sign_in(user: User, *, by: Any) -> int:
    """Lift a lockout after failed sign-ins on ``user``'s account (from every address).
    Returns how many lockout records were removed."""
    removed = int(reset(username=user.email))
    record("accounts.user.unlocked", by=by, obj=user, changes={"attempts_cleared": removed})
    return removed


def sign_in_flags() -> tuple[set[str], set[int], set[int]]:
    """For the People page, in three queries: the emails locked out now after failed sign-ins,
    and the ids of people with an authenticator and of people who came through single
    sign-on."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).values_list("username", flat=True)
    two_factor = TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True)
    sso = SocialAccount.objects.values_list("user_id", flat=True)
    return set(locked), set(two_factor), set(sso)
