"""Changes to a review from the console: plan, issues, actions, state moves, personal links.
Each calls a service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from rapport.accounts.permissions import (
    can_run_reviews,
    can_view_individual_responses,
    visible_projects,
)
from rapport.console.forms import focus_first_error
from rapport.console.shortcuts import back_to, get_visible
from rapport.feedback import emails, services
from rapport.feedback.forms import (
    ActionForm,
    ActionStatusForm,
    IssueForm,
    PlanCycleForm,
)
from rapport.feedback.models import (
    Action,
    CycleState,
    Invitation,
    ReviewCycle,
)
from rapport.feedback.views.common import _editable_cycle, action_owners
from rapport.feedback.views.cycle import cycle_page
from rapport.feedback.views.lists import timeline_page

if TYPE_CHECKING:
    from rapport.portfolio.models import Project


@login_required
@require_POST
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible(visible_projects(request.user).select_related("customer"), pk, "project")
    if not can_run_reviews(request.user, project):
        raise PermissionDenied(gettext("You may not run reviews on this project."))
    form = PlanCycleForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Give the month as YYYY-MM."))
        return _plan_refused(request, project, form)
    try:
        services.check_plan_ahead(form.cleaned_data["period"])
        cycle = services.plan_cycle(
            project,
            form.cleaned_data["period"],
            by=request.user,
            mode=form.cleaned_data["mode"] or None,
            confidentiality=form.cleaned_data["confidentiality"] or None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _plan_refused(request, project, form)
    messages.success(
        request,
        gettext("Review for %(period)s planned. Check the emails, then open it.")
        % {"period": cycle.period},
    )
    return redirect("feedback:open", cycle.pk)


def _plan_refused(request: HttpRequest, project: Project, form: PlanCycleForm) -> HttpResponse:
    """The timeline again with the month, mode and confidentiality as they were sent."""
    focus_first_error(form)
    return timeline_page(request, project, plan_form=form, status=400)


def _what_is_wrong(form: forms.Form) -> list[str]:
    """Each field's problem with its label ("Due: Enter a valid date."), as the message at the
    top of the page; the form, lower down, shows each beside its field."""
    return [
        f"{form.fields[name].label}: {problem}" if name in form.fields else str(problem)
        for name, problems in form.errors.items()
        for problem in problems
    ]


def _refused(
    request: HttpRequest, cycle: ReviewCycle, form: forms.Form, **page: Any
) -> HttpResponse:
    """The review page again with the refused form as it was sent, so nothing typed is lost."""
    messages.error(request, " ".join(_what_is_wrong(form)))
    focus_first_error(form)
    return cycle_page(request, cycle, status=400, **page)


@login_required
@require_POST
def add_issue(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _editable_cycle(request, pk)
    form = IssueForm(request.POST)
    response = None
    if request.POST.get("response"):
        try:
            response = cycle.responses.filter(pk=request.POST["response"]).first()
        except ValidationError:  # not a UUID
            response = None
        if response is None:
            form.add_error(None, gettext("That answer is not part of this review."))
        else:
            # Only answers this user may see individually can be linked to an issue, under the
            # answer's own level (an anonymous answer can sit in an open review).
            for level in {cycle.confidentiality, response.confidentiality}:
                if not can_view_individual_responses(request.user, cycle.project, level):
                    raise PermissionDenied(
                        gettext("You may not see individual answers of this review.")
                    )
    if form.is_valid():
        try:
            services.raise_issue(cycle, by=request.user, response=response, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, gettext("Issue added."))
            return redirect("feedback:cycle", cycle.pk)
    return _refused(request, cycle, form, issue_form=form, raised_from=response)


@login_required
@require_POST
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _editable_cycle(request, pk)
    issues = list(cycle.issues.all())
    owners = list(action_owners())
    form = ActionForm(request.POST, issues=issues, owners=owners)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_action(
                cycle,
                by=request.user,
                title=data["title"],
                due=data["due"],
                issue=next((i for i in issues if i.pk == data["issue"]), None),
                owner=next((u for u in owners if u.pk == data["owner"]), None),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, gettext("Action added."))
            return redirect("feedback:cycle", cycle.pk)
    return _refused(request, cycle, form, action_form=form)


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("project", "cycle"), pk=pk)
    get_visible(visible_projects(request.user), action.project_id, "project")
    if not can_run_reviews(request.user, action.project):
        raise PermissionDenied(gettext("You may not change this action."))
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.set_action_status(action, by=request.user, status=form.cleaned_data["status"])
        messages.success(request, gettext("Action updated."))
    else:
        messages.error(request, gettext("Choose a valid status."))
    return back_to(request, "feedback:cycle", action.cycle_id)  # the review, or the actions list


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Agree actions, close with the summary, retry, or cancel — via the state machine."""
    cycle = _editable_cycle(request, pk)
    to = request.POST.get("to", "")
    try:
        if to == CycleState.ACTIONS_AGREED:
            services.agree_actions(cycle, by=request.user)
            messages.success(
                request, gettext("Actions agreed. Close the review to send the summary.")
            )
        elif to == CycleState.CLOSED:
            sent = services.close_cycle(cycle, by=request.user)
            messages.success(
                request,
                gettext("Review closed; summary queued for %(n)s stakeholder(s).") % {"n": sent},
            )
        elif to == CycleState.INVITED and cycle.state == CycleState.EXPIRED:
            services.retry_cycle(cycle, by=request.user)
            messages.success(request, gettext("Invitations sent again (the one retry)."))
        else:
            from rapport.feedback.states import transition

            transition(cycle, to, request.user)
            messages.success(
                request,
                gettext("Review is now %(state)s.") % {"state": cycle.get_state_display().lower()},
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("feedback:cycle", cycle.pk)


@login_required
@require_POST
def personal_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a fresh survey link for one invitation, shown once (to send by chat or phone)."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("cycle__project", "stakeholder"), pk=pk
    )
    cycle = _editable_cycle(request, invitation.cycle_id)
    if not cycle.is_open or invitation.is_expired:
        # The link would open on "this review is closed": make none, and say why.
        messages.error(
            request,
            gettext("This review no longer takes answers, so no new link is made."),
        )
        return redirect("feedback:cycle", cycle.pk)
    if cycle.is_anonymous:
        # A personal link would tell its maker whether that person has answered.
        messages.error(
            request,
            gettext(
                "Anonymous reviews have no personal links: nobody may learn who "
                "has answered. Send the one retry to everyone who has not."
            ),
        )
        return redirect("feedback:cycle", cycle.pk)
    if not can_view_individual_responses(request.user, cycle.project, cycle.confidentiality):
        # In a review in confidence, who has answered is the PMO's to know (docs/privacy.md).
        messages.error(
            request,
            gettext(
                "In a review in confidence only the PMO sees who has answered, so only the PMO "
                "makes personal links."
            ),
        )
        return redirect("feedback:cycle", cycle.pk)
    if invitation.used:
        # The link opens the form with the answers given so far: it would show them to its
        # maker. Whoever has answered changes their answers through their own link.
        messages.error(
            request,
            gettext(
                "%(name)s has already answered: their own link still works until the review "
                "closes. No other link is made."
            )
            % {"name": invitation.stakeholder.name},
        )
        return redirect("feedback:cycle", cycle.pk)
    token = services.issue_link(invitation)
    from rapport.audit.services import record

    record("feedback.invitation.link_issued", by=request.user, obj=invitation)
    return render(
        request,
        "feedback/link.html",
        {"cycle": cycle, "invitation": invitation, "url": emails.survey_url(token)},
    )
