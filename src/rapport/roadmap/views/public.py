"""The customer's read-only roadmap page: no login, a signed link, only comments and marks.

Shows what the customer needs (the step, its outcome in their words, when, how far along) and
nothing internal: no RICE inputs, no internal notes, no other customers.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from rapport.roadmap import texts
from rapport.roadmap.models import CustomerInput, InputKind, InputStatus
from rapport.roadmap.services import sharing
from rapport.roadmap.views.items import timeline_for


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request,
        "roadmap/public/refused.html",
        {"message": texts.LINK_REFUSED[reason], "reason": reason},
        status=410 if reason in ("expired", "revoked") else 404,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def show(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = sharing.resolve_share_token(token)
    except sharing.LinkRefused as exc:
        return _refused(request, exc.reason)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "comment":
                relief = request.POST.get("relief") or None
                sharing.add_customer_comment(
                    link,
                    request.POST.get("item"),
                    request.POST.get("text", ""),
                    relief=int(relief) if relief and relief.isdigit() else None,
                )
            elif action == "mark":
                sharing.mark_most_important(link, request.POST.getlist("important"))
            else:
                raise ValidationError("You can add a note or mark what matters most.")
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, texts.PUBLIC_THANKS)
        return redirect(request.path)
    items = list(sharing.public_items(link).order_by("position", "pk"))
    for item in items:
        item.public_status = texts.PUBLIC_STATUS.get(item.status, "")  # type: ignore[attr-defined]
    marked = set(
        CustomerInput.objects.filter(
            link=link, kind=InputKind.IMPORTANT, status=InputStatus.PENDING
        ).values_list("item_id", flat=True)
    )
    return render(
        request,
        "roadmap/public/roadmap.html",
        {
            "customer": link.customer,
            "link": link,
            "items": items,
            "marked": marked,
            "timeline": timeline_for(items, title=f"Plan for {link.customer.name}")
            if items
            else None,
            "today": timezone.localdate(),
            "intro": texts.PUBLIC_INTRO,
            "mark_help": texts.PUBLIC_MARK_HELP,
            "comment_help": texts.PUBLIC_COMMENT_HELP,
            "comment_max": sharing.MAX_COMMENT,
            "reliefs": range(1, 6),
        },
    )
