"""Recording answers: from the survey link, or agreed live in a meeting or call."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from rapport.audit.services import build_entry, record, record_entries
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
from rapport.feedback.services.links import SurveyLink, lock_invitation, lock_link
from rapport.feedback.services.mail import cancel_pending_reminders
from rapport.feedback.services.prepared import insert_row, update_row
from rapport.feedback.states import request_health_recompute, transition, transition_held
from rapport.feedback.survey_markup import questions_of
from rapport.portfolio.models import Project
from rapport.text import COMMENT_MAX, check_text

T = TypeVar("T")
ANSWERABLE = (CycleState.INVITED, CycleState.RESPONDED, CycleState.DISCUSSED, CycleState.EXPIRED)


class SurveyClosed(ValidationError):
    """The link can no longer record answers; ``code`` says why (expired, used, closed)."""


def clean_scores(questions: Sequence[Question], raw: Mapping[str, Any]) -> dict[str, int]:
    """Scores by question code, checked against each question's scale. Empty answers are
    skipped (partial answers are fine); unknown codes and out-of-range values are refused."""
    scales = {q.code: q for q in questions if q.kind == QuestionKind.SCALE}
    unknown = set(raw) - set(scales)
    if unknown:
        raise ValidationError(
            gettext("Unknown questions: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        )
    scores: dict[str, int] = {}
    for code, value in raw.items():
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(
                gettext("%(code)s: “%(value)s” is not a number.") % {"code": code, "value": value}
            ) from None
        q = scales[code]
        if not q.scale_min <= number <= q.scale_max:
            raise ValidationError(
                gettext("%(code)s: %(number)s is outside %(low)s–%(high)s.")
                % {"code": code, "number": number, "low": q.scale_min, "high": q.scale_max}
            )
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

    def answer() -> Response:
        link = lock_invitation(invitation.pk)
        return _record(link, scores, comment=comment, complete=complete, now=now)

    return _once_more_on_conflict(answer)


class LinkNotFound(Exception):
    """No live survey link has this token."""


def submit_survey(
    token: str, answers: Mapping[str, str], *, complete: bool, now: dt.datetime | None = None
) -> tuple[SurveyLink, Response]:
    """``submit_response`` for the survey page, in the fewest statements: the link is read with
    its locks in the same query that finds it (``lock_link``).

    ``answers`` maps a question's code to the form's value: a score, "" or "skip" for none, or
    the text of an open question (open questions make the comment). Codes the question set does
    not have are ignored. Raises ``LinkNotFound``, ``SurveyClosed`` or ``ValidationError``;
    nothing is written then.
    """
    now = now or timezone.now()

    def answer() -> tuple[SurveyLink, Response]:
        link = lock_link(token)
        if link is None:
            raise LinkNotFound(token)
        scores, comment = split_answers(questions_of(link.question_set_id), answers)
        return link, _record(link, scores, comment=comment, complete=complete, now=now)

    return _once_more_on_conflict(answer)


def split_answers(
    questions: Sequence[Question], answers: Mapping[str, str]
) -> tuple[dict[str, str], str]:
    """The form's answers as scores by code (skipped ones left out) and the comment."""
    scores = {
        q.code: answers[q.code]
        for q in questions
        if q.kind == QuestionKind.SCALE and answers.get(q.code, "") not in ("", "skip")
    }
    # Kept as written (leading spaces, tabs, line breaks): only an all-blank comment is none.
    comment = "\n".join(
        text for q in questions if q.kind == QuestionKind.TEXT if (text := answers.get(q.code, ""))
    )
    return scores, comment if comment.strip() else ""


def _once_more_on_conflict(answer: Callable[[], T]) -> T:
    try:
        with transaction.atomic():
            return answer()
    except IntegrityError:
        # A concurrent submit created the response first: update it instead, once.
        with transaction.atomic():
            return answer()


_ANSWERED = ("used", "responded_at")


