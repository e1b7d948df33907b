"""The JSON shapes of the customers API (in and out)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


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


class CustomerIn(Schema):
    name: str
    external_id: str = ""
    kind: str = "business_unit"
    value_provided: str = ""
    serves: str = ""
    motivations: str = ""
    priorities: list[str] = Field(default_factory=list)
    preferred_channel: str = "meeting"
    language: str = "en"
    feedback_culture: str = "attributed"
    vocabulary: list[str] = Field(default_factory=list)
    relationship_owner_id: int | None = None


class CustomerPatch(Schema):
    name: str | None = None
    external_id: str | None = None
    kind: str | None = None
    value_provided: str | None = None
    serves: str | None = None
    motivations: str | None = None
    priorities: list[str] | None = None
    preferred_channel: str | None = None
    language: str | None = None
    feedback_culture: str | None = None
    vocabulary: list[str] | None = None
    relationship_owner_id: int | None = None


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
    def resolve_project_ids(obj) -> list[int]:
        return [p.pk for p in obj.projects.all()]


class StakeholderIn(Schema):
    customer_id: int
    name: str
    email: str = ""
    role: str = ""
    language: str = "en"
    power: int = 3
    interest: int = 3
    engagement_current: str = "neutral"
    engagement_desired: str = "supportive"


class StakeholderPatch(Schema):
    name: str | None = None
    email: str | None = None
    role: str | None = None
    language: str | None = None
    power: int | None = None
    interest: int | None = None
    engagement_current: str | None = None
    engagement_desired: str | None = None
    is_active: bool | None = None


class ProjectLinkIn(Schema):
    project_id: int
    role_on_project: str = ""


class ValueStatementOut(Schema):
    id: int
    session_id: int
    text: str
    weight: int


class ValueStatementIn(Schema):
    text: str
    weight: int = 3


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
    def resolve_attendee_ids(obj) -> list[int]:
        return [a.pk for a in obj.attendees.all()]

    @staticmethod
    def resolve_value_statements(obj) -> list:
        return list(obj.value_statements.all())


class SessionIn(Schema):
    customer_id: int
    held_on: dt.date | None = None
    attendee_ids: list[int] = Field(default_factory=list)
    others_present: str = ""
    questions: list[str] = Field(default_factory=list)
    story: str = ""
    is_private: bool = False


class SessionPatch(Schema):
    held_on: dt.date | None = None
    attendee_ids: list[int] | None = None
    others_present: str | None = None
    questions: list[str] | None = None
    story: str | None = None
    is_private: bool | None = None


class StageOut(Schema):
    id: int
    customer_id: int
    name: str
    position: int
    experience: int
    notes: str


class StageIn(Schema):
    customer_id: int
    name: str
    experience: int = 0
    notes: str = ""


class StagePatch(Schema):
    name: str | None = None
    experience: int | None = None
    notes: str | None = None
    move: int | None = Field(None, description="Move left (negative) or right (positive).")


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
    def resolve_stage_name(obj) -> str:
        return obj.stage.name


class PainIn(Schema):
    customer_id: int
    stage_id: int
    description: str
    severity: int = 3
    frequency: str = "monthly"
    source: str = "listening"
    status: str = "open"


class PainPatch(Schema):
    stage_id: int | None = None
    description: str | None = None
    severity: int | None = None
    frequency: str | None = None
    source: str | None = None
    status: str | None = None


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
    def resolve_days_open(obj) -> int:
        return obj.days_open()

    @staticmethod
    def resolve_allowed_transitions(obj) -> list[str]:
        from rapport.customers.services import allowed_concern_transitions

        return allowed_concern_transitions(obj)


class ConcernIn(Schema):
    customer_id: int
    text: str
    heard_on: dt.date | None = None
    raised_by_id: int | None = None
    raised_by_text: str = ""


class ConcernPatch(Schema):
    text: str | None = None
    heard_on: dt.date | None = None
    raised_by_id: int | None = None
    raised_by_text: str | None = None
    response: str | None = None


class TransitionIn(Schema):
    to: str
    response: str | None = None
