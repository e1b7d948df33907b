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
from django.utils.translation import gettext, override
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from rapport.languages import choose, switcher
from rapport.roadmap import texts
from rapport.roadmap.models import CustomerInput, InputKind, InputStatus, ShareLink
from rapport.roadmap.services import sharing
from rapport.roadmap.views.items import timeline_for


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    language = choose(request)
    with override(language):
        return render(
            request,
            "roadmap/public/refused.html",
            {
                "message": texts.LINK_REFUSED[reason],
                "reason": reason,
                "language": language,
                "languages": switcher(language),
            },
            status=410 if reason in ("expired", "revoked") else 404,
        )


@never_cache
@require_http_methods(["GET", "POST"])
def show(request: HttpRequest, token: str) -> HttpResponse:
    """The page, in the language of the stakeholder it was shared with (else the customer's,
    else the browser's; ``?lang=`` from the switcher first)."""
    try:
        link = sharing.resolve_share_token(token)
    except sharing.LinkRefused as exc:
        return _refused(request, exc.reason)
    reader = link.stakeholder.language if link.stakeholder else ""
    language = choose(request, reader or link.customer.language)
    with override(language):
        return _show(request, link, language)


def _show(request: HttpRequest, link: ShareLink, language: str) -> HttpResponse:
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
                raise ValidationError(gettext("You can add a note or mark what matters most."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, str(message))
        else:
            messages.success(request, str(texts.PUBLIC_THANKS))
        return redirect(request.get_full_path())
    items = list(sharing.public_items(link).order_by("position", "pk"))
    for item in items:
        item.public_status = texts.PUBLIC_STATUS.get(item.status, "")  # type: ignore[attr-defined]
        item.public_outcome = item.outcome_in(language)  # type: ignore[attr-defined]
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
            "language": language,
            "languages": switcher(language),
            "timeline": timeline_for(
                items, title=gettext("Plan for {name}").format(name=link.customer.name)
            )
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
