"""Writing the audit log. Service functions call ``record`` for every change they make."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

from rapport.audit.models import AuditEntry

M = TypeVar("M", bound=models.Model)


def _plain(value: Any) -> Any:
    """Turn a field value into something JSON can hold and a person can read."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def build_entry(
    action: str,
    *,
    by: Any = None,
    obj: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """The entry ``record`` writes, not yet saved: for a service that writes several entries
    in one INSERT (``record_entries``)."""
    if action.count(".") < 2:
        raise ValueError(f"Audit actions are dotted app.object.verb names, got {action!r}.")
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEntry(
        action=action,
        actor=actor,
        actor_label=str(actor) if actor else (str(by) if by else "system"),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes={k: _plain(v) for k, v in (changes or {}).items()},
    )


def record(
    action: str,
    *,
    by: Any = None,
    obj: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record that ``by`` did ``action`` to ``obj``.

    ``changes`` maps a field to ``[old, new]``, or to its value for a creation.
    """
    entry = build_entry(action, by=by, obj=obj, changes=changes)
    entry.save(force_insert=True)
    return entry


def record_entries(entries: Iterable[AuditEntry]) -> int:
    """Write entries from ``build_entry`` in one INSERT."""
    rows = list(entries)
    if rows:
        AuditEntry.objects.bulk_create(rows)
    return len(rows)


def apply_changes(
    instance: models.Model, fields: Mapping[str, Any], allowed: Iterable[str]
) -> dict[str, list[Any]]:
    """Set ``fields`` on ``instance`` and return what actually changed as field → [old, new].

    Unknown field names are refused: a typo must not pass silently.
    """
    allowed_set = set(allowed)
    unknown = set(fields) - allowed_set
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))}.")
    diff: dict[str, list[Any]] = {}
    for name, new in fields.items():
        old = getattr(instance, name)
        if old != new:
            diff[name] = [_plain(old), _plain(new)]
            setattr(instance, name, new)
    return diff


def history_for(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")


def create_audited(model: type[M], action: str, *, by: Any, **fields: Any) -> M:
    """Validate and create one ``model`` row, and record ``action`` with its field values.

    Raises ``django.core.exceptions.ValidationError`` (naming the fields) on bad input; nothing is
    written then.
    """
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    record(action, by=by, obj=instance, changes=dict(fields))
    return instance


def update_audited(
    instance: models.Model, action: str, *, by: Any, allowed: Iterable[str], **fields: Any
) -> dict[str, list[Any]]:
    """Validate and save changes to ``instance``; record ``action`` only when something changed."""
    diff = apply_changes(instance, fields, allowed)
    if diff:
        instance.full_clean()
        instance.save()
        record(action, by=by, obj=instance, changes=diff)
    return diff


def record_many(
    entries: Iterable[tuple[str, models.Model, Mapping[str, Any]]], *, by: Any = None
) -> int:
    """``record`` for many objects in one INSERT (bulk services such as the health recompute)."""
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    label = str(actor) if actor else (str(by) if by else "system")
    rows = []
    for action, obj, changes in entries:
        if action.count(".") < 2:
            raise ValueError(f"Audit actions are dotted app.object.verb names, got {action!r}.")
        rows.append(
            AuditEntry(
                action=action,
                actor=actor,
                actor_label=label,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                changes={k: _plain(v) for k, v in changes.items()},
            )
        )
    AuditEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
