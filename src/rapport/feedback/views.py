"""Review pages in the console: PMO overview, my reviews, a project's timeline, a cycle, the
meeting, and the mail log. Thin: the permission layer decides, the services change things."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.accounts.permissions import (
    can_oversee_reviews,
    can_read_issue_text,
    can_run_reviews,
    can_view_feedback_detail,
    can_view_individual_responses,
    can_view_mail_log,
    can_view_small_group_scores,
    visible_projects,
)
from rapport.console.pagination import paginate, query_without_page
from rapport.console.shortcuts import get_visible
from rapport.disclosure.blocks import Level, is_protected
from rapport.disclosure.release import load_partition, prefetch_block_rows
from rapport.feedback import emails, services, tasks
from rapport.feedback.agenda import agenda_for
from rapport.feedback.figures import response_rate, review_figures, small_group_notice
from rapport.feedback.forms import (
    ActionForm,
    ActionStatusForm,
    IssueForm,
    MeetingForm,
    PlanCycleForm,
)
from rapport.feedback.ics import calendar_bytes
from rapport.feedback.models import (
    OPEN_STATES,
    Action,
    CycleState,
    Invitation,
    Meeting,
    OutboxKind,
    OutboxMessage,
    ReviewCycle,
)
from rapport.feedback.states import allowed_targets
from rapport.mailbox.services import find_copy
from rapport.mailbox.services import is_enabled as mailbox_enabled

IN_FLIGHT = [*OPEN_STATES, CycleState.EXPIRED]


def _with_rates(cycles):
    return cycles.annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("invitations", filter=Q(invitations__used=True), distinct=True),
        response_count=Count("responses", distinct=True),
    )


def _visible_cycle(request: HttpRequest, pk: int) -> ReviewCycle:
    cycle = get_object_or_404(
        ReviewCycle.objects.select_related(
            "project__customer", "project__project_manager", "question_set"
        ),
        pk=pk,
    )
    get_visible(visible_projects(request.user), cycle.project_id, "project")
    return cycle


def _editable_cycle(request: HttpRequest, pk: int) -> ReviewCycle:
    cycle = _visible_cycle(request, pk)
    if not can_run_reviews(request.user, cycle.project):
        raise PermissionDenied("You may not run reviews on this project.")
    return cycle


@login_required
def pmo_cycles(request: HttpRequest) -> HttpResponse:
    """All cycles in flight with response rates, by project name and period (never by manager)."""
    if not can_oversee_reviews(request.user):
        raise PermissionDenied("This page is for the PMO.")
    cycles = _with_rates(
        ReviewCycle.objects.filter(state__in=IN_FLIGHT).select_related("project__customer")
    ).order_by("project__name", "-period", "pk")
    page = paginate(request, cycles)
    for c in page:
        c.rate = response_rate(c.invited, c.answered)
    return render(
        request, "feedback/pmo.html", {"page": page, "query": query_without_page(request)}
    )


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    """A project manager's own reviews this month, and projects still without one."""
    period = services.current_period()
    projects = visible_projects(request.user).filter(project_manager=request.user, state="active")
    cycles = _with_rates(
        ReviewCycle.objects.filter(project__in=projects, period=period).select_related("project")
    ).order_by("project__name")
    cycles = list(cycles)
    for c in cycles:
        c.rate = response_rate(c.invited, c.answered)
    without = projects.exclude(review_cycles__period=period).order_by("name")
    return render(
        request,
        "feedback/mine.html",
        {"cycles": cycles, "without": list(without), "period": period},
    )


@login_required
def project_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's reviews month by month: mode, response rate, scores, issues, actions."""
    project = get_visible(visible_projects(request.user).select_related("customer"), pk, "project")
    cycles = (
        _with_rates(project.review_cycles.all())
        .annotate(
            issue_count=Count("issues", distinct=True),
            action_count=Count("actions", distinct=True),
            open_actions=Count(
                "actions", filter=Q(actions__status__in=["open", "in_progress"]), distinct=True
            ),
        )
        .order_by("-period")
    )
    page = paginate(request, cycles, per_page=24)
    ids = [c.pk for c in page]
    by_cycle: dict[int, list] = {}
    for row in services_responses(ids):
        by_cycle.setdefault(row["cycle_id"], []).append(row)
    # Every figure comes from the disclosure layer: one partition for the page, and the rows
    # of the pooled blocks it shows read in one query.
    partition = load_partition([project.customer_id])
    pooled = {
        block.key: block
        for rows in by_cycle.values()
        for row in rows
        if is_protected(row["confidentiality"])
        and (block := partition.released_block_of(row["id"])) is not None
        and block.level != Level.ROUND
    }
    block_rows = prefetch_block_rows(pooled.values())
    detail = can_view_feedback_detail(request.user, project)
    small_groups = can_view_small_group_scores(request.user, project)
    for c in page:
        c.project = project
        c.rate = response_rate(c.invited, c.answered)
        c.figures = review_figures(
            c,
            by_cycle.get(c.pk, []),
            {"overall": "Overall"},
            partition=partition,
            detail=detail,
            small_groups=small_groups,
            latest=False,
            block_rows=block_rows,
        )
    can_run = can_run_reviews(request.user, project)
    return render(
        request,
        "feedback/timeline.html",
        {
            "project": project,
            "page": page,
            "query": query_without_page(request),
            "can_run": can_run,
            "plan_form": PlanCycleForm(initial={"period": services.current_period()})
            if can_run
            else None,
        },
    )


