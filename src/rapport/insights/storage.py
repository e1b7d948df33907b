"""Bulk writes of the recompute: health snapshots and the per-period portfolio context.

A full recompute writes ~2,000 × 60 snapshots; built as model instances and passed through
``bulk_create`` that alone took longer than the whole computation, so snapshots are inserted
with one ``executemany`` of plain tuples (values adapted by the database's own operations, so
SQLite and PostgreSQL both get what their columns expect). A snapshot whose values did not
change is not written again: a recompute of an unchanged history reads the stored rows and
writes next to nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from rapport.insights.analytics.context import PeriodContext
from rapport.insights.models import HealthSnapshot, PeriodFit
from rapport.portfolio.models import Project

SNAPSHOT_FIELDS = (
    "n",
    "mean",
    "adjusted",
    "theta",
    "low",
    "high",
    "method",
    "status",
    "delivery",
    "satisfaction",
    "engagement",
    "actions",
    "reasons",
    "signals",
)
BATCH = 5000
ID_CHUNK = 500  # project ids per IN (...) list


def write_snapshots(
    rows: Iterable, project_ids: set[int], *, since: str | None = None, everything: bool = False
) -> int:
    """Make the snapshots of ``project_ids`` (from ``since`` on, else all their periods) those in
    ``rows`` (``recompute.SnapshotRow``). ``everything``: the ids are the whole portfolio.

    Only what changed is written: a stored snapshot whose values are the same is kept as it is
    (with its ``computed_at``), one that changed is replaced, one no longer produced is deleted.
    A daily recompute of an unchanged history writes next to nothing. Returns how many
    snapshots ``project_ids`` now have in that span.
    """
    scope = HealthSnapshot.objects.all()
    if not everything:
        scope = scope.filter(project_id__in=project_ids)
    if since:
        scope = scope.filter(period__gte=since)
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    names = ("project_id", "period", *SNAPSHOT_FIELDS, "computed_at", "latest")
    table = ops.quote_name(HealthSnapshot._meta.db_table)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        table, ", ".join(ops.quote_name(n) for n in names), ", ".join(["%s"] * len(names))
    )
    encoded: dict[tuple, object] = {}  # reasons repeat, most months have no signal: encode once
    empty = ops.adapt_json_value([], None)

    def adapt(value: list) -> object:
        if not value:
            return empty  # no signal, no reason: most snapshots
        key = tuple(value) if all(isinstance(v, str) for v in value) else None
        if key is None:
            return ops.adapt_json_value(value, None)
        found = encoded.get(key)
        if found is None:
            found = encoded[key] = ops.adapt_json_value(value, None)
        return found

    kept = 0
    with transaction.atomic(), connection.cursor() as cursor:
        stored = _stored(scope)
        stale: list[int] = []
        batch: list[tuple] = []
        for row in rows:
            if row.project_id not in project_ids or (since and row.period < since):
                continue
            kept += 1
            old = stored.pop((row.project_id, row.period), None)
            if old is not None:
                if old[1] == row[2:]:
                    continue  # the same values: keep the stored row
                stale.append(old[0])
            batch.append((*row[:-2], adapt(row.reasons), adapt(row.signals), now, False))
            if len(batch) >= BATCH:
                _delete(stale)
                cursor.executemany(sql, batch)
                batch, stale = [], []
        stale.extend(pk for pk, _ in stored.values())  # no longer produced
        _delete(stale)
        if batch:
            cursor.executemany(sql, batch)
        mark_latest(None if everything else project_ids)
    return kept


def _stored(scope: Any) -> dict[tuple[int, str], tuple[int, tuple]]:
    """The stored snapshots of ``scope``: (project, period) → (pk, the ``SNAPSHOT_FIELDS``)."""
    from django.core.exceptions import EmptyResultSet

    try:
        sql, params = (
            scope.order_by().values_list("pk", "project_id", "period", *SNAPSHOT_FIELDS).query
        ).sql_with_params()
    except EmptyResultSet:
        return {}
    decoded: dict[str, Any] = {}  # JSON text → value; the same reasons repeat

    def load(text: Any) -> Any:
        if not isinstance(text, str):
            return text
        value = decoded.get(text)
        if value is None:
            value = decoded[text] = json.loads(text)
        return value

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            (pid, period): (pk, (*values[:-2], load(values[-2]), load(values[-1])))
            for pk, pid, period, *values in cursor.fetchall()
        }


def _delete(ids: list[int]) -> None:
    for i in range(0, len(ids), ID_CHUNK):
        HealthSnapshot.objects.filter(pk__in=ids[i : i + ID_CHUNK])._raw_delete(
            HealthSnapshot.objects.db
        )


def mark_latest(project_ids: Iterable[int] | None = None) -> None:
    """Flag the latest snapshot of each of ``project_ids`` (``None``: every project) as
    ``latest`` and only that one: call it in the transaction that wrote their snapshots."""
    chunks: list[list[int] | None]
    if project_ids is None:
        chunks = [None]
    else:
        ids = sorted(set(project_ids))
        chunks = [ids[i : i + ID_CHUNK] for i in range(0, len(ids), ID_CHUNK)]
    newest = HealthSnapshot.objects.filter(project=OuterRef("pk")).order_by("-period")
    with transaction.atomic():
        for chunk in chunks:
            flagged = HealthSnapshot.objects.filter(latest=True)
            projects = Project.objects.all()
            if chunk is not None:
                flagged = flagged.filter(project_id__in=chunk)
                projects = projects.filter(pk__in=chunk)
            flagged.update(latest=False)
            ids = projects.annotate(  # type: ignore[assignment]  # the name now holds the subquery
                newest=Subquery(newest.values("pk")[:1])
            ).values("newest")
            HealthSnapshot.objects.filter(pk__in=ids).update(latest=True)


def store_contexts(contexts: dict[str, PeriodContext]) -> None:
    """Replace the stored portfolio context of every period with ``contexts``."""
    now = timezone.now()
    with transaction.atomic():
        PeriodFit.objects.all().delete()
        PeriodFit.objects.bulk_create(
            PeriodFit(period=p, context=c.as_dict(), computed_at=now) for p, c in contexts.items()
        )


def load_contexts() -> dict[str, PeriodContext]:
    """The stored portfolio context per period (empty before the first full recompute)."""
    return {
        period: PeriodContext.from_dict(raw)
        for period, raw in PeriodFit.objects.values_list("period", "context")
    }


def latest_roles(contexts: dict[str, PeriodContext]) -> set[str] | None:
    if not contexts:
        return None
    return set(contexts[max(contexts)].roles)
