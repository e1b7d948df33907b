"""The survey pages a customer stakeholder reaches from an email: no login, minimal, in their
language. A GET never records anything (mail scanners follow links); only a POST from the page,
with its CSRF token, records answers. Each request runs a small fixed number of queries."""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from rapport.feedback import services
from rapport.feedback.emails import OPT_OUT_SALT
from rapport.feedback.i18n import mode_note, strings, supported
from rapport.feedback.models import QuestionKind, Response, SuppressionReason
from rapport.feedback.services.responses import ANSWERABLE


def _status_page(request: HttpRequest, language: str, kind: str, status: int) -> HttpResponse:
    s = strings(language)
    return render(
        request,
        "survey/status.html",
        {
            "s": s,
            "language": supported(language),
            "title": s[f"{kind}_title"],
            "body": s[f"{kind}_body"],
        },
        status=status,
    )


def _existing_response(invitation) -> Response | None:
    try:
        return invitation.response
    except Response.DoesNotExist:
        return None


def _questions(cycle, language: str) -> list[dict]:
    rows = []
    for q in cycle.question_set.questions.all():
        text = q.text_for(language)
        anchors = text.get("anchors", {})
        rows.append(
            {
                "code": q.code,
                "kind": q.kind,
                "text": text.get("text", q.code),
                "low": text.get("low", ""),
                "high": text.get("high", ""),
                "values": [
                    (v, anchors.get(str(v), "")) for v in range(q.scale_min, q.scale_max + 1)
                ]
                if q.kind == QuestionKind.SCALE
                else [],
                "required": q.required,
            }
        )
        row = rows[-1]
        # One row on a desktop; on a phone, rows of at most half the scale (1–10 as 5 + 5).
        row["anchored"] = any(anchor for _v, anchor in row["values"])
        count = len(row["values"])
        row["phone_columns"] = count if count <= 6 else (count + 1) // 2
    return rows


@never_cache
@csrf_protect
def survey(request: HttpRequest, token: str) -> HttpResponse:
    link = services.find_link(token)
    language = request.GET.get("lang", "en")
    if link is None:
        return _status_page(request, language, "invalid", 404)
    invitation = link.invitation
    cycle = invitation.cycle
    language = supported(invitation.language)
    s = strings(language)
    if cycle.state not in ANSWERABLE:
        return _status_page(request, language, "closed", 410)
    if timezone.now() >= invitation.expires_at:
        return _status_page(request, language, "expired", 410)
    existing = None if cycle.is_anonymous else _existing_response(invitation)
    if cycle.is_anonymous and invitation.used:
        return _status_page(request, language, "used", 410)
    questions = _questions(cycle, language)
    values = dict(existing.scores) if existing else {}
    comment = existing.comment if existing else ""
    error = ""
    saved = False
    if request.method == "POST":
        complete = request.POST.get("action") != "save"
        values = {
            q["code"]: request.POST.get(f"q_{q['code']}", "")
            for q in questions
            if q["kind"] == QuestionKind.SCALE
        }
        values = {k: v for k, v in values.items() if v not in ("", "skip")}
        text_codes = [q["code"] for q in questions if q["kind"] == QuestionKind.TEXT]
        comment = "\n".join(request.POST.get(f"q_{c}", "") for c in text_codes).strip()
        try:
            services.submit_response(invitation, values, comment=comment, complete=complete)
        except services.SurveyClosed as exc:
            return _status_page(request, language, exc.code or "closed", 410)
        except ValidationError as exc:
            error = s["required_overall"] if exc.code == "required" else " ".join(exc.messages)
        else:
            if complete:
                return redirect("survey:thanks", language)
            saved = True
        values = {k: int(v) for k, v in values.items() if str(v).lstrip("-").isdigit()}
    for q in questions:
        selected = values.get(q["code"])
        q["selected"] = int(selected) if str(selected).lstrip("-").isdigit() else None
    return render(
        request,
        "survey/form.html",
        {
            "s": s,
            "language": language,
            "title": s["survey_title"].format(project=cycle.project.name),
            # What the mode guarantees: who sees what, from how many answers.
            "note": mode_note(s, cycle.confidentiality),
            "questions": questions,
            "values": values,
            "comment": comment,
            "error": error,
            "saved": s["saved"].format(deadline=cycle.deadline) if saved else "",
            "can_save": not cycle.is_anonymous,
        },
        status=400 if error else 200,
    )


def thanks(request: HttpRequest, language: str) -> HttpResponse:
    language = supported(language)
    s = strings(language)
    return render(
        request,
        "survey/status.html",
        {"s": s, "language": language, "title": s["thanks_title"], "body": s["thanks_body"]},
    )


@never_cache
@csrf_protect
def confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """'Did this fix your issue?' — from the signed link in the closing summary."""
    action = services.action_from_confirm_token(signed)
    if action is None:
        return _status_page(request, "en", "invalid", 404)
    language = supported(action.project.customer.language)
    s = strings(language)
    done = action.customer_confirmed_at is not None
    if request.method == "POST":
        services.confirm_action_fixed(action)
        done = True
    return render(
        request,
        "survey/confirm.html",
        {"s": s, "language": language, "action": action, "done": done},
    )


@never_cache
@csrf_protect
def opt_out(request: HttpRequest, signed: str) -> HttpResponse:
    try:
        email = signing.loads(signed, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return _status_page(request, "en", "invalid", 404)
    s = strings("en")
    done = False
    if request.method == "POST":
        services.record_suppression(email, SuppressionReason.OPT_OUT, by="stakeholder")
        done = True
    return render(request, "survey/opt_out.html", {"s": s, "language": "en", "done": done})
