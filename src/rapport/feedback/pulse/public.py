"""The pulse survey page a stakeholder reaches from the email: no login, in their language.
A GET records nothing (mail scanners follow links); only the page's POST, with its CSRF token,
records answers. GET runs 2 queries (the invitation with its round, the services on offer)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from rapport.feedback.pulse import services
from rapport.feedback.pulse.models import EFFORT_RANGE, PRIORITIES_RANGE
from rapport.feedback.pulse.texts import note_for, pulse_strings
from rapport.feedback.services.responses import SurveyClosed
from rapport.feedback.words import choose, comment_hint, switcher, text_error


def _status(request: HttpRequest, stored: str | None, kind: str, status: int) -> HttpResponse:
    language = choose(request, stored)
    s = pulse_strings(language)
    body = s.get(f"pulse_{kind}_body") or s[f"{kind}_body"]
    title = s[f"{kind}_title"] if kind != "closed" else s["pulse_title"]
    return render(
        request,
        "survey/status.html",
        {
            "s": s,
            "language": language,
            "languages": switcher(language),
            "title": title,
            "body": body,
        },
        status=status,
    )


def _scale(bounds: tuple[int, int]) -> list[int]:
    return list(range(bounds[0], bounds[1] + 1))


@never_cache
@csrf_protect
def pulse(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_pulse_invitation(token)
    if invitation is None:
        return _status(request, None, "invalid", 404)
    language = choose(request, invitation.language or invitation.round.customer.language)
    s = pulse_strings(language)
    problem = services.why_closed(invitation, timezone.now())
    if problem:
        return _status(request, language, problem, 410)
    from rapport.catalog.models import Service
    from rapport.languages import pick_translation

    offered = list(
        Service.objects.filter(status__in=services.HELPFUL_STATUSES)
        .order_by("name")
        .values("pk", "name", "outcome", "outcome_translations")
    )
    for o in offered:  # the outcome in the stakeholder's language when the PMO translated it
        o["outcome"] = pick_translation(o["outcome"], o.pop("outcome_translations"), language)  # type: ignore[misc]  # a values() row is a plain dict
    values: dict = {"services": []}
    error = ""
    if request.method == "POST":
        values = {
            "priorities_served": request.POST.get("priorities_served", ""),
            "effort": request.POST.get("effort", ""),
            "services": request.POST.getlist("services"),
            "comment": request.POST.get("comment", ""),
        }
        try:
            services.record_pulse_response(
                token, values, allowed_services={o["pk"] for o in offered}
            )
        except SurveyClosed as exc:
            return _status(request, language, exc.code or "closed", 410)
        except ValidationError as exc:
            error = (
                s["pulse_required"]
                if exc.code == "required"
                else text_error(s, exc) or " ".join(exc.messages)
            )
        else:
            return redirect("survey:pulse_thanks", language)
    chosen = {str(v) for v in values.get("services", [])}
    return render(
        request,
        "survey/pulse.html",
        {
            "s": s,
            "language": language,
            "languages": switcher(language),
            "title": s["pulse_title"],
            "note": note_for(s, invitation.round.confidentiality),
            "priorities": _scale(PRIORITIES_RANGE),
            "effort": _scale(EFFORT_RANGE),
            "offered": [{**o, "checked": str(o["pk"]) in chosen} for o in offered],
            "values": values,
            "error": error,
            "comment_max": services.MAX_COMMENT,
            "comment_hint": comment_hint(s, language),
        },
        status=400 if error else 200,
    )


def thanks(request: HttpRequest, language: str) -> HttpResponse:
    language = choose(request, language)
    s = pulse_strings(language)
    return render(
        request,
        "survey/status.html",
        {
            "s": s,
            "language": language,
            "languages": switcher(language),
            "title": s["thanks_title"],
            "body": s["pulse_thanks_body"],
        },
    )
