from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from rapport.accounts import services
from rapport.accounts.models import APIToken


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page: role, and API tokens for scripts."""
    new_token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            name = request.POST.get("name", "").strip()[:100]
            if not name:
                messages.error(request, "Give the token a name, e.g. the script that will use it.")
            else:
                _, new_token = services.issue_api_token(request.user, name=name, by=request.user)
        elif action == "revoke":
            token = APIToken.objects.filter(
                user=request.user, pk=request.POST.get("token"), revoked_at__isnull=True
            ).first()
            if token:
                services.revoke_api_token(token, by=request.user)
                messages.success(request, f"Token “{token.name}” revoked.")
            return redirect("accounts:profile")
    tokens = APIToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(request, "accounts/profile.html", {"tokens": tokens, "new_token": new_token})
