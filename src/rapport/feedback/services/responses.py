"""Recording answers: from the survey link, or agreed live in a meeting or call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rapport.audit.services import record
from rapport.feedback.models import (
    CycleState,
    Invitation,
    Meeting,
    Question,
    QuestionKind,
    Response,
    ResponseSource,
    ReviewCycle,
)
from rapport.feedback.services.mail import cancel_pending_reminders
from rapport.feedback.states import request_health_recompute, transition
from rapport.portfolio.models import Project

ANSWERABLE = (CycleState.INVITED, CycleState.RESPONDED, CycleState.DISCUSSED, CycleState.EXPIRED)


class SurveyClosed(ValidationError):
    """The link can no longer record answers; ``code`` says why (expired, used, closed)."""


def clean_scores(questions: list[Question], raw: Mapping[str, Any]) -> dict[str, int]:
    """Scores by question code, checked against each question's scale. Empty answers are
    skipped (partial answers are fine); unknown codes and out-of-range values are refused."""
    scales = {q.code: q for q in questions if q.kind == QuestionKind.SCALE}
    unknown = set(raw) - set(scales)
    if unknown:
        raise ValidationError(f"Unknown questions: {', '.join(sorted(unknown))}.")
    scores: dict[str, int] = {}
    for code, value in raw.items():
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"{code}: “{value}” is not a number.") from None
        q = scales[code]
        if not q.scale_min <= number <= q.scale_max:
            raise ValidationError(f"{code}: {number} is outside {q.scale_min}–{q.scale_max}.")
        scores[code] = number
    return scores


def _mark_responded(cycle: ReviewCycle, by: Any) -> None:
    fresh = ReviewCycle.objects.only("state").get(pk=cycle.pk)
    if fresh.state in (CycleState.PLANNED, CycleState.INVITED, CycleState.EXPIRED):
        transition(cycle, CycleState.RESPONDED, by)


def submit_response(
    invitation: Invitation,
    scores: Mapping[str, Any],
    *,
    comment: str = "",
    complete: bool = True,
    now: dt.datetime | None = None,
) -> Response:
    """Record a stakeholder's answers from their link.

    One response per invitation, enforced by the database: a second submission updates the
    same response while the cycle is open (attributed and confidential), or is refused
    (anonymous, where nothing links a response back to its invitation). Partial answers are
    kept and can be resumed; a score without a comment is kept too.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return _submit(invitation, scores, comment=comment, complete=complete, now=now)
    except IntegrityError:
        # A concurrent submit created the response first: update it instead, once.
        with transaction.atomic():
            return _submit(invitation, scores, comment=comment, complete=complete, now=now)


