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
from django.utils.translation import override

from rapport.accounts.models import User


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
    subject = " ".join(render_to_string("accounts/email/invitation_subject.txt", context).split())
    # In the colleague's own console language, whoever sends it.
    with override(user.language):
        html = render_to_string("accounts/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("accounts/email/invitation.txt", context),
        to=[user.email],
    )
    message.attach_alternative(html, "text/html")
    for attempt in range(attempts):
        try:
            message.send()
            return
        except OSError:
            if attempt == attempts - 1:
                raise
            time.sleep(2**attempt)
