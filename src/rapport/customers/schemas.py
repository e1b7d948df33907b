"""The JSON shapes of the customers API (in and out)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema

from rapport.accounts.permissions import concern_author_customers
from rapport.api.schemas import Id, IdList, Input, Level, Line, Lines, Text

Experience = Annotated[int, Field(ge=-2, le=2)]
Move = Annotated[int, Field(ge=-100, le=100)]


class CustomerOut(Schema):
    id: int
    name: str
    external_id: str
    kind: str
    value_provided: str
    serves: str
    motivations: str
    preferred_channel: str
    language: str
    feedback_culture: str
    priorities: list[str]
    vocabulary: list[str]
    relationship_owner_id: int | None


class CustomerIn(Input):
    name: Line
    external_id: Line = ""
    kind: Line = "business_unit"
    value_provided: Text = ""
    serves: Text = ""
    motivations: Text = ""
    priorities: Lines = Field(default_factory=list)
    preferred_channel: Line = "meeting"
    language: Line = "en"
    feedback_culture: Line = "attributed"
    vocabulary: Lines = Field(default_factory=list)
    relationship_owner_id: Id | None = None


class CustomerPatch(Input):
    # Left out: unchanged (the default is never validated, so no "| None": null is refused).
    name: Line = Field(None)  # type: ignore[assignment]
    external_id: Line = Field(None)  # type: ignore[assignment]
    kind: Line = Field(None)  # type: ignore[assignment]
    value_provided: Text = Field(None)  # type: ignore[assignment]
    serves: Text = Field(None)  # type: ignore[assignment]
    motivations: Text = Field(None)  # type: ignore[assignment]
    priorities: Lines = Field(None)  # type: ignore[arg-type]
    preferred_channel: Line = Field(None)  # type: ignore[assignment]
    language: Line = Field(None)  # type: ignore[assignment]
    feedback_culture: Line = Field(None)  # type: ignore[assignment]
    vocabulary: Lines = Field(None)  # type: ignore[arg-type]
    relationship_owner_id: Id | None = None


class StakeholderOut(Schema):
    id: int
    customer_id: int
    name: str
    email: str
    role: str
    language: str
    power: int
    interest: int
    quadrant: str
    engagement_current: str
    engagement_desired: str
    is_active: bool
    project_ids: list[int]

    @staticmethod
    def resolve_project_ids(obj: Any) -> list[int]:
        return [p.pk for p in obj.projects.all()]


class StakeholderIn(Input):
    customer_id: Id
    name: Line
    email: Line = ""
    role: Line = ""
    language: Line = "en"
    power: Level = 3
    interest: Level = 3
    engagement_current: Line = "neutral"
    engagement_desired: Line = "supportive"


class StakeholderPatch(Input):
    # Left out: unchanged (the default is never validated, so no "| None": null is refused).
    name: Line = Field(None)  # type: ignore[assignment]
    email: Line = Field(None)  # type: ignore[assignment]
    role: Line = Field(None)  # type: ignore[assignment]
    language: Line = Field(None)  # type: ignore[assignment]
    power: Level = Field(None)  # type: ignore[assignment]
    interest: Level = Field(None)  # type: ignore[assignment]
    engagement_current: Line = Field(None)  # type: ignore[assignment]
    engagement_desired: Line = Field(None)  # type: ignore[assignment]
    is_active: bool = Field(None)  # type: ignore[assignment]


class ProjectLinkIn(Input):
    project_id: Id
    role_on_project: Line = ""


class ValueStatementOut(Schema):
    id: int
    session_id: int
    text: str
    weight: int


class ValueStatementIn(Input):
    text: Text
    weight: Level = 3


class SessionOut(Schema):
    id: int
    customer_id: int
    held_on: dt.date
    attendee_ids: list[int]
    others_present: str
    questions: list[str]
    story: str
    is_private: bool
    value_statements: list[ValueStatementOut]

    @staticmethod
    def resolve_attendee_ids(obj: Any) -> list[int]:
        return [a.pk for a in obj.attendees.all()]

    @staticmethod
    def resolve_value_statements(obj: Any) -> list:
        return list(obj.value_statements.all())


class SessionIn(Input):
    customer_id: Id
    held_on: dt.date | None = None
    attendee_ids: IdList = Field(default_factory=list)
    others_present: Line = ""
    questions: Lines = Field(default_factory=list)
    story: Text = ""
    is_private: bool = False


class SessionPatch(Input):
    # Left out: unchanged (the default is never validated, so no "| None": null is refused).
    held_on: dt.date = Field(None)  # type: ignore[assignment]
    attendee_ids: IdList = Field(None)  # type: ignore[arg-type]
    others_present: Line = Field(None)  # type: ignore[assignment]
    questions: Lines = Field(None)  # type: ignore[arg-type]
    story: Text = Field(None)  # type: ignore[assignment]
    is_private: bool = Field(None)  # type: ignore[assignment]


class StageOut(Schema):
    id: int
    customer_id: int
    name: str
    position: int
    experience: int
    notes: str


class StageIn(Input):
    customer_id: Id
    name: Line
    experience: Experience = 0
    notes: Text = ""


class StagePatch(Input):
    # Left out: unchanged (the default is never validated, so no "| None": null is refused).
    name: Line = Field(None)  # type: ignore[assignment]
    experience: Experience = Field(None)  # type: ignore[assignment]
    notes: Text = Field(None)  # type: ignore[assignment]
    move: Move = Field(None, description="Move left (negative) or right (positive).")  # type: ignore[assignment]


class PainOut(Schema):
    id: int
    customer_id: int
    stage_id: int
    stage_name: str
    description: str
    severity: int
    frequency: str
    source: str
    status: str

    @staticmethod
    def resolve_stage_name(obj: Any) -> str:
        return obj.stage.name


class PainIn(Input):
    customer_id: Id
    stage_id: Id
    description: Text
    severity: Level = 3
    frequency: Line = "monthly"
    source: Line = "listening"
    status: Line = "open"


class PainPatch(Input):
    # Left out: unchanged (the default is never validated, so no "| None": null is refused).
    stage_id: Id = Field(None)  # type: ignore[assignment]
    description: Text = Field(None)  # type: ignore[assignment]
    severity: Level = Field(None)  # type: ignore[assignment]
    frequency: Line = Field(None)  # type: ignore[assignment]
    source: Line = Field(None)  # type: ignore[assignment]
    status: Line = Field(None)  # type: ignore[assignment]


def _may_see_author(concern: Any, context: dict[str, Any]) -> bool:
    """Whether the API's reader may see who raised ``concern`` (one query per request)."""
    request = context["request"]
    allowed = getattr(request, "_concern_author_customers", None)
    if allowed is None:
        allowed = set(concern_author_customers(request.user).values_list("pk", flat=True))
        request._concern_author_customers = allowed
    return concern.customer_id in allowed