def _submit(
    invitation: Invitation, scores: Mapping[str, Any], *, comment: str, complete: bool, now: Any
) -> Response:
    inv = (
        Invitation.objects.select_for_update()
        .select_related("cycle", "stakeholder")
        .get(pk=invitation.pk)
    )
    cycle = inv.cycle
    if cycle.state not in ANSWERABLE:
        raise SurveyClosed("This review is closed.", code="closed")
    if now >= inv.expires_at:
        raise SurveyClosed("This link has expired.", code="expired")
    questions = list(cycle.question_set.questions.all())
    clean = clean_scores(questions, scores)
    if complete and "overall" not in clean:
        raise ValidationError("Please give an overall score.", code="required")
    language = inv.language
    if cycle.is_anonymous:
        # No quasi-identifier: the customer's language, not the person's (a French speaker
        # among English ones would be recognised by it). The month only, no role.
        language = (
            Project.objects.filter(pk=cycle.project_id).values_list("customer__language").get()[0]
        )
        # The conditional UPDATE is the single-use guard: only one request can flip it.
        if not Invitation.objects.filter(pk=inv.pk, used=False).update(used=True):
            raise SurveyClosed("These answers were already sent.", code="used")
        response = Response.objects.create(
            project_id=cycle.project_id,
            cycle=cycle,
            period=cycle.period,
            source=ResponseSource.SURVEY,
            language=language,
            confidentiality=cycle.confidentiality,
            question_set_id=cycle.question_set_id,
            scores=clean,
            overall=clean.get("overall"),
            comment=comment.strip(),
            is_complete=complete,
            submitted_on=now.date().replace(day=1),  # the month only
        )
    else:
        response = Response.objects.filter(invitation=inv).first()
        if response is None:
            response = Response(
                invitation=inv,
                stakeholder=inv.stakeholder,
                respondent_role=inv.stakeholder.role,
                project_id=cycle.project_id,
                cycle=cycle,
                period=cycle.period,
                source=ResponseSource.SURVEY,
                language=language,
                confidentiality=cycle.confidentiality,
                question_set_id=cycle.question_set_id,
                submitted_on=now.date(),
            )
        response.scores = {**response.scores, **clean}
        response.overall = response.scores.get("overall")
        if comment.strip():
            response.comment = comment.strip()
        response.is_complete = response.is_complete or complete
        response.submitted_on = now.date()
        response.submitted_at = now
        response.save()
        Invitation.objects.filter(pk=inv.pk).update(used=True, responded_at=now)
        record(
            "feedback.response.submitted",
            obj=response,
            by=inv.stakeholder.name,
            changes={"complete": response.is_complete, "answers": len(response.scores)},
        )
    cancel_pending_reminders(inv)
    _mark_responded(cycle, None)
    # Coalesced: one recompute of this project for many answers.
    transaction.on_commit(partial(request_health_recompute, cycle.project_id, cycle.period))
    return response


@transaction.atomic
def record_meeting(
    cycle: ReviewCycle,
    *,
    by: Any,
    held_on: dt.date,
    attendees: str = "",
    minutes: str = "",
    scores: Mapping[str, Any] | None = None,
    comment: str = "",
    source: str = ResponseSource.MEETING,
) -> Meeting:
    """Record the monthly meeting or call: who came, the minutes, and the scores agreed live
    with the customer (a Response with source meeting or call, so insights can correct for mode).
    The cycle becomes discussed.

    Those scores are agreed openly with the customer, so they are stored as *attributed* in
    every review, also a confidential or anonymous one (the meeting form says so): the project
    team may read them, and the disclosure layer never pools them with answers given in
    confidence."""
    if cycle.state in (CycleState.CLOSED, CycleState.CANCELLED, CycleState.ACTIONS_AGREED):
        raise ValidationError(f"This review is {cycle.get_state_display().lower()}.")
    if source not in (ResponseSource.MEETING, ResponseSource.CALL):
        raise ValidationError("A meeting records scores as a meeting or a call.")
    from rapport.feedback.agenda import agenda_for

    meeting, created = Meeting.objects.get_or_create(cycle=cycle)
    meeting.held_on = held_on
    meeting.attendees = attendees.strip()
    meeting.minutes = minutes.strip()
    if created or not meeting.agenda:
        meeting.agenda = [s.as_dict() for s in agenda_for(cycle, detail=False)]
    meeting.save()
    clean = clean_scores(list(cycle.question_set.questions.all()), scores or {})
    if clean:
        Response.objects.update_or_create(
            cycle=cycle,
            source=source,
            invitation=None,
            stakeholder=None,
            defaults={
                "project_id": cycle.project_id,
                "period": cycle.period,
                "language": cycle.project.customer.language,
                "confidentiality": "attributed",
                "question_set_id": cycle.question_set_id,
                "respondent_role": "Agreed in the meeting",
                "scores": clean,
                "overall": clean.get("overall"),
                "comment": comment.strip(),
                "is_complete": "overall" in clean,
                "submitted_on": held_on,
                "submitted_at": timezone.now(),
            },
        )
    record(
        "feedback.meeting.recorded",
        by=by,
        obj=meeting,
        changes={"held_on": held_on, "attendees": attendees.count("\n") + 1 if attendees else 0},
    )
    if clean:
        _mark_responded(cycle, by)
    cycle.refresh_from_db(fields=["state"])
    if cycle.state == CycleState.RESPONDED:
        transition(cycle, CycleState.DISCUSSED, by)
    return meeting
