"""The survey pages a customer stakeholder reaches from an email: no login, minimal, in their
language. A GET never records anything (mail scanners follow links); only a POST from the page,
with its CSRF token, records answers.

The survey page is the respondent's fast path (docs/architecture.md, "The respondent's fast
path"): a GET is one indexed query (``find_link``) and a page prepared once per question set and
language (``survey_markup``), in which a request only fills in its own values; an answer reads
and locks its link in the same query (``submit_survey``).

The survey page is gzip-compressed (12 KB to under 2 KB). BREACH does not apply in a way that
matters: the only secret on it is the CSRF token, which Django masks afresh in every response,
and Django's gzip adds random bytes to every compressed response; the rest (questions, project
name, one's own answers) is no secret to the person reading it. Console pages, which show
secrets next to text a request can choose, are not compressed.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.gzip import gzip_page

from rapport.feedback import services
from rapport.feedback.emails import OPT_OUT_SALT
from rapport.feedback.models import SuppressionReason
from rapport.feedback.services.responses import ANSWERABLE, split_answers
from rapport.feedback.survey_markup import questions_of, survey_page
from rapport.feedback.words import choose, mode_note, strings, switcher, text_error
from rapport.languages import local_date


def _status_page(request: HttpRequest, stored: str | None, kind: str, status: int) -> HttpResponse:
    """A page saying why the link does not work, in the language ``choose`` picks."""
    language = choose(request, stored)
    s = strings(language)
    return render(
        request,
        "survey/status.html",
        {
            "s": s,
            "language": language,
            "languages": switcher(language),
            "title": s[f"{kind}_title"],
            "body": s[f"{kind}_body"],
        },
        status=status,
    )


def _why_closed(link: services.SurveyLink) -> str:
    """Why this link cannot take answers any more, or ""."""
    if link.state not in ANSWERABLE:
        return "closed"
    if timezone.now() >= link.expires_at:
        return "expired"
    if link.is_anonymous and link.used:
        return "used"
    return ""


def _form(
    request: HttpRequest,
    link: services.SurveyLink,
    *,
    values: dict[str, int],
    comment: str,
    error: str = "",
    saved: bool = False,
) -> HttpResponse:
    language = choose(request, link.language)
    s = strings(language)
    page = survey_page(
        link.question_set_id,
        language,
        anonymous=link.is_anonymous,
        variant="error" if error else "saved" if saved else "",
    )
    message = error or (s["saved"].format(deadline=_date(link.deadline, language)) if saved else "")
    html = page.fill(
        {
            "title": escape(s["survey_title"].format(project=link.project_name)),
            # What the mode guarantees: who sees what, from how many answers.
            "note": escape(mode_note(s, link.confidentiality)),
            "csrf": escape(get_token(request)),
            "message": escape(message),
            "comment": escape(comment),
        },
        values,
    )
    return HttpResponse(html, status=400 if error else 200)


@gzip_page
@never_cache
@csrf_protect
def survey(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        return _answer(request, token)
    link = services.find_link(token)
    if link is None:
        return _status_page(request, None, "invalid", 404)
    problem = _why_closed(link)
    if problem:
        return _status_page(request, link.language, problem, 410)
    if link.is_anonymous:  # nothing is kept to resume: the answers are sent in one go
        return _form(request, link, values={}, comment="")
    return _form(
        request, link, values=dict(link.response_scores or {}), comment=link.response_comment or ""
    )


def _answer(request: HttpRequest, token: str) -> HttpResponse:
    """The page's POST: record the answers, then thank (or, after "save", show them again)."""
    complete = request.POST.get("action") != "save"
    # QueryDict.items() gives each key's last value, a str (its stubs say str | list).
    answers: dict[str, str] = {
        key[2:]: value  # type: ignore[misc]
        for key, value in request.POST.items()
        if key.startswith("q_")
    }
    try:
        link, _response = services.submit_survey(token, answers, complete=complete)
    except services.LinkNotFound:
        return _status_page(request, None, "invalid", 404)
    except services.SurveyClosed as exc:
        found = services.find_link(token)
        return _status_page(request, found.language if found else None, exc.code or "closed", 410)
    except ValidationError as exc:
        found = services.find_link(token)
        if found is None:
            return _status_page(request, None, "invalid", 404)
        s = strings(choose(request, found.language))
        error = (
            s["required_overall"]
            if exc.code == "required"
            else text_error(s, exc) or " ".join(exc.messages)
        )
        return _shown_again(request, found, answers, error=error)
    if complete:
        return redirect("survey:thanks", choose(request, link.language))
    return _shown_again(request, link, answers, saved=True)


def _shown_again(
    request: HttpRequest, link: services.SurveyLink, answers: dict[str, str], **kwargs: Any
) -> HttpResponse:
    """The form with the answers just sent (after "save", or with what to fix)."""
    scores, comment = split_answers(questions_of(link.question_set_id), answers)
    values = {code: int(v) for code, v in scores.items() if v.lstrip("-").isdigit()}
    return _form(request, link, values=values, comment=comment, **kwargs)


def thanks(request: HttpRequest, language: str) -> HttpResponse:
    return HttpResponse(_thanks_page(choose(request, language)))


@lru_cache(maxsize=16)
def _thanks_page(language: str) -> str:
    """The same page for everyone in a language (nothing personal, no form): rendered once."""
    s = strings(language)
    return render_to_string(
        "survey/status.html",
        {
            "s": s,
            "language": language,
            "languages": switcher(language),
            "title": s["thanks_title"],
            "body": s["thanks_body"],
        },
    )


def _date(value: date | str | None, language: str) -> str:
    """A date as people write it in ``language`` ("21 mai 2026"); text is kept as it is."""
    if not isinstance(value, date):
        return value or ""
    return local_date(value, language)


@never_cache
@csrf_protect
def confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """'Did this fix your issue?' — from the signed link in the closing summary."""
    action = services.action_from_confirm_token(signed)
    if action is None:
        return _status_page(request, None, "invalid", 404)
    language = choose(request, action.project.customer.language)
    s = strings(language)
    done = action.customer_confirmed_at is not None
    if request.method == "POST":
        services.confirm_action_fixed(action)
        done = True
    return render(
        request,
        "survey/confirm.html",
        {
            "s": s,
            "language": language,
            "languages": switcher(language),
            "action": action,
            "done": done,
        },
    )


@never_cache
@csrf_protect
def opt_out(request: HttpRequest, signed: str) -> HttpResponse:
    try:
        email = signing.loads(signed, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return _status_page(request, None, "invalid", 404)
    language = choose(request, _language_of_email(email))
    s = strings(language)
    done = False
    if request.method == "POST":
        services.record_suppression(email, SuppressionReason.OPT_OUT, by="stakeholder")
        done = True
    return render(
        request,
        "survey/opt_out.html",
        {"s": s, "language": language, "languages": switcher(language), "done": done},
    )


def _language_of_email(email: str) -> str | None:
    """The language of the stakeholder with this address (the first one, if several), or of
    their customer; None if nobody has it (then the browser's)."""
    from rapport.customers.models import Stakeholder

    found = (
        Stakeholder.objects.filter(email__iexact=email)
        .order_by("pk")
        .values_list("language", "customer__language")
        .first()
    )
    if found is None:
        return None
    return found[0] or found[1] or None
