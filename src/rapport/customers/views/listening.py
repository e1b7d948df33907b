"""Listening sessions, the value statements drawn from them, and the PMO's question prompts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.permissions import (
    Capability,
    can_manage_customers,
    require_capability,
    visible_listening_sessions,
)
from rapport.console.forms import focus_first_error
from rapport.console.pagination import paginate
from rapport.customers import services
from rapport.customers.forms import ListeningQuestionForm, ListeningSessionForm, ValueStatementForm
from rapport.customers.models import ListeningQuestion, ListeningSession
from rapport.customers.views.common import customer_for, save


@login_required
def session_list(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(request, pk)
    sessions = (
        visible_listening_sessions(request.user)
        .filter(customer=customer)
        .prefetch_related("attendees", "value_statements")
        .order_by("-held_on", "-pk")
    )
    return render(
        request,
        "customers/sessions.html",
        {
            "customer": customer,
            "page": paginate(request, sessions),
            "can_manage": can_manage_customers(request.user),
        },
    )


def _session(request: HttpRequest, pk: int, sid: int) -> ListeningSession:
    customer = customer_for(request, pk)
    session = get_object_or_404(ListeningSession, pk=sid, customer=customer)
    if not visible_listening_sessions(request.user).filter(pk=session.pk).exists():
        raise PermissionDenied(gettext("These listening notes are private."))
    return session


@login_required
def session_detail(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    return _session_page(request, _session(request, pk, sid), ValueStatementForm())


def _session_page(
    request: HttpRequest,
    session: ListeningSession,
    value_form: ValueStatementForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "customers/session_detail.html",
        {
            "customer": session.customer,
            "session": session,
            "values": session.value_statements.all(),
            "value_form": value_form,
            "can_manage": can_manage_customers(request.user),
        },
        status=status,
    )


def _prompts() -> QuerySet[ListeningQuestion]:
    return ListeningQuestion.objects.filter(is_active=True)


@require_capability(Capability.MANAGE_CUSTOMERS)
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    customer = customer_for(request, pk)
    form = ListeningSessionForm(request.POST or None, customer=customer)
    if request.method == "POST":
        session = save(
            form,
            lambda data: services.create_listening_session(customer, by=request.user, **data),
        )
        if session:
            messages.success(
                request, gettext("Listening session recorded. Now note what they value.")
            )
            return redirect(session)
    return render(
        request,
        "customers/session_form.html",
        {"form": form, "customer": customer, "session": None, "prompts": _prompts()},
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
def session_edit(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    session = _session(request, pk, sid)
    form = ListeningSessionForm(
        request.POST or None,
        instance=ListeningSession.objects.get(pk=sid),
        customer=session.customer,
    )
    if request.method == "POST" and save(
        form, lambda data: services.update_listening_session(session, by=request.user, **data)
    ):
        messages.success(request, gettext("Changes saved."))
        return redirect(session)
    return render(
        request,
        "customers/session_form.html",
        {"form": form, "customer": session.customer, "session": session, "prompts": _prompts()},
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
@require_POST
def value_add(request: AuthenticatedRequest, pk: int, sid: int) -> HttpResponse:
    """Add a value statement; with htmx, answer with the refreshed list only. A refused one
    comes back in the form as it was sent: in the list with htmx (200, so htmx swaps it in),
    in the whole page without (400)."""
    session = _session(request, pk, sid)
    form = ValueStatementForm(request.POST)
    added = save(form, lambda data: services.add_value_statement(session, by=request.user, **data))
    if request.htmx:
        return render(
            request,
            "customers/_values.html",
            {
                "customer": session.customer,
                "session": session,
                "values": session.value_statements.all(),
                "value_form": ValueStatementForm() if added else form,
                "can_manage": True,
            },
        )
    if not added:
        focus_first_error(form)
        return _session_page(request, session, form, status=400)
    messages.success(request, gettext("Value statement added."))
    return redirect(session)


@require_capability(Capability.MANAGE_CUSTOMERS)
def question_list(request: HttpRequest) -> HttpResponse:
    form = ListeningQuestionForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and save(
        form,
        lambda data: services.create_listening_question(
            by=request.user, **{k: v for k, v in data.items() if k != "is_active"}
        ),
    ):
        messages.success(request, gettext("Question added."))
        return redirect("customers:questions")
    return render(
        request,
        "customers/questions.html",
        {"page": paginate(request, ListeningQuestion.objects.all()), "form": form},
    )


@require_capability(Capability.MANAGE_CUSTOMERS)
def question_edit(request: HttpRequest, qid: int) -> HttpResponse:
    question = get_object_or_404(ListeningQuestion, pk=qid)
    form = ListeningQuestionForm(
        request.POST or None, instance=ListeningQuestion.objects.get(pk=qid)
    )
    if request.method == "POST" and save(
        form, lambda data: services.update_listening_question(question, by=request.user, **data)
    ):
        messages.success(request, gettext("Question saved."))
        return redirect("customers:questions")
    return render(request, "customers/question_form.html", {"form": form, "question": question})
