"""Every change to customers and stakeholders goes through these functions (and the audit log)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from rapport.accounts.owners import RELATIONSHIP_OWNER_ROLES, check_owner
from rapport.audit.services import apply_changes, create_audited, record, update_audited
from rapport.customers.models import (
    DEFAULT_STAGES,
    Concern,
    ConcernStatus,
    Customer,
    JourneyStage,
    ListeningQuestion,
    ListeningSession,
    PainPoint,
    PainStatus,
    Stakeholder,
    ValueStatement,
)

CUSTOMER_FIELDS = (
    "name",
    "external_id",
    "kind",
    "value_provided",
    "serves",
    "motivations",
    "priorities",
    "preferred_channel",
    "language",
    "feedback_culture",
    "relationship_owner",
    "vocabulary",
)
STAKEHOLDER_FIELDS = (
    "name",
    "email",
    "role",
    "language",
    "power",
    "interest",
    "engagement_current",
    "engagement_desired",
    "is_active",
)


def _check_name_free(name: Any, pk: int | None = None) -> None:
    """Refuse a customer name that differs from another's only by case, as imports match names
    (``str.lower``, every alphabet). The database's own rule, ``lower(name)`` unique, folds only
    ASCII letters on SQLite: "Ünïcode" and "ünïcode" passed it, and an import then matched one
    of the two without saying which."""
    if not isinstance(name, str) or not name.strip():
        return  # the model's own validation says what is wrong
    key = name.strip().lower()
    others = Customer.objects.values_list("name", flat=True)
    if pk is not None:
        others = others.exclude(pk=pk)
    for other in others.iterator():
        if other.strip().lower() == key:
            raise ValidationError(
                {"name": gettext("A customer named “%(name)s” already exists.") % {"name": other}}
            )


@transaction.atomic
def create_customer(*, by: Any, **fields: Any) -> Customer:
    _check_name_free(fields.get("name"))
    check_owner(
        "relationship_owner",
        fields.get("relationship_owner"),
        RELATIONSHIP_OWNER_ROLES,
        current=None,
    )
    return create_audited(Customer, "customers.customer.created", by=by, **fields)


@transaction.atomic
def update_customer(customer: Customer, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    if "name" in fields:
        _check_name_free(fields["name"], customer.pk)
    if "relationship_owner" in fields:
        check_owner(
            "relationship_owner",
            fields["relationship_owner"],
            RELATIONSHIP_OWNER_ROLES,
            current=customer.relationship_owner_id,
        )
    return update_audited(
        customer, "customers.customer.updated", by=by, allowed=CUSTOMER_FIELDS, **fields
    )


@transaction.atomic
def create_stakeholder(customer: Customer, *, by: Any, **fields: Any) -> Stakeholder:
    if "email" in fields:
        fields["email"] = (fields["email"] or "").strip().lower()
    return create_audited(
        Stakeholder, "customers.stakeholder.created", by=by, customer=customer, **fields
    )


@transaction.atomic
def update_stakeholder(stakeholder: Stakeholder, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    if "email" in fields:
        fields["email"] = (fields["email"] or "").strip().lower()
    return update_audited(
        stakeholder, "customers.stakeholder.updated", by=by, allowed=STAKEHOLDER_FIELDS, **fields
    )


# --- Listening sessions and value statements ---------------------------------------------------

SESSION_FIELDS = ("held_on", "others_present", "questions", "story", "is_private")


def _set_attendees(session: ListeningSession, attendees: Iterable[Stakeholder]) -> list[str]:
    people = list(attendees)
    foreign = [s for s in people if s.customer_id != session.customer_id]
    if foreign:
        raise ValidationError(
            {
                "attendees": gettext("%(person)s is not a stakeholder of %(customer)s.")
                % {"person": foreign[0], "customer": session.customer}
            }
        )
    session.attendees.set(people)
    return sorted(str(s) for s in people)


@transaction.atomic
def create_listening_session(
    customer: Customer,
    *,
    by: Any,
    attendees: Iterable[Stakeholder] = (),
    **fields: Any,
) -> ListeningSession:
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"Cannot set {', '.join(sorted(unknown))}.")
    recorded_by = by if getattr(by, "is_authenticated", False) else None
    session = ListeningSession(customer=customer, recorded_by=recorded_by, **fields)
    session.full_clean()
    session.save()
    names = _set_attendees(session, attendees)
    record(
        "customers.listening_session.created",
        by=by,
        obj=session,
        changes={**fields, "customer": str(customer), "attendees": names},
    )
    return session


@transaction.atomic
def update_listening_session(
    session: ListeningSession,
    *,
    by: Any,
    attendees: Iterable[Stakeholder] | None = None,
    **fields: Any,
) -> dict[str, list[Any]]:
    diff = apply_changes(session, fields, SESSION_FIELDS)
    if diff:
        session.full_clean()
        session.save()
    if attendees is not None:
        before = sorted(str(s) for s in session.attendees.all())
        after = _set_attendees(session, attendees)
        if before != after:
            diff["attendees"] = [before, after]
    if diff:
        record("customers.listening_session.updated", by=by, obj=session, changes=diff)
    return diff


@transaction.atomic
def add_value_statement(
    session: ListeningSession, *, by: Any, text: str, weight: int = 3
) -> ValueStatement:
    return create_audited(
        ValueStatement,
        "customers.value_statement.created",
        by=by,
        session=session,
        text=(text or "").strip(),
        weight=weight,
    )


@transaction.atomic
def update_value_statement(
    statement: ValueStatement, *, by: Any, **fields: Any
) -> dict[str, list[Any]]:
    return update_audited(
        statement, "customers.value_statement.updated", by=by, allowed=("text", "weight"), **fields
    )


@transaction.atomic
def remove_value_statement(statement: ValueStatement, *, by: Any) -> None:
    record(
        "customers.value_statement.removed",
        by=by,
        obj=statement,
        changes={"text": statement.text, "session": str(statement.session)},
    )
    statement.delete()


# --- The PMO's prompt list of good open questions ----------------------------------------------


@transaction.atomic
def create_listening_question(
    *, by: Any, text: str, position: int | None = None
) -> ListeningQuestion:
    if position is None:
        last = ListeningQuestion.objects.order_by("-position").first()
        position = (last.position + 1) if last else 1
    return create_audited(
        ListeningQuestion,
        "customers.listening_question.created",
        by=by,
        text=(text or "").strip(),
        position=position,
    )


@transaction.atomic
def update_listening_question(
    question: ListeningQuestion, *, by: Any, **fields: Any
) -> dict[str, list[Any]]:
    if fields.get("position", 0) is None:
        del fields["position"]
    return update_audited(
        question,
        "customers.listening_question.updated",
        by=by,
        allowed=("text", "position", "is_active"),
        **fields,
    )


# --- Journey stages and pain points ------------------------------------------------------------

STAGE_FIELDS = ("name", "experience", "notes")
PAIN_FIELDS = ("stage", "description", "severity", "frequency", "source", "status")


@transaction.atomic
def ensure_journey(customer: Customer, *, by: Any) -> list[JourneyStage]:
    """The customer's stages; the default journey is created the first time it is needed."""
    stages = list(customer.journey_stages.all())
    if stages:
        return stages
    for position, name in enumerate(DEFAULT_STAGES, start=1):
        JourneyStage.objects.create(customer=customer, name=name, position=position)
    record(
        "customers.journey.created",
        by=by,
        obj=customer,
        changes={"stages": list(DEFAULT_STAGES)},
    )
    return list(customer.journey_stages.all())


