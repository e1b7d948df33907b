"""Shapes and input types shared by every router of the JSON API (docs/api-errors.md).

Every input is bounded so that bad input gets a 4xx answer, never a server error: ids and page
numbers fit the database's 64-bit integers, text has no control characters and a length limit
(``rapport.text``), small scales have their range.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.schema import DjangoGetter
from pydantic import AfterValidator, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from rapport.text import LINE_MAX, TEXT_MAX, control_character_problem

# Ids are 64-bit on SQLite and PostgreSQL alike.
MAX_ID = 2**63 - 1


def _line(value: str) -> str:
    problem = control_character_problem(value, multiline=False)
    if problem:
        raise ValueError(problem)
    return value


def _multiline(value: str) -> str:
    problem = control_character_problem(value, multiline=True)
    if problem:
        raise ValueError(problem)
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID, description="An id (a whole number ≥ 1).")]
# One line of text: a name, a code, a filter, a search term.
Line = Annotated[str, Field(max_length=LINE_MAX), AfterValidator(_line)]
# Free text over several lines: a story, a description, notes, a response.
Text = Annotated[str, Field(max_length=TEXT_MAX), AfterValidator(_multiline)]
# A short list of one-line entries (priorities, questions, vocabulary).
Lines = Annotated[list[Line], Field(max_length=100)]
IdList = Annotated[list[Id], Field(max_length=500)]
# A rating from 1 to 5 (a weight, a severity, power and interest).
Level = Annotated[int, Field(ge=1, le=5)]


class Input(Schema):
    """A request body: a JSON object with only the operation's fields.

    Anything else is a 422 (docs/api-errors.md): a list, a string, a number or null, and an
    object with a field the operation does not know (a typo must not pass silently, least of
    all in a PATCH, where it would change nothing and still answer 200).
    """

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # Ninja reads fields from any object by attribute (its DjangoGetter wraps the dict).
        if isinstance(data, dict | DjangoGetter):
            return data
        raise PydanticCustomError("object_type", "The body must be a JSON object of fields.")


class ErrorOut(Schema):
    detail: str


class InvalidOut(Schema):
    """422: what is wrong, per field. ``detail`` is a sentence (a rule of Rapport's) or the
    list of fields that failed their type or range."""

    detail: str | list[dict[str, Any]]
    errors: dict[str, list[str]] | None = None
