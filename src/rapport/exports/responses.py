"""The responses export: one row per answer the reader may read one by one, and nothing else.

Privacy (docs/privacy.md) decides the rows, through the permission layer's
``readable_responses`` (``can_view_individual_responses`` as a filter):

- anonymous answers are never exported one by one, to anyone (the PMO included): they are
  read only as totals of at least k people, on the review pages and in the health export;
- answers given in confidence are exported to PMO roles only, with who gave them (the PMO sees
  who said what); a project manager and a sponsor never get them;
- attributed answers go to whoever reads the project's feedback detail (PMO roles, the
  project's manager); sponsors read totals only, so they may not export responses at all.

The export computes no figure: totals over protected answers leave Rapport through the
disclosure layer only (review pages, the health export of stored snapshots).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, QuerySet, Value, When
from django.db.models.fields.json import KT
from django.utils.translation import gettext_noop

from rapport.accounts.permissions import Capability, has_capability, readable_responses
from rapport.exports.columns import DATE, INTEGER, Column, Params, Prepared, raw_rows
from rapport.exports.filters import ident, month
from rapport.exports.lists import _id

BASE = (
    Column("id", "pk"),
    Column("project", "project__name", text=True),
    Column("customer", "project__customer__name", text=True),
    Column("period", "period"),
    Column("review_id", "cycle_id"),
    Column("source", "source"),
    Column("confidentiality", "confidentiality"),
    Column("respondent", "stakeholder__name", text=True),
    Column("respondent_role", "respondent_role", text=True),
    Column("language", "language"),
    Column("submitted_on", "submitted_on", kind=DATE),  # read raw: text on SQLite
    Column("complete", "complete_flag"),  # 1 or 0
)
COMMENT = Column("comment", "comment", text=True)


def responses(user: Any, params: Params) -> QuerySet:
    """The responses ``user`` may read one by one, with the export's filters: ``project``,
    ``review`` (a cycle), ``customer``, ``period``, ``since`` and ``until`` (YYYY-MM)."""
    from rapport.accounts.permissions import visible_projects
    from rapport.feedback.models import Response

    rows = readable_responses(user, Response.objects.filter(project__in=visible_projects(user)))
    if (project := _id(params, "project")) is not None:
        rows = rows.filter(project_id=project)
    if (cycle := _id(params, "review")) is not None:
        rows = rows.filter(cycle_id=cycle)
    if (customer := _id(params, "customer")) is not None:
        rows = rows.filter(project__customer_id=customer)
    if params.get("period"):
        rows = rows.filter(period=params["period"])
    if params.get("since"):
        rows = rows.filter(period__gte=params["since"])
    if params.get("until"):
        rows = rows.filter(period__lte=params["until"])
    return rows.order_by("project__name", "project_id", "period", "submitted_on", "pk")


def question_codes() -> list[str]:
    """The score questions' codes, in the question sets' order (one column each)."""
    from rapport.feedback.models import Question

    codes: dict[str, None] = {}
    for code in (
        Question.objects.exclude(kind="text").order_by("order", "pk").values_list("code", flat=True)
    ):
        codes.setdefault(code, None)
    return list(codes)


class ResponsesExport:
    """The responses list as an export (its columns depend on the questions asked)."""

    name = "responses"
    title = "Responses"
    refused = gettext_noop(
        "Sponsors read totals only: individual answers are not exported to them."
    )
    filters = (
        ident("project"),
        ident("review"),
        ident("customer"),
        month("period"),
        month("since"),
        month("until"),
    )

    @staticmethod
    def allowed(user: Any) -> bool:
        # Those who run reviews read answers one by one (within the confidentiality rules).
        return has_capability(user, Capability.RUN_REVIEWS)

    def prepare(self, user: Any, params: Params) -> Prepared:
        codes = question_codes()
        # Scores are taken out of the JSON in SQL, one column per question, and the rows are
        # read raw: at the reference size this is what keeps the export above 100k rows/s.
        scores = {f"q_{i}": KT(f"scores__{code}") for i, code in enumerate(codes)}
        complete = Case(When(is_complete=True, then=Value(1)), default=Value(0))
        queryset = (
            responses(user, params)
            .annotate(**scores, complete_flag=complete)
            .values_list(*[c.field for c in BASE], *scores, COMMENT.field)
        )
        headers = (*[c.header for c in BASE], *codes, COMMENT.header)
        text = (*[i for i, c in enumerate(BASE) if c.text], len(headers) - 1)
        # Scores come out of the JSON as text: numbers again in a spreadsheet.
        kinds = (*[c.kind for c in BASE], *[INTEGER] * len(codes), COMMENT.kind)
        return Prepared(headers=headers, text=text, rows=raw_rows(queryset), kinds=kinds)


RESPONSES = ResponsesExport()
