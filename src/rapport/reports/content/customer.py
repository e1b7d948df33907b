"""The customer review pack: plain words, in the customer's language, for them to read.

What you told us (the issues of the last three months), what we did and by when (per project),
the roadmap with its quick wins, the charter scorecard (``charter.services.scorecard``, whose
measures release protected answers through the disclosure layer) and what comes next. The words
of issues and actions follow ``can_read_issue_text`` for the reader who writes the pack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone

from rapport.accounts.permissions import can_read_issue_text, can_view_customer, visible_projects
from rapport.charter.models import PartnershipCharter
from rapport.charter.services import scorecard, untranslated_principles
from rapport.feedback.models import Action, ActionStatus, CycleState, Issue, Response, ReviewCycle
from rapport.insights.analytics.types import next_period
from rapport.portfolio.models import ProjectState
from rapport.reports.content.common import (
    Doc,
    current_period,
    period_bounds,
    quarter_window,
    reader_name,
)
from rapport.reports.texts import (
    day,
    measure_label,
    month_name,
    pack_count,
    pack_words,
    supported,
    translated,
)
from rapport.roadmap.models import ItemKind, ItemStatus, RoadmapItem
from rapport.roadmap.services.sharing import untranslated

STATUS_WORDS = {"G": "on_target", "A": "close", "R": "off_target"}


@dataclass
class ProjectPart:
    name: str
    issues: list[str] = field(default_factory=list)
    hidden_issues: int = 0
    actions: list[tuple[str, str, bool]] = field(default_factory=list)  # title, when, done
    hidden_actions: int = 0
    answers: int = 0
    hidden_issues_line: str = ""
    hidden_actions_line: str = ""
    answers_line: str = ""

    @property
    def empty(self) -> bool:
        return not (self.issues or self.hidden_issues or self.actions or self.hidden_actions)


def project_parts(reader: Any, projects: list, period: str, language: str) -> list[ProjectPart]:
    """Issues raised and actions taken in the three months ending with ``period``."""
    w = pack_words(language)
    first, last = quarter_window(period)
    today = timezone.localdate()
    parts = {p.pk: ProjectPart(p.name) for p in projects}
    ids = list(parts)
    periods = [next_period(period, -2), next_period(period, -1), period]
    answers = (
        Response.objects.filter(cycle__project_id__in=ids, cycle__period__in=periods)
        .values("cycle__project_id")
        .annotate(n=Count("id"))
    )
    for row in answers:
        parts[row["cycle__project_id"]].answers = row["n"]
    by_pk = {p.pk: p for p in projects}
    for issue in (
        Issue.objects.filter(project_id__in=ids, raised_on__range=(first, last))
        .select_related("cycle", "response")
        .order_by("raised_on", "pk")
    ):
        part = parts[issue.project_id]
        confidentiality = issue.level
        # The pack is written for the customer, and forwarded to its people: words said in
        # confidence stay out of it, whoever writes it (they are counted instead).
        protected = confidentiality in ("confidential", "anonymous")
        if not protected and can_read_issue_text(reader, by_pk[issue.project_id], confidentiality):
            part.issues.append(issue.text)
        else:
            part.hidden_issues += 1
    recent = Q(cycle__period__in=periods) | Q(done_on__range=(first, last))
    still_open = Q(status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS))
    for action in (
        Action.objects.filter(project_id__in=ids)
        .filter(recent | still_open)
        .exclude(status=ActionStatus.DROPPED)
        .select_related("cycle", "issue__cycle", "issue__response")
        .order_by("due", "pk")
    ):
        part = parts[action.project_id]
        if not can_read_issue_text(reader, by_pk[action.project_id], action.level):
            part.hidden_actions += 1
            continue
        done = action.status == ActionStatus.DONE
        if done and action.done_on:
            when = w["done_on"] % {"date": day(action.done_on, language)}
        elif action.due < today:
            when = w["late"] % {"date": day(action.due, language)}
        else:
            when = w["due_on"] % {"date": day(action.due, language)}
        part.actions.append((action.title, when, done))
    for part in parts.values():
        part.hidden_issues_line = pack_count("told_hidden", part.hidden_issues, language)
        part.hidden_actions_line = pack_count("action_hidden", part.hidden_actions, language)
        part.answers_line = pack_count("answers", part.answers, language)
    return [parts[p.pk] for p in projects]


def roadmap_part(customer: Any, language: str) -> dict[str, Any]:
    w = pack_words(language)
    items = list(
        RoadmapItem.objects.filter(customer=customer)
        .exclude(status=ItemStatus.DROPPED)
        .order_by("position", "pk")
    )
    quick = [i for i in items if i.kind == ItemKind.QUICK_WIN]
    return {
        "items": [
            {
                "title": i.title,
                "outcome": i.outcome_in(language),
                "quick_win": i.kind == ItemKind.QUICK_WIN,
                "status": w.get(f"status_{i.status}", i.get_status_display()),
                "done": i.status == ItemStatus.DONE,
                "adoption": w["adoption"] % {"n": i.adoption_pct}
                if i.adoption_pct is not None and i.status in (ItemStatus.ADOPTING, ItemStatus.DONE)
                else "",
            }
            for i in items
        ],
        "quick_total": len(quick),
        "quick_line": w["roadmap_quick_wins"]
        % {"done": sum(1 for i in quick if i.status == ItemStatus.DONE), "total": len(quick)},
    }


def charter_part(customer: Any, period: str, language: str) -> dict[str, Any] | None:
    charter = PartnershipCharter.objects.filter(customer=customer).first()
    if charter is None:
        return None
    w = pack_words(language)
    _, end = period_bounds(period)
    rows = []
    withheld = False
    principles = {p.pk: p for p in charter.principles.all()}
    for scored in scorecard(charter, today=end):
        principle = principles[scored.principle_id]
        latest = scored.measure.format(scored.latest) if scored.has_data else w["no_data"]
        rows.append(
            {
                # The PMO's translation, else Rapport's default words in the language, else
                # as written (in the customer's language).
                "name": translated(principle.name_in(language), language),
                "description": translated(principle.description_in(language), language),
                "measure": measure_label(scored.measure.key, scored.measure.label, language),
                "latest": latest,
                "target": ("≥ " if scored.measure.higher_is_better else "≤ ")
                + scored.measure.format(scored.target),
                "status": scored.status or "",
                "status_words": w[STATUS_WORDS[scored.status]] if scored.status else w["no_data"],
            }
        )
        withheld = withheld or bool(scored.withheld)
    return {"charter": charter, "rows": rows, "withheld": withheld}


def next_steps(projects: list, charter: dict | None, period: str, language: str) -> list[str]:
    """The next review of each active project, and the charter's review date."""
    w = pack_words(language)
    upcoming: dict[int, ReviewCycle] = {}
    cycle: ReviewCycle | None
    for cycle in ReviewCycle.objects.filter(
        project__in=[p.pk for p in projects],
        state__in=(CycleState.PLANNED, CycleState.INVITED),
        period__gte=period,
    ).order_by("period", "pk"):
        upcoming.setdefault(cycle.project_id, cycle)
    lines = []
    for p in projects:
        cycle = upcoming.get(p.pk)
        if cycle is None and p.state != ProjectState.ACTIVE:
            continue
        when = month_name(cycle.period if cycle else next_period(period, 1), language)
        if cycle is not None and cycle.deadline:
            lines.append(
                w["next_review_due"]
                % {"project": p.name, "period": when, "date": day(cycle.deadline, language)}
            )
        else:
            lines.append(w["next_review"] % {"project": p.name, "period": when})
    if charter and charter["charter"].next_review_on:
        lines.append(w["next_charter"] % {"date": day(charter["charter"].next_review_on, language)})
    return lines


