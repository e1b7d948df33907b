"""Review history for the demo portfolio (K=4): monthly cycles over ``options.months``, with
survey, meeting and call responses, meetings, issues and actions. Planted patterns: some
projects deteriorating over the last months, one customer going silent (expired cycles).
The current month has open cycles with working survey links; one is printed.

History rows are bulk-created (fast); each closed month is still written to the audit log.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.utils import timezone

from rapport.accounts.models import Role
from rapport.audit.models import AuditEntry
from rapport.demo import comments
from rapport.feedback import services as feedback
from rapport.feedback.models import (
    Action,
    CycleState,
    Invitation,
    Issue,
    Meeting,
    ProjectQuestionSet,
    Response,
    ReviewCycle,
)

K = 4

ISSUES = [
    "We hear about delays too late.",
    "The weekly report is too long to read.",
    "Testing in the branches took more of our people's time than agreed.",
    "We do not know who to call when something breaks.",
    "The training dates clash with our busiest weeks.",
    "Costs went up and nobody explained why.",
    "Decisions wait too long for sign-off.",
    "The new screens are slower than the old ones.",
    "We were not asked before the scope changed.",
    "Too many meetings for the same topic.",
]
ACTIONS = [
    "Send a one-page delay note every Friday",
    "Cut the weekly report to one page with the three risks that matter",
    "Agree the testing rota with the branch leads",
    "Publish one contact per area on the project page",
    "Move training out of month-end weeks",
    "Walk the customer through the cost change",
    "Set a 5-day sign-off rule with a named backup",
    "Measure screen speed and fix the three slowest",
    "Add scope changes to the monthly review",
    "Merge the two steering meetings",
]


def _period(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month(today: dt.date, back: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _aware(day: dt.date | None, hour: int = 10) -> dt.datetime:
    assert day is not None  # every demo review has its deadline
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def build_feedback(result: Any, options: Any, progress: Any) -> None:
    rng = random.Random(options.seed * 1000 + K)
    say = progress or (lambda _msg: None)
    lead = result.users[Role.PMO_LEAD][0]
    today = options.today
    qs = feedback.default_question_set()
    projects = list(result.projects)
    ProjectQuestionSet.objects.bulk_create(
        [ProjectQuestionSet(project=p, question_set=qs) for p in projects]
    )
    active = [p for p in projects if p.state == "active"]
    deteriorating = set(rng.sample([p.pk for p in active], k=max(1, len(active) // 7)))
    silent_customer = rng.choice(result.customers).pk
    members: dict[int, list] = {}
    for p in projects:
        members[p.pk] = [m.stakeholder for m in p.memberships.select_related("stakeholder")]

    cycles: list[ReviewCycle] = []
    plans: list[tuple[ReviewCycle, dict]] = []
    for project in projects:
        base = rng.uniform(6.3, 8.6)
        for back in range(options.months, 0, -1):
            first = _month(today, back)
            if project.start_date and first < project.start_date.replace(day=1):
                continue
            if project.state == "closed" and project.end_date and first > project.end_date:
                continue
            if project.state == "paused" and back <= 2:
                continue
            customer = project.customer
            mode = (
                customer.preferred_channel
                if rng.random() < 0.8
                else rng.choice(["meeting", "call", "email"])
            )
            silent = customer.pk == silent_customer and back <= 3
            skipped = (not silent) and rng.random() < 0.06
            state = CycleState.EXPIRED if silent or skipped else CycleState.CLOSED
            closed_at = _aware(_month(today, back - 1) - dt.timedelta(days=3))
            cycle = ReviewCycle(
                project=project,
                period=_period(first),
                mode=mode,
                state=state,
                confidentiality=customer.feedback_culture,
                question_set=qs,
                deadline=first + dt.timedelta(days=20),
                email_retried=state == CycleState.EXPIRED and mode == "email",
                disengaged=silent and back <= 2,
                opened_at=_aware(first + dt.timedelta(days=1)),
                closed_at=closed_at if state == CycleState.CLOSED else None,
                summary_sent_at=closed_at if state == CycleState.CLOSED else None,
            )
            drop = 0.0
            if project.pk in deteriorating and back <= 4:
                drop = (5 - back) * 0.9
            cycles.append(cycle)
            plans.append((cycle, {"score": base - drop + rng.gauss(0, 0.5), "back": back}))
    ReviewCycle.objects.bulk_create(cycles)

    invitations: list[Invitation] = []
    responses: list[Response] = []
    meetings: list[Meeting] = []
    issue_plans: list[tuple[Issue, ReviewCycle, int]] = []
    for cycle, plan in plans:
        project = cycle.project
        first = _month(today, plan["back"])
        people = members.get(project.pk, [])
        if cycle.state == CycleState.EXPIRED:
            if cycle.mode == "email":
                invitations += [
                    Invitation(
                        cycle=cycle,
                        stakeholder=s,
                        email=s.email,
                        language=s.language,
                        expires_at=_aware(cycle.deadline),
                        sent_at=cycle.opened_at,
                    )
                    for s in people
                ]
            continue
        score = plan["score"]

        def scores(center: float) -> dict[str, int]:
            out = {"overall": _clip(center + rng.gauss(0, 0.7), 1, 10)}
            for code in (
                "strategic_alignment",
                "transparency",
                "predictability",
                "reliability",
                "value",
            ):
                if rng.random() < 0.9:
                    out[code] = _clip(center + rng.gauss(0, 1.1), 1, 10)
            if rng.random() < 0.7:
                out["recommend"] = _clip(center + rng.gauss(0, 1.3), 0, 10)
            if rng.random() < 0.5:
                out["effort"] = _clip(center * 0.7 + rng.gauss(0, 0.8), 1, 7)
            return out

        day = first + dt.timedelta(days=rng.randint(3, 15))
        if cycle.mode == "email":
            for s in people:
                answered = rng.random() < 0.75
                invitation = Invitation(
                    cycle=cycle,
                    stakeholder=s,
                    email=s.email,
                    language=s.language,
                    expires_at=_aware(cycle.deadline),
                    sent_at=cycle.opened_at,
                    used=answered,
                    responded_at=None
                    if cycle.confidentiality == "anonymous" or not answered
                    else _aware(day, rng.randint(8, 18)),
                )
                invitations.append(invitation)
                if not answered:
                    continue
                anonymous = cycle.confidentiality == "anonymous"
                values = scores(score)
                # Anonymous answers keep no quasi-identifier: the customer's language.
                language = project.customer.language if anonymous else s.language
                responses.append(
                    Response(
                        project=project,
                        cycle=cycle,
                        period=cycle.period,
                        source="survey",
                        language=language,
                        confidentiality=cycle.confidentiality,
                        question_set=qs,
                        invitation=None if anonymous else invitation,
                        stakeholder=None if anonymous else s,
                        respondent_role="" if anonymous else s.role,
                        scores=values,
                        overall=values["overall"],
                        comment=comments.comment(
                            rng.randrange(comments.DRAWS), values["overall"], language, first.month
                        ),
                        is_complete=True,
                        submitted_on=first if anonymous else day,
                        submitted_at=None if anonymous else invitation.responded_at,
                    )
                )
        else:
            values = scores(score)
            responses.append(
                Response(
                    project=project,
                    cycle=cycle,
                    period=cycle.period,
                    source=cycle.mode,
                    language=project.customer.language,
                    confidentiality="attributed",
                    question_set=qs,
                    respondent_role="Agreed in the meeting",
                    scores=values,
                    overall=values["overall"],
                    comment=comments.comment(
                        rng.randrange(comments.DRAWS),
                        values["overall"],
                        project.customer.language,
                        first.month,
                    ),
                    is_complete=True,
                    submitted_on=day,
                    submitted_at=_aware(day),
                )
            )
            meetings.append(
                Meeting(
                    cycle=cycle,
                    held_on=day,
                    attendees="\n".join(
                        [s.name for s in people[:3]] + [str(project.project_manager or "")]
                    ),
                    minutes="Went through last month’s actions and this month’s scores; "
                    "agreed the actions below.",
                )
            )
        if rng.random() < (0.7 if score < 6.5 else 0.35):
            i = rng.randrange(len(ISSUES))
            issue_plans.append(
                (
                    Issue(
                        project=project,
                        cycle=cycle,
                        text=ISSUES[i],
                        priority=rng.choice(["high", "medium", "medium", "low"]),
                        status="open",
                        raised_on=day,
                    ),
                    cycle,
                    i,
                )
            )
    Invitation.objects.bulk_create(invitations, batch_size=500)
    for r in responses:  # the invitation got its primary key just now
        if r.invitation is not None:
            r.invitation_id = r.invitation.pk
    Response.objects.bulk_create(responses, batch_size=500)
    Meeting.objects.bulk_create(meetings, batch_size=500)
    Issue.objects.bulk_create([i for i, _, _ in issue_plans], batch_size=500)
    actions = []
    # A PMO drops most of what was left undone months ago (a stream of its own, so the rest of
    # the demo stays as it was): what lingers is the last quarter's, as in a real portfolio.
    tidy = random.Random(options.seed * 1000 + K + 1)
    for issue, cycle, i in issue_plans:
        due = issue.raised_on + dt.timedelta(days=rng.randint(14, 45))
        done = due < today - dt.timedelta(days=10) and rng.random() < 0.85
        status = "done" if done else rng.choice(["open", "in_progress"])
        if not done and due < today - dt.timedelta(days=90) and tidy.random() < 0.8:
            status = "dropped"
        actions.append(
            Action(
                project=cycle.project,
                cycle=cycle,
                issue=issue,
                title=ACTIONS[i],
                owner=cycle.project.project_manager,
                due=due,
                status=status,
                done_on=due - dt.timedelta(days=rng.randint(0, 7)) if done else None,
                customer_told_at=cycle.closed_at,
                # The demo's history is old news: the schedule never emails it as "done".
                customer_told_done_at=(cycle.closed_at or _aware(today)) if done else None,
                customer_confirmed_at=cycle.closed_at + dt.timedelta(days=40)
                if done and cycle.closed_at and rng.random() < 0.5
                else None,
            )
        )
    Action.objects.bulk_create(actions, batch_size=500)
    Issue.objects.filter(actions__status="done").update(status="addressed")
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                action=f"feedback.cycle.{c.state}",
                at=c.closed_at or _aware(c.deadline),
                actor=lead if c.state == CycleState.CLOSED else None,
                actor_label=str(lead) if c.state == CycleState.CLOSED else "system",
                object_type="feedback.reviewcycle",
                object_id=str(c.pk),
                object_repr=str(c)[:200],
                changes={"state": ["history", c.state], "note": "demo history"},
            )
            for c in cycles
        ],
        batch_size=500,
    )
    say(
        f"Created {len(cycles)} past review cycles with {len(responses)} responses, "
        f"{len(meetings)} meetings, {len(issue_plans)} issues and {len(actions)} actions."
    )

    # This month: one review of the demo project manager is only planned, so the demo can
    # show the whole month (check the emails, open, answer, meet, agree, close).
    pm = result.users[Role.PROJECT_MANAGER][0]
    mine = [p for p in active if p.project_manager_id == pm.pk and members.get(p.pk)]
    if mine:
        feedback.plan_cycle(mine[0], _period(today), by=pm, mode="email")
    # The rest open through the services, as the schedule would.
    opened = feedback.open_monthly_cycles(period=_period(today), by=lead, today=today)
    say(f"Opened {len(opened)} review cycles for {_period(today)}.")
    example = (
        Invitation.objects.filter(
            cycle__in=opened, cycle__mode="email", cycle__confidentiality="attributed"
        )
        .select_related("stakeholder", "cycle__project")
        .order_by("cycle__project__name", "stakeholder__name")
        .first()
    )
    if example is None:
        example = (
            Invitation.objects.filter(cycle__in=opened, cycle__mode="email").order_by("pk").first()
        )
    if example is not None:
        token = feedback.issue_link(example)
        say(
            f"Example survey link (answer as {example.stakeholder.name}, "
            f"{example.cycle.project.name}): {settings.SITE_URL}/s/{token}/"
        )
