"""Readiness pages: the six-barrier self-assessment, its remedies, and the no-ranking pledge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rapport.accounts.permissions import (
    Capability,
    has_capability,
    require_capability,
    visible_customers,
)
from rapport.console.pagination import paginate
from rapport.console.shortcuts import back_to
from rapport.languages import active_language, local_date
from rapport.readiness import services
from rapport.readiness.barriers import (
    ACTIVE_AT,
    BARRIERS,
    active_barriers,
    movement,
    radar_svg,
    sparkline_svg,
)
from rapport.readiness.forms import AssessmentForm, ConfidentialForm, PledgeForm, QuickChannelForm
from rapport.readiness.models import Assessment
from rapport.readiness.texts import DEFAULT_PLEDGE

HISTORY_COLUMNS = 8


def _result_context(
    request: HttpRequest, assessment: Assessment, previous: Assessment | None
) -> dict[str, Any]:
    scores = assessment.scores
    before = previous.scores if previous else None
    customers = visible_customers(request.user).order_by("name")
    taken_on = local_date(assessment.taken_on, active_language())
    if previous:
        title = _("Barrier scores on %(date)s, dashed: %(previous)s") % {
            "date": taken_on,
            "previous": local_date(previous.taken_on, active_language()),
        }
    else:
        title = _("Barrier scores on %(date)s") % {"date": taken_on}
    return {
        "assessment": assessment,
        "previous": previous,
        # Built by radar_svg from our own numbers and labels, every text escaped there.
        "radar": mark_safe(radar_svg(scores, previous=before, title=title)),  # noqa: S308
        "rows": [
            {
                "barrier": b,
                "score": scores[b.key],
                "before": before[b.key] if before else None,
                "active": scores[b.key] >= ACTIVE_AT,
            }
            for b in BARRIERS
        ],
        "active": active_barriers(scores),
        "active_at": ACTIVE_AT,
        "can_act": has_capability(request.user, Capability.MANAGE_CUSTOMERS),
        "channel_form": QuickChannelForm(customers=customers, auto_id="channel_%s"),
        "confidential_form": ConfidentialForm(customers=customers, auto_id="confidential_%s"),
        "pledge": services.current_pledge(),
    }


@require_capability(Capability.VIEW_READINESS)
def index(request: HttpRequest) -> HttpResponse:
    recent = list(Assessment.objects.select_related("taken_by")[:HISTORY_COLUMNS])
    context: dict = {"assessment": None}
    if recent:
        context.update(_result_context(request, recent[0], recent[1] if len(recent) > 1 else None))
        oldest_first = list(reversed(recent))
        history = movement([a.scores for a in oldest_first])
        context["history_dates"] = [a.taken_on for a in oldest_first]
        context["history"] = [
            {
                "barrier": m.barrier,
                "scores": m.scores,
                "change": m.change,
                # Our own numbers and labels, escaped by sparkline_svg.
                "spark": mark_safe(sparkline_svg(m.scores, label=str(m.barrier.name))),  # noqa: S308
            }
            for m in history
        ]
    return render(request, "readiness/index.html", context)


@require_capability(Capability.VIEW_READINESS)
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = Assessment.objects.select_related("taken_by").order_by("-taken_on", "-pk")
    page = paginate(request, assessments)
    rows = [
        {"a": a, "active": [str(b.name) for b in active_barriers(a.scores)]}
        for a in page.object_list
    ]
    return render(request, "readiness/assessment_list.html", {"page": page, "rows": rows})


@require_capability(Capability.VIEW_READINESS)
def assess(request: HttpRequest) -> HttpResponse:
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.record_assessment(
                form.ratings(),
                by=request.user,
                taken_on=form.cleaned_data["taken_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Assessment saved. Here is what it shows."))
            return redirect(assessment)
    return render(request, "readiness/assess.html", {"form": form})


@require_capability(Capability.VIEW_READINESS)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment.objects.select_related("taken_by"), pk=pk)
    previous = (
        Assessment.objects.filter(taken_on__lte=assessment.taken_on)
        .exclude(pk=assessment.pk)
        .exclude(taken_on=assessment.taken_on, pk__gt=assessment.pk)
        .order_by("-taken_on", "-pk")
        .first()
    )
    return render(
        request, "readiness/assessment_detail.html", _result_context(request, assessment, previous)
    )


def _back(request: HttpRequest) -> HttpResponse:
    return back_to(request, "readiness:index")


@require_capability(Capability.MANAGE_CUSTOMERS)
@require_POST
def remedy_channel(request: HttpRequest) -> HttpResponse:
    form = QuickChannelForm(request.POST, customers=visible_customers(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a customer and the call or the email survey."))
        return _back(request)
    customer = form.cleaned_data["customer"]
    try:
        services.set_quick_channel(customer, form.cleaned_data["channel"], by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        customer.refresh_from_db()
        messages.success(
            request,
            _("%(customer)s now reviews by %(channel)s.")
            % {
                "customer": customer.name,
                "channel": customer.get_preferred_channel_display().lower(),
            },
        )
    return _back(request)


@require_capability(Capability.MANAGE_CUSTOMERS)
@require_POST
def remedy_confidential(request: HttpRequest) -> HttpResponse:
    form = ConfidentialForm(request.POST, customers=visible_customers(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a customer."))
        return _back(request)
    customer = form.cleaned_data["customer"]
    services.switch_to_confidential(customer, by=request.user)
    messages.success(
        request, _("%(customer)s’s feedback is now confidential.") % {"customer": customer.name}
    )
    return _back(request)


@login_required
def pledge(request: HttpRequest) -> HttpResponse:
    return _pledge_page(request)


def _pledge_page(
    request: HttpRequest, form: PledgeForm | None = None, status: int = 200
) -> HttpResponse:
    """The pledge as signed, and for the PMO lead the form to sign a version: a refused one comes
    back as it was sent (400), so the text being drafted is not lost."""
    current = services.current_pledge()
    can_sign = has_capability(request.user, Capability.MANAGE_PMO)
    if form is None:
        form = PledgeForm(initial={"text": current.text if current else _(DEFAULT_PLEDGE)})
    return render(
        request,
        "readiness/pledge.html",
        {"pledge": current, "can_sign": can_sign, "form": form if can_sign else None},
        status=status,
    )


@require_capability(Capability.MANAGE_PMO)
@require_POST
def pledge_sign(request: HttpRequest) -> HttpResponse:
    form = PledgeForm(request.POST)
    if form.is_valid():
        try:
            signed = services.sign_pledge(form.cleaned_data["text"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Pledge version %(version)s signed. Everyone can read it now.")
                % {"version": signed.version},
            )
            return redirect("pledge:show")
    else:
        messages.error(request, _("The pledge needs a text (at most 5,000 characters)."))
    return _pledge_page(request, form, status=400)
