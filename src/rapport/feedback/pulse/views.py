"""The pulse pages in the console (PMO roles): every round with its figures, one round, and
the buttons to open a round for a customer now and to close one. Thin: the permission layer
decides, the services change things, ``figures`` computes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from rapport.accounts.permissions import can_run_pulse, visible_customers
from rapport.console.forms import TextRules
from rapport.console.pagination import paginate, query_without_page
from rapport.feedback.pulse import services
from rapport.feedback.pulse.figures import round_figures
from rapport.feedback.pulse.models import PulseRound, PulseState

if TYPE_CHECKING:
    from rapport.customers.models import Customer


class OpenPulseForm(TextRules, forms.Form):
    customer: forms.ModelChoiceField[Customer] = forms.ModelChoiceField(
        queryset=None, empty_label=gettext_lazy("Choose a customer"), label=gettext_lazy("Customer")
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["customer"]).queryset = visible_customers(
            user
        ).order_by("name")


def _require(request: HttpRequest) -> None:
    if not can_run_pulse(request.user):
        raise PermissionDenied(gettext("The service pulse is for the PMO."))


def _with_counts(rounds: QuerySet[PulseRound]) -> QuerySet[PulseRound]:
    return rounds.annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("invitations", filter=Q(invitations__used=True), distinct=True),
    )


@login_required
def pulse_list(request: HttpRequest) -> HttpResponse:
    """Every round by customer and quarter, with its figures (closed rounds of at least k
    answers) or why they are hidden; open rounds show counts only."""
    _require(request)
    rounds = _with_counts(
        PulseRound.objects.filter(customer__in=visible_customers(request.user)).select_related(
            "customer"
        )
    ).order_by("-period", "customer__name", "pk")
    page = paginate(request, rounds)
    figures = round_figures(page)
    for r in page:
        r.figures = figures[r.pk]
    return render(
        request,
        "feedback/pulse/list.html",
        {
            "page": page,
            "query": query_without_page(request),
            "form": OpenPulseForm(user=request.user),
            "period": services.quarter_of(timezone.localdate()),
        },
    )


@login_required
def pulse_round(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    round_ = get_object_or_404(
        _with_counts(PulseRound.objects.select_related("customer")),
        pk=pk,
        customer__in=visible_customers(request.user),
    )
    figures = round_figures([round_])[round_.pk]
    return render(
        request,
        "feedback/pulse/round.html",
        {"round": round_, "figures": figures, "can_close": round_.state != PulseState.CLOSED},
    )


@login_required
def pulse_open(request: HttpRequest) -> HttpResponse:
    _require(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = OpenPulseForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, gettext("Choose a customer to ask."))
        return redirect("feedback:pulse")
    try:
        round_ = services.open_pulse_round(form.cleaned_data["customer"], by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("feedback:pulse")
    messages.success(
        request,
        gettext(
            "Pulse %(period)s opened for %(customer)s: %(n)s invitation emails are in the outbox."
        )
        % {
            "period": round_.period,
            "customer": round_.customer.name,
            "n": round_.invitations.count(),
        },
    )
    return redirect(round_)


@login_required
def pulse_close(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    round_ = get_object_or_404(PulseRound, pk=pk, customer__in=visible_customers(request.user))
    try:
        services.close_pulse_round(round_, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, gettext("Pulse closed: its links no longer record answers."))
    return redirect(round_)