def services_responses(cycle_ids: list[int]):
    from rapport.feedback.models import Response

    return Response.objects.filter(cycle_id__in=cycle_ids).values(
        "id", "cycle_id", "scores", "comment", "confidentiality", "source"
    )


@login_required
@require_POST
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible(visible_projects(request.user), pk, "project")
    if not can_run_reviews(request.user, project):
        raise PermissionDenied("You may not run reviews on this project.")
    form = PlanCycleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the month as YYYY-MM.")
        return redirect("feedback:timeline", project.pk)
    try:
        cycle = services.plan_cycle(
            project,
            form.cleaned_data["period"],
            by=request.user,
            mode=form.cleaned_data["mode"] or None,
            confidentiality=form.cleaned_data["confidentiality"] or None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("feedback:timeline", project.pk)
    messages.success(request, f"Review for {cycle.period} planned. Check the emails, then open it.")
    return redirect("feedback:open", cycle.pk)


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One review. Figures come from the disclosure layer, for this reader: scores agreed
    openly, and scores given in confidence only from a released block of at least k people.
    Sponsors read aggregates only; anonymous reviews show counts, never who answered."""
    cycle = _visible_cycle(request, pk)
    project = cycle.project
    user = request.user
    can_run = can_run_reviews(user, project)
    detail = can_view_feedback_detail(user, project)
    individuals = can_view_individual_responses(user, project, cycle.confidentiality)
    responses = list(
        cycle.responses.select_related("stakeholder").order_by("source", "submitted_on")
    )
    questions = list(cycle.question_set.questions.all())
    labels = {q.code: q.text_for("en").get("text", q.code) for q in questions}
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
    # Anonymous reviews: totals only, for every role (nobody learns who answered).
    invitations = (
        list(cycle.invitations.select_related("stakeholder"))
        if can_run and not cycle.is_anonymous
        else []
    )
    issue_text = can_read_issue_text(user, project, cycle.confidentiality)
    issues = list(cycle.issues.all())
    actions = list(cycle.actions.select_related("owner", "issue"))
    readable = {cycle.confidentiality: issue_text}
    carried = []
    for action in services.carried_over(cycle):
        level = action.cycle.confidentiality
        if level not in readable:
            readable[level] = can_read_issue_text(user, project, level)
        action.text_hidden = not readable[level]
        carried.append(action)
    owners = User.objects.filter(is_active=True).order_by("full_name", "email") if can_run else []
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
            "responses": responses,
            "figures": figures,
            "labels": labels,
            "totals": totals,
            "invitations": invitations,
            "issue_text": issue_text,
            "issues": issues,
            "actions": actions,
            "action_counts": _status_counts(actions),
            "carried": carried,
            "targets": sorted(allowed_targets(cycle.state)),
            "issue_form": IssueForm() if can_run else None,
            "action_form": ActionForm(issues=issues, owners=owners) if can_run else None,
            "status_choices": ActionStatusForm.base_fields["status"].choices,
        },
    )


def _status_counts(actions: list[Action]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for action in actions:
        label = action.get_status_display().lower()
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items())


@login_required
def open_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: who will be emailed and a preview of every email. POST: open the cycle."""
    cycle = _editable_cycle(request, pk)
    if request.method == "POST":
        try:
            invitations = services.open_cycle(cycle, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("feedback:cycle", cycle.pk)
        messages.success(request, f"Review opened: {len(invitations)} invitation(s) queued.")
        return redirect("feedback:cycle", cycle.pk)
    people = services.recipients(cycle, request.user.email)
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
            language=stakeholder.language,
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
    initial = {"held_on": timezone.localdate()}
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
                messages.success(request, "Meeting recorded. Now agree the actions.")
            else:
                messages.warning(
                    request,
                    "Meeting saved. The review counts as discussed once it has scores: record "
                    "the scores agreed live, or wait for the customer's answers.",
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
@require_POST
def add_issue(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _editable_cycle(request, pk)
    form = IssueForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Write the issue and choose its priority.")
        response = None
        if request.POST.get("response"):
            # Only answers this user may see individually can be linked to an issue.
            if not can_view_individual_responses(
                request.user, cycle.project, cycle.confidentiality
            ):
                raise PermissionDenied("You may not see individual answers of this review.")
            response = cycle.responses.filter(pk=request.POST["response"]).first()
            if response is None:
                raise ValidationError("That answer is not part of this review.")
        services.raise_issue(cycle, by=request.user, response=response, **form.cleaned_data)
        messages.success(request, "Issue added.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("feedback:cycle", cycle.pk)


@login_required
@require_POST
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _editable_cycle(request, pk)
    issues = list(cycle.issues.all())
    owners = list(User.objects.filter(is_active=True))
    form = ActionForm(request.POST, issues=issues, owners=owners)
    try:
        if not form.is_valid():
            raise ValidationError("Give the action a title and a due date.")
        data = form.cleaned_data
        services.add_action(
            cycle,
            by=request.user,
            title=data["title"],
            due=data["due"],
            issue=next((i for i in issues if i.pk == data["issue"]), None),
            owner=next((u for u in owners if u.pk == data["owner"]), None),
        )
        messages.success(request, "Action added.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("feedback:cycle", cycle.pk)


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("project", "cycle"), pk=pk)
    get_visible(visible_projects(request.user), action.project_id, "project")
    if not can_run_reviews(request.user, action.project):
        raise PermissionDenied("You may not change this action.")
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.set_action_status(action, by=request.user, status=form.cleaned_data["status"])
        messages.success(request, "Action updated.")
    else:
        messages.error(request, "Choose a valid status.")
    return redirect("feedback:cycle", action.cycle_id)


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Agree actions, close with the summary, retry, or cancel — via the state machine."""
    cycle = _editable_cycle(request, pk)
    to = request.POST.get("to", "")
    try:
        if to == CycleState.ACTIONS_AGREED:
            services.agree_actions(cycle, by=request.user)
            messages.success(request, "Actions agreed. Close the review to send the summary.")
        elif to == CycleState.CLOSED:
            sent = services.close_cycle(cycle, by=request.user)
            messages.success(request, f"Review closed; summary queued for {sent} stakeholder(s).")
        elif to == CycleState.INVITED and cycle.state == CycleState.EXPIRED:
            services.retry_cycle(cycle, by=request.user)
            messages.success(request, "Invitations sent again (the one retry).")
        else:
            from rapport.feedback.states import transition

            transition(cycle, to, request.user)
            messages.success(request, f"Review is now {cycle.get_state_display().lower()}.")
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
    if cycle.is_anonymous:
        # A personal link would tell its maker whether that person has answered.
        messages.error(
            request,
            "Anonymous reviews have no personal links: nobody may learn who "
            "has answered. Send the one retry to everyone who has not.",
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


@login_required
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _visible_cycle(request, pk)
    response = HttpResponse(calendar_bytes(cycle), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="monthly-review-{cycle.project_id}.ics"'
    )
    return response


@login_required
def mail_log(request: HttpRequest) -> HttpResponse:
    if not can_view_mail_log(request.user):
        raise PermissionDenied("The mail log is for the PMO.")
    rows = OutboxMessage.objects.select_related(
        "cycle__project", "pulse_invitation__round__customer"
    ).order_by("-created_at", "-pk")
    state = request.GET.get("state", "")
    if state:
        rows = rows.filter(state=state)
    page = paginate(request, rows)
    for m in page:
        m.masked = _masked(m)
    return render(
        request,
        "feedback/mail_log.html",
        {
            "page": page,
            "query": query_without_page(request),
            "state": state,
            "mailbox": mailbox_enabled(),
        },
    )


def _masked(message: OutboxMessage) -> bool:
    """Reminders and retries of an anonymous review go only to people who have not answered:
    their recipient would tell who did. The log keeps them, without saying to whom."""
    return bool(
        message.cycle is not None
        and message.cycle.is_anonymous
        and message.kind in (OutboxKind.REMINDER, OutboxKind.RETRY)
    )


@login_required
def mail_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_view_mail_log(request.user):
        raise PermissionDenied("The mail log is for the PMO.")
    message = get_object_or_404(OutboxMessage.objects.select_related("cycle__project"), pk=pk)
    if request.method == "POST":
        tasks.requeue(message, by=request.user)
        messages.success(request, "Queued again.")
        return redirect("feedback:mail_detail", message.pk)
    masked = _masked(message)
    copy = None
    if not masked and message.sent_at is not None:
        copy = find_copy(message.to_email, message.subject, message.claimed_at)
    return render(
        request,
        "feedback/mail_detail.html",
        {"message": message, "masked": masked, "mailbox_copy": copy},
    )
