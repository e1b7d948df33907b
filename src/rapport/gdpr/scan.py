"""Find every row that mentions a person, in every table Rapport has.

Erasure and export both need "every row that names them", not only the rows a foreign key
links: a name typed into meeting minutes, an email address in an import's error list, a name in
an audit entry's changes. ``mentions`` scans each text and JSON column of every model for the
given strings (case-insensitive). It is one query per column: an erasure or an export is rare,
and a scan of the whole database is what makes "no row names them" true.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)
# Rapport's users are colleagues, not stakeholders: their accounts are never rewritten here.
# Sessions are opaque, signed blobs that expire on their own.
SKIPPED = {"sessions.session", "contenttypes.contenttype", "auth.permission"}
ERASED = "[erased]"


@dataclass(frozen=True)
class Column:
    model: type[models.Model]
    field: models.Field

    @property
    def is_json(self) -> bool:
        return isinstance(self.field, models.JSONField)


def text_columns() -> Iterator[Column]:
    """Every concrete text or JSON column of every installed model (but users and sessions)."""
    skipped = SKIPPED | {settings.AUTH_USER_MODEL.lower()}
    for model in apps.get_models():
        if model._meta.label_lower in skipped or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, TEXT_FIELDS) and not field.primary_key and not field.choices:
                yield Column(model, field)


def binary_columns() -> Iterator[Column]:
    """Every stored file (binary column): uploaded imports, PDF reports."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.BinaryField):
                yield Column(model, field)


def binary_mentions(texts: list[str]) -> dict[Column, list[Any]]:
    """The rows whose stored file holds one of ``texts`` as plain bytes (UTF-8, any case);
    read in Python, one row at a time (a compressed PDF never matches: see ``erase``)."""
    wanted = [t.lower().encode() for t in texts]
    found: dict[Column, list[Any]] = {}
    if not wanted:
        return found
    for column in binary_columns():
        name = column.field.name
        qs = column.model._default_manager.order_by().exclude(**{f"{name}__isnull": True})
        for pk in qs.values_list("pk", flat=True).iterator():
            data = qs.filter(pk=pk).values_list(name, flat=True).first()
            if data and any(t in bytes(data).lower() for t in wanted):
                found.setdefault(column, []).append(pk)
    return found


def needles(name: str, email: str) -> list[str]:
    """The strings that name a person: their full name and their email address."""
    found: list[str] = []
    for value in (name.strip(), email.strip()):
        if len(value) >= 3 and value.lower() not in {n.lower() for n in found}:
            found.append(value)
    return found


def _variants(needle: str) -> set[str]:
    # JSON columns may hold non-ASCII letters escaped (SQLite stores ``json.dumps`` output).
    return {needle, json.dumps(needle)[1:-1]}


def _filter(column: Column, texts: Iterable[str]) -> Q:
    lookup = "_as_text__icontains" if column.is_json else f"{column.field.name}__icontains"
    q = Q()
    for text in texts:
        for variant in _variants(text):
            q |= Q(**{lookup: variant})
    return q


def matching(column: Column, texts: list[str]) -> models.QuerySet:
    """Rows of ``column.model`` whose ``column`` contains one of ``texts`` (case-insensitive)."""
    qs = column.model._default_manager.order_by()
    if column.is_json:
        qs = qs.annotate(_as_text=Cast(column.field.name, TextField()))
    return qs.filter(_filter(column, texts))


def mentions(texts: list[str]) -> dict[Column, list[Any]]:
    """The primary keys of the rows mentioning one of ``texts``, by column (non-empty only)."""
    found: dict[Column, list[Any]] = {}
    if not texts:
        return found
    for column in text_columns():
        pks = list(matching(column, texts).values_list("pk", flat=True))
        if pks:
            found[column] = pks
    return found


def _pattern(texts: list[str]) -> re.Pattern[str]:
    # A name is replaced where it stands as a word ("Ann" in "Annual report" stays).
    parts = sorted({re.escape(t) for t in texts}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def scrub_value(value: Any, pattern: re.Pattern[str]) -> Any:
    """``value`` with every mention replaced by ``[erased]`` (strings inside JSON too)."""
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [scrub_value(v, pattern) for v in value]
    if isinstance(value, dict):
        return {scrub_value(k, pattern): scrub_value(v, pattern) for k, v in value.items()}
    return value


def scrub(texts: list[str]) -> int:
    """Replace every mention of ``texts`` in every table; returns how many values changed."""
    if not texts:
        return 0
    pattern = _pattern(texts)
    changed = 0
    for column, pks in mentions(texts).items():
        name = column.field.name
        manager = column.model._default_manager
        for pk, value in manager.filter(pk__in=pks).values_list("pk", name):
            new = scrub_value(value, pattern)
            limit = getattr(column.field, "max_length", None)
            if isinstance(new, str) and limit:
                new = new[:limit]
            if new != value:
                manager.filter(pk=pk).update(**{name: new})
                changed += 1
    return changed
