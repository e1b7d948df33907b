"""Changes to a customer's roadmap: items, their status, and replanning them into waves.

The rules themselves live in ``roadmap.planning`` (pure); these functions apply them to rows and
write the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rapport.audit.services import record, update_audited
from rapport.customers.models import Customer, PainPoint
from rapport.roadmap import planning
from rapport.roadmap.models import (
    IN_FLIGHT,
    ITEM_TRANSITIONS,
    REPLANNABLE,
    ItemKind,
    ItemStatus,
    RoadmapItem,
)
from rapport.roadmap.services import plain_language_problem

ITEM_FIELDS = (
    "title",
    "outcome",
    "service",
    "reach",
    "pain_relief",
    "confidence",
    "effort",
    "adoption_pct",
    "customer_comments",
    "build_start",
    "build_end",
    "adoption_end",
    "outcome_translations",
)
DAYS_PER_MONTH = 30.44


def _normalize(fields: dict[str, Any]) -> dict[str, Any]:
    """Numbers as the columns store them (0.8 → Decimal("0.80")), so diffs stay honest."""
    for name, places in (("confidence", "0.01"), ("effort", "0.1")):
        if fields.get(name) is not None:
            try:
                fields[name] = Decimal(str(fields[name])).quantize(Decimal(places))
            except ArithmeticError as exc:
                raise ValidationError({name: _("Enter a number.")}) from exc
    return fields


def _derive(item: RoadmapItem) -> None:
    """Kind and RICE score follow from the inputs (planning.py decides)."""
    try:
        relief, effort = float(item.pain_relief), float(item.effort)
        item.rice_score = planning.rice(float(item.reach), relief, float(item.confidence), effort)
        item.kind = ItemKind.QUICK_WIN if planning.is_quick_win(relief, effort) else "capability"
    except (TypeError, ValueError) as exc:
        raise ValidationError(str(exc)) from exc


def _check(item: RoadmapItem) -> None:
    """An item past "proposed" must speak the customer's language."""
    if item.build_start and item.build_end and item.build_end < item.build_start:
        raise ValidationError({"build_end": _("The build cannot end before it starts.")})
    if item.adoption_end and item.build_end and item.adoption_end <= item.build_end:
        raise ValidationError({"adoption_end": _("Adoption ends after the build ends.")})
    if item.status in (ItemStatus.PROPOSED, ItemStatus.DROPPED):
        return
    # Written in the customer's language; each translation is checked in its own.
    problem = plain_language_problem(
        item.outcome, item.outcome_translations, customer=item.customer
    )
    if problem:
        raise ValidationError(
            {
                "outcome": _("Before it is planned, say the outcome in plain words. %(report)s")
                % {"report": problem}
            }
        )


def _set_pains(item: RoadmapItem, pains: Iterable[PainPoint] | None) -> list[Any] | None:
    if pains is None:
        return None
    wanted = list(pains)
    if any(p.customer_id != item.customer_id for p in wanted):
        raise ValidationError({"pain_points": _("Pick pain points of this customer only.")})
    before = sorted(item.pain_points.values_list("pk", flat=True))
    item.pain_points.set(wanted)
    after = sorted(p.pk for p in wanted)
    return None if before == after else [before, after]