def customer_content(
    reader: Any, customer: Any, period: str | None = None, language: str | None = None
) -> dict[str, Any]:
    """The context of ``reports/pdf/customer.html`` for ``reader``, in ``language`` (by default
    the customer's: the pack is theirs; texts the PMO wrote come in their translation)."""
    if not can_view_customer(reader, customer):
        raise PermissionDenied("You may not read this customer.")
    language = supported(language or customer.language)
    w = pack_words(language)
    period = period or current_period()
    projects = list(visible_projects(reader).filter(customer=customer).order_by("name", "pk"))
    today = timezone.localdate()
    doc = Doc(
        title=w["title"] % {"customer": customer.name},
        language=language,
        period=period,
        period_label=month_name(period, language),
        generated=today,
        footer=w["footer"] % {"customer": customer.name},
        reader=reader_name(reader),
        kind="customer",
        page_words=(w["page"], w["of"]),
    )
    charter = charter_part(customer, period, language)
    parts = project_parts(reader, projects, period, language)
    return {
        "doc": doc,
        "w": w,
        "customer": customer,
        "subtitle": w["subtitle"]
        % {"period": month_name(period, language), "date": day(today, language)},
        "parts": parts,
        "told_any": any(p.issues or p.hidden_issues for p in parts),
        "did_any": any(p.actions or p.hidden_actions for p in parts),
        "roadmap": roadmap_part(customer, language),
        "charter": charter,
        "next": next_steps(projects, charter, period, language),
    }


def untranslated_in_pack(customer: Any, language: str | None = None) -> list[tuple[str, str]]:
    """(text, language) for every roadmap outcome and charter principle the PMO wrote that has
    no translation in the pack's language (by default the customer's): the pack is not sent
    until they are translated."""
    language = supported(language or customer.language)
    return untranslated(customer, {language}) + untranslated_principles(customer, {language})
