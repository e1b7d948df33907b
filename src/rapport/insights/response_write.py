"""Writing a checked review-history file at once (``rapport import responses``).

``ResponseHistoryImporter`` (``response_import``) checks every row against the lookup tables
and stages a compact plan; this half of it writes the plan in the import's one transaction: the
respondents the file names for the first time, the months' closed review cycles (with the
projects' question sets pinned on first use), the memberships, the answers and their keys, and
the answers the file changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any

from django.db.models.functions import Lower
from django.utils import timezone

from rapport.customers.models import Stakeholder
from rapport.feedback.models import (
    CycleState,
    ProjectQuestionSet,
    QuestionSet,
    Response,
    ReviewCycle,
)
from rapport.imports.bulk import (
    indexes_built_after,
    insert_rows,
    max_pk,
    update_rows,
    use_a_larger_cache,
)
from rapport.imports.framework import ImportResult
from rapport.insights.response_rows import (
    COMPARED,
    NEW_CYCLE_FIELDS,
    NEW_PERSON_DEFAULTS,
    NEW_PERSON_FIELDS,
    RESPONSE_FIELDS,
    digest_of,
    new_ids,
)
from rapport.portfolio.models import ProjectStakeholder


class HistoryWrite:
    """The write of a checked history file; the plan is what ``stage_row`` left."""

    # Loaded by ``prepare`` and filled while the rows are checked (``response_import``).
    cycles: dict[tuple[int, str], tuple[int, str, int]]
    pins: dict[int, int]
    default_set: int | None
    new_cycles: dict[tuple[int, str], list]
    new_people: dict[str, tuple[int, str, str]]
    new_members: set[tuple[int, int | str]]
    created: list[tuple]
    updates: list[tuple]
    _ids: list[str]

    def before_write(self, result: ImportResult) -> None:
        # Random ids drawn, then sorted: the answers arrive in primary-key order, so each page of
        # that index is written once. Drawn before the write's transaction: 0.3 s at 500,000.
        self._ids = sorted(islice(new_ids(), len(self.created)))

    def write(self, result: ImportResult) -> None:
        from rapport.feedback.services import default_question_set

        use_a_larger_cache()
        now = timezone.now()
        people = self._write_people(now)
        cycles = self._write_cycles(now, default_question_set)
        insert_rows(
            ProjectStakeholder,
            ["project", "stakeholder", "role_on_project", "gives_feedback", "added_at"],
            (
                (project_id, people.get(ref, ref), "", True, now)  # type: ignore[arg-type]  # an int ref is its own id
                for project_id, ref in self.new_members
            ),
        )
        ids = self._ids
        month_start = {period: f"{period}-01" for (_, period) in cycles}  # the month only

        def responses() -> Iterator[tuple[Any, ...]]:
            for response_id, (
                digest,
                project_id,
                period,
                person,
                anonymous,
                source,
                language,
                role,
                scores,
                overall,
                comment,
            ) in zip(ids, self.created, strict=True):
                if digest is None:  # a respondent this import creates: keyed by their new id
                    person = people.get(person, person)
                    digest = digest_of(f"{project_id}|{period}|{person}")
                cycle_id, confidentiality, question_set_id = cycles[(project_id, period)]
                yield (
                    response_id,
                    project_id,
                    cycle_id,
                    period,
                    source,
                    language,
                    anonymous or confidentiality,
                    question_set_id,
                    person,
                    role,
                    scores,
                    overall,
                    comment,
                    True,
                    month_start[period],
                    digest,
                )

        with indexes_built_after(Response, rows=len(ids)):
            insert_rows(
                Response, RESPONSE_FIELDS, responses(), as_text={"id", "scores", "submitted_on"}
            )
        ids.clear()
        self.created.clear()
        update_rows(Response, COMPARED, self.updates)

    def _write_people(self, now: dt.datetime) -> dict[str, int]:
        """Create the respondents the file names for the first time; their ids by email."""
        if not self.new_people:
            return {}
        before = max_pk(Stakeholder)
        insert_rows(
            Stakeholder,
            NEW_PERSON_FIELDS,
            (
                (customer_id, email, name, role, *NEW_PERSON_DEFAULTS, now, now)
                for email, (customer_id, name, role) in self.new_people.items()
            ),
        )
        return dict(
            Stakeholder.objects.filter(pk__gt=before)
            .annotate(lemail=Lower("email"))
            .values_list("lemail", "pk")
        )

    def _write_cycles(
        self, now: dt.datetime, default_question_set: Callable[[], QuestionSet]
    ) -> dict[tuple[int, str], tuple]:
        """Create the months' closed cycles (pinning each project's question set on first use);
        every cycle the responses need, as (id, confidentiality, question set)."""
        cycles = dict(self.cycles)
        if not self.new_cycles:
            return cycles
        unpinned = {p for (p, _), staged in self.new_cycles.items() if staged[2] is None}
        default = None
        if unpinned:
            default = self.default_set or default_question_set().pk
            insert_rows(
                ProjectQuestionSet,
                ["project", "question_set", "pinned_at"],
                ((project_id, default, now) for project_id in unpinned),
            )
        before = max_pk(ReviewCycle)
        closed = (False, False, now, now)  # not retried, not disengaged, closed and created now
        # In the order of the (project, period) unique index, so each of its pages is written
        # once; the plain indexes are built after the rows when the file at least doubles them.
        with indexes_built_after(ReviewCycle, rows=len(self.new_cycles)):
            insert_rows(
                ReviewCycle,
                NEW_CYCLE_FIELDS,
                (
                    (p, period, mode, CycleState.CLOSED.value, culture, qs or default, *closed)
                    for (p, period), (mode, culture, qs) in sorted(self.new_cycles.items())
                ),
            )
        for pk, project_id, period, confidentiality, question_set_id in ReviewCycle.objects.filter(
            pk__gt=before
        ).values_list("pk", "project_id", "period", "confidentiality", "question_set_id"):
            cycles[(project_id, period)] = (pk, confidentiality, question_set_id)
        return cycles
