"""``rapport import delivery-status FILE``: a project's delivery status month by month.

One line per project and month (``project,period,status``), e.g. the monthly RAG export of a
PPM tool. Each line goes through ``portfolio.services.set_delivery_status``, so it is audited
and the project's current status follows its latest month. Importing the same file twice
changes nothing. See docs/imports.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _gettext_lazy

from rapport.imports.cells import CellError, Column, choice, column_error
from rapport.imports.framework import Importer, ImportResult, Outcome
from rapport.imports.registry import register
from rapport.portfolio import services
from rapport.portfolio.models import PERIOD_REGEX, DeliveryStatus, Project
from rapport.portfolio.signals import health_inputs_changed, health_recompute_now

# Column help and the kind's label are read on the console's Import page, in the reader's
# language; the imports framework types them as text.
gettext_lazy = cast("Callable[[str], str]", _gettext_lazy)


def find_project(key: str) -> Project | None:
    """A project by its code (as written, else ignoring case), else by its name ignoring case."""
    key = key.strip()
    coded = Project.objects.exclude(code="")
    return (
        coded.filter(code=key).first()
        or coded.annotate(lcode=Lower("code")).filter(lcode=key.lower()).first()
        or Project.objects.annotate(lname=Lower("name")).filter(lname=key.lower()).first()
    )


def _period(value: str) -> str:
    """A month, YYYY-MM; the first day of a month (a spreadsheet's date) is that month."""
    value = value.strip()
    month = value[:7] if len(value) == 10 and value.endswith("-01") else value
    if not re.match(PERIOD_REGEX, month):
        raise CellError(
            gettext("A period is YYYY-MM, like 2025-03; got “%(value)s”.") % {"value": value}
        )
    return month


@register
class DeliveryStatusImporter(Importer):
    kind = "delivery-status"
    label = gettext_lazy("Delivery-status history")
    description = gettext_lazy(
        "Each project's delivery status month by month, so the health review reads past months "
        "with the status they had. The latest month becomes the project's current status."
    )
    columns = (
        Column("project", required=True, help=gettext_lazy("The project's code or name.")),
        Column(
            "period",
            required=True,
            parse=_period,
            help=gettext_lazy("YYYY-MM, this month or earlier."),
        ),
        Column(
            "status",
            required=True,
            parse=choice(DeliveryStatus),
            help=gettext_lazy("G, A/G, A, A/R or R."),
        ),
    )

    def __init__(self, *, by: Any) -> None:
        super().__init__(by=by)
        self._projects: dict[str, Project] = {}
        self._lines: dict[tuple[int, str], int] = {}  # (project, period) → the line that gave it

    def clean_row(self, values: dict[str, Any], present: set[str]) -> dict[str, Any]:
        key = values["project"]
        project = self._projects.get(key) or find_project(key)
        if project is None:
            raise column_error(
                "project",
                gettext("Unknown project “%(key)s”; import projects first.") % {"key": key},
            )
        self._projects[key] = project
        values["project"] = project
        period = values.get("period")
        if period is not None:
            first = self._lines.get((project.pk, period))  # claimed by a line that passed
            if first is not None:
                # Two statuses for one month: which one is meant is the file owner's call.
                raise column_error(
                    "period",
                    gettext("Line %(first)s already gives %(key)s’s status for %(period)s.")
                    % {"first": first, "key": key, "period": period},
                )
        return values

    def apply_row(self, values: dict[str, Any], present: set[str]) -> Outcome:
        outcome = services.set_delivery_status(
            values["project"], values["status"], by=self.by, period=values["period"]
        )
        # Only now is the month the line's: a refused line does not make a later one a duplicate.
        self._lines[(values["project"].pk, values["period"])] = self.line
        return Outcome(outcome)

    def after_commit(self, result: ImportResult) -> None:
        if not (result.created or result.updated):
            return
        # Past months changed: the health review must read them again.
        if self.report is None:
            # The console's Import page: the worker recomputes.
            health_inputs_changed.send(Project, project_id=None, period=None)
            return
        responses = health_recompute_now.send(Project, by=self.by)
        summary = cast(dict[str, Any], responses[0][1])  # insights' receiver
        self.report(
            "Health recomputed for every period: {snapshots} snapshots, {alerts_opened} new "
            "alerts ({seconds} s).".format(**summary)
        )