@transaction.atomic
def create_item(
    customer: Customer, *, by: Any, pain_points: Iterable[PainPoint] = (), **fields: Any
) -> RoadmapItem:
    """A new roadmap item starts as proposed, at the end of the customer's list."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"Cannot set {', '.join(sorted(unknown))} on a new roadmap item.")
    item = RoadmapItem(customer=customer, **_normalize(fields))
    _derive(item)
    _check(item)
    last = RoadmapItem.objects.filter(customer=customer).order_by("-position").first()
    item.position = (last.position + 1) if last else 1
    item.full_clean(exclude=["customer", "pain_points"])
    item.save()
    record(
        "roadmap.item.created",
        by=by,
        obj=item,
        changes={"customer": customer.name, "title": item.title, "kind": item.kind},
    )
    _set_pains(item, pain_points)
    return item


@transaction.atomic
def update_item(
    item: RoadmapItem, *, by: Any, pain_points: Iterable[PainPoint] | None = None, **fields: Any
) -> dict[str, list[Any]]:
    diff = update_audited(
        item, "roadmap.item.updated", by=by, allowed=ITEM_FIELDS, **_normalize(fields)
    )
    _derive(item)
    _check(item)
    item.save(update_fields=["kind", "rice_score", "updated_at"])
    pains = _set_pains(item, pain_points)
    if pains:
        record("roadmap.item.pains_changed", by=by, obj=item, changes={"pain_points": pains})
        diff["pain_points"] = pains
    return diff


@transaction.atomic
def change_item_status(item: RoadmapItem, to: str, *, by: Any) -> RoadmapItem:
    """Move an item along ITEM_TRANSITIONS (proposed → planned → building → adopting → done)."""
    item.status = (
        RoadmapItem.objects.select_for_update().values_list("status", flat=True).get(pk=item.pk)
    )
    if to not in ItemStatus.values:
        raise ValidationError({"status": _("“%(to)s” is not a roadmap status.") % {"to": to}})
    if to not in ITEM_TRANSITIONS[item.status]:
        raise ValidationError(
            {
                "status": _("A roadmap item cannot go from %(old)s to %(new)s.")
                % {
                    "old": ItemStatus(item.status).label.lower(),
                    "new": ItemStatus(to).label.lower(),
                }
            }
        )
    old, item.status = item.status, to
    try:
        _check(item)
    except ValidationError:
        item.status = old
        raise
    item.save(update_fields=["status", "updated_at"])
    record("roadmap.item.status_changed", by=by, obj=item, changes={"status": [old, to]})
    return item


# --- replanning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplanResult:
    quick_wins: int
    capabilities: int
    waves: int
    first_wave_start: dt.date | None
    held_by_adoption: bool  # the first new wave waits for the wave in flight


def _date(start: dt.date, months: float) -> dt.date:
    return start + dt.timedelta(days=round(months * DAYS_PER_MONTH))


def _months(start: dt.date, day: dt.date) -> float:
    return (day - start).days / DAYS_PER_MONTH


def _gate(
    in_flight: list[RoadmapItem], start: dt.date, threshold: float
) -> tuple[float, int, bool]:
    """When new capability waves may begin (months from start), the last wave number, held?"""
    waves = [i for i in in_flight if i.kind == ItemKind.CAPABILITY and i.wave]
    if not waves:
        return 0.0, 0, False
    last = max(i.wave for i in waves if i.wave is not None)  # all set: see waves
    members = [i for i in waves if i.wave == last]
    measured = [i.adoption_pct for i in members if i.adoption_pct is not None]
    adoption = sum(measured) / len(measured) / 100 if measured else 0.0
    if planning.may_start_next_wave(adoption, threshold):
        return 0.0, last, False
    # Not there yet: plan from the moment its planned adoption reaches the threshold.
    planned = []
    for i in members:
        if i.build_end and i.adoption_end:
            planned.append(
                _months(start, i.build_end) + threshold * _months(i.build_end, i.adoption_end)
            )
    return max([0.0, *planned]), last, True


@transaction.atomic
def replan_roadmap(
    customer: Customer,
    *,
    by: Any,
    start: dt.date | None = None,
    cap: int = planning.DEFAULT_CAP,
    threshold: float = planning.DEFAULT_THRESHOLD,
    adoption_factor: float = planning.DEFAULT_ADOPTION_FACTOR,
) -> ReplanResult:
    """Order the customer's open items and give them waves and windows.

    Quick wins first (wave 0, starting now); capabilities in waves of at most ``cap``, each
    starting when the last one's adoption reaches ``threshold``. Items being built or adopted
    keep their windows; if the wave in flight has not reached the threshold (measured), the first
    new wave waits for it.
    """
    start = start or timezone.localdate()
    items = list(
        RoadmapItem.objects.select_for_update()
        .filter(customer=customer)
        .exclude(status__in=[ItemStatus.DONE, ItemStatus.DROPPED])
    )
    for item in items:
        _derive(item)
    open_items = {str(i.pk): i for i in items if i.status in REPLANNABLE}
    in_flight = [i for i in items if i.status in IN_FLIGHT]
    ordered = planning.order_candidates(
        planning.Candidate(
            key=key,
            reach=float(i.reach),
            pain_relief=float(i.pain_relief),
            confidence=float(i.confidence),
            effort=float(i.effort),
        )
        for key, i in open_items.items()
    )
    base = max([0, *(i.position for i in in_flight)])
    quick_end = 0.0
    capabilities = []
    for position, candidate in enumerate(ordered, start=base + 1):
        item = open_items[candidate.key]
        item.position = position
        if candidate.quick_win:
            build = float(item.effort)
            item.wave = 0
            item.build_start = start
            item.build_end = _date(start, build)
            item.adoption_end = _date(start, build + adoption_factor * build)
            quick_end = max(quick_end, build)
        else:
            capabilities.append(
                planning.Capability(
                    key=candidate.key, customers=(customer.pk,), build_months=float(item.effort)
                )
            )
    gate, last_wave, held = _gate(in_flight, start, threshold)
    waves = planning.plan_waves(
        capabilities,
        start=max(quick_end, gate),
        cap=cap,
        adoption_factor=adoption_factor,
        threshold=threshold,
    )
    for wave in waves:
        for capability in wave.items:
            item = open_items[capability.key]
            item.wave = last_wave + wave.number
            item.build_start = _date(start, wave.build_start)
            item.build_end = _date(start, wave.build_start + capability.build_months)
            item.adoption_end = _date(
                start, wave.build_start + (1 + adoption_factor) * capability.build_months
            )
    RoadmapItem.objects.bulk_update(
        items,
        ["kind", "rice_score", "position", "wave", "build_start", "build_end", "adoption_end"],
    )
    result = ReplanResult(
        quick_wins=sum(1 for c in ordered if c.quick_win),
        capabilities=len(capabilities),
        waves=len(waves),
        first_wave_start=_date(start, waves[0].build_start) if waves else None,
        held_by_adoption=held,
    )
    record(
        "roadmap.roadmap.replanned",
        by=by,
        obj=customer,
        changes={
            "start": start,
            "cap": cap,
            "threshold": threshold,
            "quick_wins": result.quick_wins,
            "capabilities": result.capabilities,
            "waves": result.waves,
            "held_by_adoption": held,
            "order": [open_items[c.key].title for c in ordered],
        },
    )
    return result