class ConcernOut(Schema):
    id: int
    customer_id: int
    raised_by_id: int | None
    raised_by_text: str
    heard_on: dt.date
    text: str
    response: str
    status: str
    closed_on: dt.date | None
    days_open: int
    allowed_transitions: list[str]

    @staticmethod
    def resolve_days_open(obj: Any) -> int:
        return obj.days_open()

    # Who raised it only for readers who may know (``concern_author_customers``).
    @staticmethod
    def resolve_raised_by_id(obj: Any, context: dict[str, Any]) -> int | None:
        return obj.raised_by_id if _may_see_author(obj, context) else None

    @staticmethod
    def resolve_raised_by_text(obj: Any, context: dict[str, Any]) -> str:
        return str(obj.raised_by_text) if _may_see_author(obj, context) else ""

    @staticmethod
    def resolve_allowed_transitions(obj: Any) -> list[str]:
        from rapport.customers.services import allowed_concern_transitions

        return allowed_concern_transitions(obj)


class ConcernIn(Input):
    customer_id: Id
    text: Text
    heard_on: dt.date | None = None
    raised_by_id: Id | None = None
    raised_by_text: Line = ""


class ConcernPatch(Input):
    # Left out: unchanged (the default is never validated, so no "| None": null is refused).
    text: Text = Field(None)  # type: ignore[assignment]
    heard_on: dt.date = Field(None)  # type: ignore[assignment]
    raised_by_id: Id | None = None
    raised_by_text: Line = Field(None)  # type: ignore[assignment]
    response: Text = Field(None)  # type: ignore[assignment]


class TransitionIn(Input):
    to: Line
    response: Text | None = None
