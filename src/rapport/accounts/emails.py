"""Emails to colleagues (not customers): the invitation with its set-password link."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_noop, override

from rapport.accounts.models import User

# The words of the plain-text emails and their subjects (templates/accounts/email/*.txt): the
# catalogs read HTML templates only, so each is marked here, exactly as its template says it.
TEXT_WORDS = (
    gettext_noop("%(inviter)s invited you to Rapport"),
    gettext_noop("Your Rapport account"),
    gettext_noop(
        "%(inviter)s added you to Rapport, your PMO's customer-feedback tool, as %(role)s."
    ),
    gettext_noop("You were added to Rapport, your PMO's customer-feedback tool, as %(role)s."),
    gettext_noop("To choose your password, open this link within %(hours)s hours:"),
    gettext_noop("Then sign in with %(email)s at %(login_url)s"),
    gettext_noop('If the link has expired, use "Forgot your password?" on the sign-in page.'),
    gettext_noop("Choose a new Rapport password"),
    gettext_noop("Someone asked to reset the password of your Rapport account (%(email)s)."),
    gettext_noop("To choose a new password, open this link within 24 hours:"),
)


def set_password_url(user: User) -> str:
    """The link to choose a password: the "Forgot your password?" page's own link (Django's
    password-reset token), so it stops working once used, or after ``PASSWORD_RESET_TIMEOUT``."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def send_invitation(user: User, *, invited_by: Any = None, attempts: int = 3) -> None:
    """Tell ``user`` they have a Rapport account and how to choose their password."""
    context = {
        "user": user,
        "invited_by": invited_by,
        "url": set_password_url(user),
        "login_url": f"{settings.SITE_URL}{reverse('accounts:login')}",
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    # In the colleague's own console language, whoever sends it.
    with override(user.language):
        subject = " ".join(
            render_to_string("accounts/email/invitation_subject.txt", context).split()
        )
        body = render_to_string("accounts/email/invitation.txt", context)
        html = render_to_string("accounts/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[user.email])
    message.attach_alternative(html, "text/html")
    for attempt in range(attempts):
        try:
            message.send()
            return
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(2**attempt)
