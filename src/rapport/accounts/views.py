from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rapport.accounts import services
from rapport.accounts.forms import InviteForm, RoleForm
from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.models import APIToken, ConsoleLanguage, Role, User
from rapport.accounts.permissions import Capability, require_capability


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    """The signed-in user's own page: role, and API tokens for scripts."""
    new_token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "language":
            try:
                services.set_console_language(
                    request.user, request.POST.get("language", ""), by=request.user
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("accounts:profile")
        if action == "emails":
            services.set_email_preferences(
                request.user,
                by=request.user,
                **{name: request.POST.get(name) == "on" for name in services.EMAIL_CHOICES},
            )
            messages.success(request, _("Your email choices are saved."))
            return redirect("accounts:profile")
        if action == "issue":
            name = request.POST.get("name", "").strip()[:100]
            if not name:
                messages.error(
                    request, _("Give the token a name, e.g. the script that will use it.")
                )
            else:
                _token, new_token = services.issue_api_token(
                    request.user, name=name, by=request.user
                )
        elif action == "revoke":
            # A stale or altered form may send no id or a word: no such token, nothing revoked.
            chosen = request.POST.get("token", "")
            token = (
                APIToken.objects.filter(
                    user=request.user, pk=int(chosen), revoked_at__isnull=True
                ).first()
                if chosen.isascii() and chosen.isdigit() and len(chosen) <= 18
                else None
            )
            if token:
                services.revoke_api_token(token, by=request.user)
                messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
            return redirect("accounts:profile")
    tokens = APIToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(
        request,
        "accounts/profile.html",
        {
            "tokens": tokens,
            "new_token": new_token,
            "two_factor": services.has_two_factor(request.user),
            "languages": ConsoleLanguage.choices,
        },
    )


def _people_page(request: HttpRequest, invite_form: InviteForm, status: int = 200) -> HttpResponse:
    people = User.objects.order_by("-is_active", "full_name", "email")
    locked, two_factor, sso = services.sign_in_flags()
    for person in people:
        person.locked_out = person.email in locked  # type: ignore[attr-defined]
        person.two_factor = person.pk in two_factor  # type: ignore[attr-defined]
        person.sso = person.pk in sso  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/people.html",
        {
            "people": people,
            "invite_form": invite_form,
            "roles": Role.choices,
            "leads_active": sum(1 for p in people if p.is_active and p.role == Role.PMO_LEAD),
        },
        status=status,
    )


@require_capability(Capability.MANAGE_PEOPLE)
def people(request: HttpRequest) -> HttpResponse:
    """The PMO lead's list of everyone with a console login: role, state, and what to change."""
    initial = {"role": request.GET["role"]} if request.GET.get("role") in Role.values else None
    return _people_page(request, InviteForm(initial=initial))


@require_capability(Capability.MANAGE_PEOPLE)
@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            user = services.invite_user(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(person)s invited as %(role)s: a set-password link is on its way.")
                % {"person": user, "role": user.role_label},
            )
            return redirect("people:list")
    return _people_page(request, form, status=400)


def _change(
    request: HttpRequest, pk: int, change: Callable[[User], Any], done: str, **params: Any
) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    try:
        change(person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"person": person, **params})
    return redirect("people:list")


@require_capability(Capability.MANAGE_PEOPLE)
@require_POST
def person_role(request: HttpRequest, pk: int) -> HttpResponse:
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the four roles."))
        return redirect("people:list")
    role = form.cleaned_data["role"]
    return _change(
        request,
        pk,
        lambda person: services.change_role(person, role, by=request.user),
        _("%(person)s is now %(role)s."),
        role=Role(role).label,
    )


@require_capability(Capability.MANAGE_PEOPLE)
@require_POST
def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        lambda person: services.deactivate_user(person, by=request.user),
        _("%(person)s can no longer sign in. Their history stays."),
    )


@require_capability(Capability.MANAGE_PEOPLE)
@require_POST
def person_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        lambda person: services.reactivate_user(person, by=request.user),
        _("%(person)s can sign in again."),
    )


@require_capability(Capability.MANAGE_PEOPLE)
@require_POST
def person_resend(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        lambda person: services.resend_invitation(person, by=request.user),
        _("A new set-password link is on its way to %(person)s."),
    )


@require_capability(Capability.MANAGE_PEOPLE)
@require_POST
def person_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        lambda person: services.unlock_sign_in(person, by=request.user),
        _("%(person)s can sign in again: the lock after failed sign-ins is lifted."),
    )


@require_capability(Capability.MANAGE_PEOPLE)
@require_POST
def person_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        lambda person: services.disable_two_factor(person, by=request.user),
        _(
            "%(person)s's authenticator and recovery codes are removed; "
            "they set up a new one when they next sign in."
        ),
    )
