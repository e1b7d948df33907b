"""One review: its page, the preview before opening it, the meeting and its agenda, the
calendar invite."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext

from rapport.accounts.http import AuthenticatedRequest
from rapport.accounts.permissions import (
    can_read_issue_text,
    can_run_reviews,
    can_view_feedback_detail,
    can_view_individual_responses,
    can_view_small_group_scores,
)
from rapport.disclosure.release import load_partition
from rapport.feedback import emails, services
from rapport.feedback.agenda import agenda_for
from rapport.feedback.figures import review_figures, small_group_notice
from rapport.feedback.forms import (
    ActionForm,
    ActionStatusForm,
    IssueForm,
    MeetingForm,
)
from rapport.feedback.ics import calendar_bytes
from rapport.feedback.models import (
    Action,
    CycleState,
    Invitation,
    Meeting,
    OutboxKind,
    OutboxMessage,
    Response,
    ReviewCycle,
    stricter,
)
from rapport.feedback.states import allowed_targets
from rapport.feedback.views.common import _editable_cycle, _visible_cycle, action_owners


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One review. Figures come from the disclosure layer, for this reader: scores agreed
    openly, and scores given in confidence only from a released block of at least k people.
    Sponsors read aggregates only; anonymous reviews show counts, never who answered."""
    return cycle_page(request, _visible_cycle(request, pk))


def cycle_page(
    request: HttpRequest,
    cycle: ReviewCycle,
    *,
    issue_form: IssueForm | None = None,
    action_form: ActionForm | None = None,
    raised_from: Response | None = None,
    status: int = 200,
) -> HttpResponse:
    """The review page for this reader. A refused issue or action form comes back bound, with
    what was typed and its errors beside the fields (status 400); ``raised_from`` is the answer
    a refused "Raise as issue" quoted, kept for the next try."""
    project = cycle.project
    user = request.user
    can_run = can_run_reviews(user, project)
    detail = can_view_feedback_detail(user, project)
    responses = list(
        cycle.responses.select_related("stakeholder").order_by("source", "submitted_on")
    )
    # Answers one by one under each answer's own level, not the review's: an imported email
    # answer with no respondent is anonymous inside an open or confidential review.
    readable = {
        level: can_view_individual_responses(user, project, level)
        for level in {cycle.confidentiality, *(r.confidentiality for r in responses)}
    }
    listed = [r for r in responses if readable[r.confidentiality]]
    individuals = readable[cycle.confidentiality] or bool(listed)
    questions = list(cycle.question_set.questions.all())
    labels = {q.code: q.text_for(get_language()).get("text", q.code) for q in questions}
    figures = review_figures(
        cycle,
        responses,
        {q.code: labels[q.code] for q in questions if q.kind == "scale"},
        partition=load_partition([project.customer_id]),
        detail=detail,
        small_groups=can_view_small_group_scores(user, project),
    )
    totals = cycle.invitations.aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(used=True))
    )
    # Anonymous reviews: totals only, for every role (nobody learns who answered). In a review
    # in confidence, who answered is for those who see who said what (the PMO): the project
    # manager sees who was invited and the totals, never who answered or was reminded, which
    # with a warning's direction would point at a person (docs/privacy.md).
    invitations = (
        list(cycle.invitations.select_related("stakeholder"))
        if can_run and not cycle.is_anonymous
        else []
    )
    who_answered = readable[cycle.confidentiality]
    issues = list(cycle.issues.select_related("response"))
    actions = list(cycle.actions.select_related("owner", "issue__cycle", "issue__response"))
    # The words are read under the strictest level among them: an issue raised from an answer
    # given anonymously inside an open review keeps that answer's level (``Issue.level``).
    words_level = stricter(
        cycle.confidentiality, *(i.level for i in issues), *(a.level for a in actions)
    )
    issue_text = can_read_issue_text(user, project, words_level)
    readable = {words_level: issue_text}
    carried = []
    for action in services.carried_over(cycle):
        level = action.level
        if level not in readable:
            readable[level] = can_read_issue_text(user, project, level)
        action.text_hidden = not readable[level]  # type: ignore[attr-defined]  # for the template
        carried.append(action)
    owners = action_owners() if can_run else []
    if can_run and issue_form is None:
        issue_form = IssueForm()
    if can_run and action_form is None:
        action_form = ActionForm(issues=issues, owners=owners)
    return render(
        request,
        "feedback/cycle.html",
        {
            "cycle": cycle,
            "project": project,
            "can_run": can_run,
            "individuals": individuals,
            # Sponsors read headlines only: never a comment, even an aggregated list of them.
            "comments": figures.comments if detail else [],
            "responses": listed,
            "figures": figures,
            "labels": labels,
            "totals": totals,
            "invitations": invitations,
            "who_answered": who_answered,
            "issue_text": issue_text,
            "words_level": words_level,
            "issues": issues,
            "actions": actions,
            "action_counts": _status_counts(actions),
            "carried": carried,
            "targets": sorted(allowed_targets(cycle.state)),
            "issue_form": issue_form if can_run else None,
            "raised_from": raised_from,
            "action_form": action_form if can_run else None,
            "status_choices": cast(
                forms.ChoiceField, ActionStatusForm.base_fields["status"]
            ).choices,
        },
        status=status,
    )