@transaction.atomic
def add_journey_stage(customer: Customer, *, by: Any, name: str, **fields: Any) -> JourneyStage:
    last = customer.journey_stages.order_by("-position").first()
    return create_audited(
        JourneyStage,
        "customers.journey_stage.created",
        by=by,
        customer=customer,
        name=(name or "").strip(),
        position=(last.position + 1) if last else 1,
        **fields,
    )


@transaction.atomic
def update_journey_stage(stage: JourneyStage, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
    return update_audited(
        stage, "customers.journey_stage.updated", by=by, allowed=STAGE_FIELDS, **fields
    )


@transaction.atomic
def move_journey_stage(stage: JourneyStage, *, by: Any, offset: int) -> None:
    """Move a stage ``offset`` places left (negative) or right (positive) in the journey."""
    stages = list(stage.customer.journey_stages.select_for_update().order_by("position", "pk"))
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    target = min(max(index + offset, 0), len(stages) - 1)
    if target == index:
        return
    stages.insert(target, stages.pop(index))
    for position, s in enumerate(stages, start=1):
        if s.position != position:
            JourneyStage.objects.filter(pk=s.pk).update(position=position)
    record(
        "customers.journey_stage.moved",
        by=by,
        obj=stage,
        changes={"position": [index + 1, target + 1]},
    )


@transaction.atomic
def remove_journey_stage(stage: JourneyStage, *, by: Any) -> None:
    if stage.pain_points.exists():
        raise ValidationError(
            gettext("The stage “%(name)s” still has pain points. Move or remove them first.")
            % {"name": stage.name}
        )
    record("customers.journey_stage.removed", by=by, obj=stage, changes={"name": stage.name})
    stage.delete()


def _check_stage(customer_id: int, stage: JourneyStage) -> None:
    if stage.customer_id != customer_id:
        raise ValidationError(
            {"stage": gettext("That stage belongs to another customer's journey.")}
        )


@transaction.atomic
def create_pain_point(
    customer: Customer, *, by: Any, stage: JourneyStage, **fields: Any
) -> PainPoint:
    _check_stage(customer.pk, stage)
    unknown = set(fields) - set(PAIN_FIELDS)
    if unknown:
        raise ValueError(f"Cannot set {', '.join(sorted(unknown))}.")
    return create_audited(
        PainPoint, "customers.pain_point.created", by=by, customer=customer, stage=stage, **fields
    )


@transaction.atomic
def update_pain_point(pain: PainPoint, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    if "stage" in fields:
        _check_stage(pain.customer_id, fields["stage"])
    return update_audited(
        pain, "customers.pain_point.updated", by=by, allowed=PAIN_FIELDS, **fields
    )


@transaction.atomic
def address_pain_point(pain: PainPoint, *, by: Any) -> dict[str, list[Any]]:
    return update_pain_point(pain, by=by, status=PainStatus.ADDRESSED)


# --- Concerns ----------------------------------------------------------------------------------

CONCERN_FIELDS = ("raised_by", "raised_by_text", "heard_on", "text")

# The one place that says which status may follow which (see ``transition_concern``).
CONCERN_TRANSITIONS: dict[str, frozenset[str]] = {
    ConcernStatus.OPEN: frozenset({ConcernStatus.RESPONDED}),
    ConcernStatus.RESPONDED: frozenset({ConcernStatus.RESOLVED, ConcernStatus.OPEN}),
    ConcernStatus.RESOLVED: frozenset({ConcernStatus.CONFIRMED, ConcernStatus.OPEN}),
    ConcernStatus.CONFIRMED: frozenset(),
}


def _check_raised_by(customer_id: int, stakeholder: Stakeholder | None) -> None:
    if stakeholder is not None and stakeholder.customer_id != customer_id:
        raise ValidationError(
            {
                "raised_by": gettext("%(person)s is not one of this customer's people.")
                % {"person": stakeholder}
            }
        )


@transaction.atomic
def create_concern(customer: Customer, *, by: Any, **fields: Any) -> Concern:
    unknown = set(fields) - set(CONCERN_FIELDS)
    if unknown:
        raise ValueError(f"Cannot set {', '.join(sorted(unknown))}.")
    _check_raised_by(customer.pk, fields.get("raised_by"))
    return create_audited(Concern, "customers.concern.created", by=by, customer=customer, **fields)


@transaction.atomic
def update_concern(concern: Concern, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    if "raised_by" in fields:
        _check_raised_by(concern.customer_id, fields["raised_by"])
    return update_audited(
        concern, "customers.concern.updated", by=by, allowed=(*CONCERN_FIELDS, "response"), **fields
    )


def allowed_concern_transitions(concern: Concern) -> list[str]:
    return sorted(CONCERN_TRANSITIONS[concern.status], key=ConcernStatus.values.index)


@transaction.atomic
def transition_concern(
    concern: Concern,
    to: str,
    *,
    by: Any,
    response: str | None = None,
    today: dt.date | None = None,
) -> Concern:
    """Move a concern along open → responded → resolved → confirmed (or back to open)."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if to not in CONCERN_TRANSITIONS.get(concern.status, ()):
        allowed = ", ".join(allowed_concern_transitions(concern)) or gettext("none (it is closed)")
        raise ValidationError(
            gettext("A concern cannot go from %(status)s to %(to)s. Allowed next: %(allowed)s.")
            % {"status": concern.status, "to": to, "allowed": allowed}
        )
    changes: dict[str, Any] = {"status": [concern.status, to]}
    if response is not None and response.strip() != concern.response:
        changes["response"] = [concern.response, response.strip()]
        concern.response = response.strip()
    if to == ConcernStatus.RESPONDED and not concern.response.strip():
        raise ValidationError({"response": gettext("Write the response you gave the customer.")})
    day = today or timezone.localdate()
    if to == ConcernStatus.RESOLVED:
        concern.closed_on = day
    elif to == ConcernStatus.CONFIRMED:
        concern.closed_on = concern.closed_on or day
    else:  # reopened or answered: the clock runs again
        concern.closed_on = None
    concern.status = to
    concern.full_clean()
    concern.save()
    record(f"customers.concern.{to}", by=by, obj=concern, changes=changes)
    return concern
