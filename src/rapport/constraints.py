"""A constraint's refusal under the field it is about, in words.

Django reports a failed ``UniqueConstraint`` over an expression (``Lower("name")``) or with a
condition, and every ``CheckConstraint``, as a form-wide error ("Constraint “…” is violated.").
Each constraint a person can break through a form or the API has a ``violation_error_message``
that says what is wrong and a ``violation_error_code``; a model on :class:`ConstraintFields`
maps those codes to fields (``CONSTRAINT_FIELDS``), so the message shows next to the field in
the console and under the field's name in the API's ``errors``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


def on_fields(error: ValidationError, fields: Mapping[str, str]) -> ValidationError:
    """``error`` with each form-wide message whose code ``fields`` maps moved to that field."""
    keyed: dict[str, list[ValidationError]] = {}
    for field, errors in error.error_dict.items():
        for each in errors:
            target = fields.get(each.code or "", field) if field == NON_FIELD_ERRORS else field
            keyed.setdefault(target, []).append(each)
    return ValidationError(keyed)


class ConstraintFields(models.Model):
    """A model whose constraints' refusals go under fields: ``{violation_error_code: field}``."""

    CONSTRAINT_FIELDS: ClassVar[Mapping[str, str]] = {}

    class Meta:
        abstract = True

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise on_fields(error, self.CONSTRAINT_FIELDS) from None
