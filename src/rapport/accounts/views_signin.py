"""Signing in: the password step, the second-factor step, and setting up an authenticator.

The password form stays at ``/accounts/login/`` with its fields ``username`` and ``password``.
Someone with two-factor sign-in is not signed in by the password alone: the session remembers
who passed the password step for a few minutes, and ``verify`` signs them in once a code from
their authenticator (or a recovery code) matches.
"""

from __future__ import annotations

import io
import time
from base64 import b32encode
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from rapport.accounts import services, twofactor
from rapport.accounts.models import User

PENDING_KEY = "rapport_2fa_pending"
PENDING_SECONDS = 5 * 60
MAX_CODE_FAILURES = 5


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Authentication code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class SignInView(LoginView):
    """Django's sign-in form; for people with two-factor sign-in, the password step only."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = AuthenticationForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not services.has_two_factor(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "until": time.time() + PENDING_SECONDS,
            "failures": 0,
        }
        return redirect("accounts:verify")


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_KEY)
    if not pending or pending["until"] < time.time():
        request.session.pop(PENDING_KEY, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user is not None else None


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponseBase:
    """The second step: a code from the authenticator app, or one recovery code."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    found = _pending(request)
    if found is None:
        messages.info(request, _("Sign in with your email address and password first."))
        return redirect("accounts:login")
    user, pending = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.verify_second_factor(user, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            del request.session[PENDING_KEY]
            user.backend = pending["backend"]
            user.otp_device = device  # type: ignore[attr-defined]
            login(request, user)
            otp_login(request, device)
            return redirect(pending["next"])
        pending["failures"] += 1
        if pending["failures"] >= MAX_CODE_FAILURES:
            del request.session[PENDING_KEY]
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("accounts:login")
        request.session[PENDING_KEY] = pending
    return render(
        request, "accounts/verify.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (QR code, then a code to confirm), renew recovery codes, or
    turn two-factor sign-in off (not for a role that must use it)."""
    user: User = request.user  # type: ignore[assignment]
    required = user.role in settings.RAPPORT_REQUIRE_2FA
    action = request.POST.get("action") if request.method == "POST" else None
    form = CodeForm(request.POST if action == "confirm" else None)
    codes: list[str] | None = None
    try:
        if action == "start":
            services.start_totp(user)
        elif action == "confirm" and form.is_valid():
            device, codes = services.confirm_totp(user, form.cleaned_data["code"], by=user)
            otp_login(request, device)
            twofactor.mark(request, twofactor.VERIFIED)
        elif action == "renew":
            codes = services.renew_recovery_codes(user, by=user)
        elif action == "disable" and not required:
            services.disable_two_factor(user, by=user)
            twofactor.mark(request, twofactor.NONE)
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("accounts:two_factor")
    except ValidationError as exc:
        if action == "confirm":
            form.add_error("code", exc)
        else:
            messages.error(request, " ".join(exc.messages))
    pending = services.pending_totp(user)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": services.has_two_factor(user),
            "required": required,
            "pending": pending,
            "secret": _base32(pending.bin_key) if pending else "",
            "form": form,
            "codes": codes,
        },
        status=400 if form.errors else 200,
    )


def _base32(key: bytes) -> str:
    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
@never_cache
def two_factor_qr(request: HttpRequest) -> HttpResponse:
    """The pending authenticator's key as a QR code (SVG, drawn on the server, no script)."""
    device = services.pending_totp(request.user)  # type: ignore[arg-type]
    if device is None:
        return HttpResponse(status=404)
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' answer to a locked-out sign-in: 429 and what to do about it."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