def _status_counts(actions: list[Action]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for action in actions:
        label = action.get_status_display().lower()
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items())


@login_required
def open_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: who will be emailed and a preview of every email. POST: open the cycle."""
    cycle = _editable_cycle(request, pk)
    if request.method == "POST":
        if cycle.mode == "email" and not any(
            not problem for _person, problem in services.recipients(cycle, request.user.email)
        ):
            # An email review with nobody to email would wait, "invited", for no one.
            messages.error(
                request,
                gettext(
                    "Nobody can be emailed for this review yet: add the project's "
                    "feedback-givers, each with an email address, then open it."
                ),
            )
            return redirect("feedback:open", cycle.pk)
        try:
            invitations = services.open_cycle(cycle, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("feedback:cycle", cycle.pk)
        messages.success(
            request,
            gettext("Review opened: %(n)s invitation(s) queued.") % {"n": len(invitations)},
        )
        return redirect("feedback:cycle", cycle.pk)
    # The reasons are English in the audit log; the page shows them in the reader's language.
    people = [
        (person, gettext(problem) if problem else "")
        for person, problem in services.recipients(cycle, request.user.email)
    ]
    notice = small_group_notice(
        cycle.confidentiality,
        sum(1 for _, problem in people if not problem),
        customer_name=cycle.project.customer.name,
    )
    previews = []
    for stakeholder, problem in people[:20]:
        if problem:
            continue
        invitation = Invitation(
            cycle=cycle,
            stakeholder=stakeholder,
            email=stakeholder.email,
            language=stakeholder.reads_in,
            expires_at=timezone.now(),
        )
        message = OutboxMessage(
            kind=OutboxKind.INVITATION,
            to_email=stakeholder.email,
            invitation=invitation,
            cycle=cycle,
        )
        previews.append((stakeholder, emails.preview(message)))
    return render(
        request,
        "feedback/open.html",
        {
            "cycle": cycle,
            "people": people,
            "previews": previews,
            "notice": notice,
            "can_open": cycle.state == CycleState.PLANNED,
        },
    )


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The generated agenda and the page where the manager records the meeting."""
    cycle = _editable_cycle(request, pk)
    questions = list(cycle.question_set.questions.all())
    existing = Meeting.objects.filter(cycle=cycle).first()
    initial: dict[str, Any] = {"held_on": timezone.localdate()}
    if existing:
        initial.update(
            held_on=existing.held_on, attendees=existing.attendees, minutes=existing.minutes
        )
    form = MeetingForm(request.POST or None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_meeting(
                cycle,
                by=request.user,
                held_on=data["held_on"],
                attendees=data["attendees"],
                minutes=data["minutes"],
                scores=form.scores(),
                comment=data["comment"],
                source=data["source"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            cycle.refresh_from_db(fields=["state"])
            if cycle.state == CycleState.DISCUSSED:
                messages.success(request, gettext("Meeting recorded. Now agree the actions."))
            else:
                messages.warning(
                    request,
                    gettext(
                        "Meeting saved. The review counts as discussed once it has scores: "
                        "record the scores agreed live, or wait for the customer's answers."
                    ),
                )
            return redirect("feedback:cycle", cycle.pk)
    return render(
        request,
        "feedback/meeting.html",
        # Every figure in the agenda comes from the disclosure layer (feedback.figures).
        {
            "cycle": cycle,
            "form": form,
            "agenda": agenda_for(cycle),
            "protected": cycle.confidentiality != "attributed",
        },
    )


@login_required
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _visible_cycle(request, pk)
    response = HttpResponse(calendar_bytes(cycle), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="monthly-review-{cycle.project_id}.ics"'
    )
    return response
