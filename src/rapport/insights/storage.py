"""Bulk writes of the recompute: health snapshots and the per-period portfolio context.

A full recompute writes ~2,000 × 60 snapshots; built as model instances and passed through
``bulk_create`` that alone took longer than the whole computation, so snapshots are inserted
with one ``executemany`` of plain tuples (values adapted by the database's own operations, so
SQLite and PostgreSQL both get what their columns expect).
"""

from __future__ import annotations

from collections.abc import Iterable

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
JSON_FIELDS = ("reasons", "signals")
BATCH = 5000
ID_CHUNK = 500  # project ids per IN (...) list


def write_snapshots(
    rows: Iterable, project_ids: set[int], *, since: str | None = None, everything: bool = False
) -> int:
    """Replace the snapshots of ``project_ids`` (from ``since`` on, else all their periods) with
    ``rows`` (``recompute.SnapshotRow``). ``everything``: the ids are the whole portfolio."""
    stale = HealthSnapshot.objects.all()
    if not everything:
        stale = stale.filter(project_id__in=project_ids)
    if since:
        stale = stale.filter(period__gte=since)
    stale._raw_delete(stale.db)  # nothing refers to a snapshot: no cascade to collect
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    names = ("project_id", "period", *SNAPSHOT_FIELDS, "computed_at", "latest")
    table = ops.quote_name(HealthSnapshot._meta.db_table)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        table, ", ".join(ops.quote_name(n) for n in names), ", ".join(["%s"] * len(names))
    )
    json_at = {SNAPSHOT_FIELDS.index(n) for n in JSON_FIELDS}
    encoded: dict[tuple, object] = {}  # reasons repeat, most months have no signal: encode once

    def adapt(value: list) -> object:
        key = tuple(value) if all(isinstance(v, str) for v in value) else None
        if key is None:
            return ops.adapt_json_value(value, None)
        found = encoded.get(key)
        if found is None:
            found = encoded[key] = ops.adapt_json_value(value, None)
        return found

    batch: list[tuple] = []
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            if row.project_id not in project_ids or (since and row.period < since):
                continue
            values = [getattr(row, n) for n in SNAPSHOT_FIELDS]
            for i in json_at:
                values[i] = adapt(values[i])
            batch.append((row.project_id, row.period, *values, now, False))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
        mark_latest(None if everything else project_ids)
    return written


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