def _record(
    link: SurveyLink, scores: Mapping[str, Any], *, comment: str, complete: bool, now: Any
) -> Response:
    """Write an answer for ``link``, read and locked in this transaction. A first answer costs
    four statements (the response, the invitation, the review's state if it moves, one INSERT
    for the audit entries); cancelling queued reminders adds one only when some were queued."""
    if link.state not in ANSWERABLE:
        raise SurveyClosed("This review is closed.", code="closed")
    if now >= link.expires_at:
        raise SurveyClosed("This link has expired.", code="expired")
    clean = clean_scores(questions_of(link.question_set_id), scores)
    if complete and "overall" not in clean:
        raise ValidationError(gettext("Please give an overall score."), code="required")
    comment = check_text(comment, multiline=True, limit=COMMENT_MAX) if comment.strip() else ""
    # The review as the audit log names it ("Project · period"), without reading it again.
    cycle = ReviewCycle(
        pk=link.cycle_id, project_id=link.project_id, period=link.period, state=link.state
    )
    cycle.project = Project(pk=link.project_id, name=link.project_name)
    common = {
        "project_id": link.project_id,
        "cycle": cycle,
        "period": link.period,
        "source": ResponseSource.SURVEY,
        "confidentiality": link.confidentiality,
        "question_set_id": link.question_set_id,
    }
    entries = []
    if link.is_anonymous:
        # The conditional UPDATE is the single-use guard: only one request can flip it.
        if not Invitation.objects.filter(pk=link.invitation_id, used=False).update(used=True):
            raise SurveyClosed("These answers were already sent.", code="used")
        # No quasi-identifier: the customer's language, not the person's (a French speaker
        # among English ones would be recognised by it). The month only, no role.
        response = Response(
            **common,
            language=link.customer_language,
            scores=clean,
            overall=clean.get("overall"),
            comment=comment,
            is_complete=complete,
            submitted_on=now.date().replace(day=1),
        )
        insert_row(response)
    else:
        merged = {**(link.response_scores or {}), **clean}
        response = Response(
            **common,
            id=link.response_id or uuid.uuid4(),
            invitation_id=link.invitation_id,
            stakeholder_id=link.stakeholder_id,
            respondent_role=link.stakeholder_role,
            language=link.language,
            scores=merged,
            overall=merged.get("overall"),
            comment=comment or (link.response_comment or ""),
            is_complete=bool(link.response_complete) or complete,
            submitted_on=now.date(),
            submitted_at=now,
        )
        if link.response_id is None:
            insert_row(response)
        else:
            changed = ["scores", "overall", "is_complete", "submitted_on", "submitted_at"]
            response._state.adding = False  # it exists
            update_row(response, [*changed, "comment"] if comment else changed)
        update_row(Invitation(pk=link.invitation_id, used=True, responded_at=now), _ANSWERED)
        entries.append(
            build_entry(
                "feedback.response.submitted",
                obj=response,
                by=link.stakeholder_name,
                changes={"complete": response.is_complete, "answers": len(response.scores)},
            )
        )
    if link.reminders_sent or link.email_retried:  # otherwise none can be queued
        cancel_pending_reminders(link.invitation_id)
    if link.state in (CycleState.PLANNED, CycleState.INVITED, CycleState.EXPIRED):
        entries.append(transition_held(cycle, link.state, CycleState.RESPONDED, None))
    record_entries(entries)
    # Coalesced: one recompute of this project, from this period on, for many answers. Asked in
    # this transaction, so it commits with the answer: one write transaction per answer.
    request_health_recompute(link.project_id, link.period)
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
        raise ValidationError(
            gettext("This review is %(state)s.") % {"state": cycle.get_state_display().lower()}
        )
    if source not in (ResponseSource.MEETING, ResponseSource.CALL):
        raise ValidationError(gettext("A meeting records scores as a meeting or a call."))
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
