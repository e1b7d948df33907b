"""History import: ``rapport import projects FILE`` and ``rapport import responses FILE``.

Projects match on their code, else their name (ignoring case). Responses match on a stable key
(``ImportedResponse``): project + period + respondent for named rows; for anonymous rows a hash
of the row's content and its occurrence in the file, which stores nothing that identifies a
person. Re-importing the same file creates nothing twice. See docs/imports.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from typing import Any

from django.db.models.functions import Lower
from django.utils import timezone

from rapport.accounts.models import Role, User
from rapport.accounts.services import create_user
from rapport.audit.services import create_audited, record
from rapport.customers import services as customer_services
from rapport.customers.importers import find_customer
from rapport.customers.models import Channel, Language, Stakeholder
from rapport.feedback.models import CycleState, Response, ReviewCycle
from rapport.feedback.services import question_set_for
from rapport.imports.framework import (
    CellError,
    Column,
    Importer,
    ImportResult,
    Outcome,
    choice,
    column_error,
    int_between,
    text,
)
from rapport.imports.registry import register
from rapport.insights.analytics.types import PERIOD_RE
from rapport.insights.models import ImportedResponse
from rapport.portfolio import services as portfolio_services
from rapport.portfolio.models import DeliveryStatus, Phase, Project, Site

MODE_SOURCE = {"meeting": "meeting", "call": "call", "email": "survey"}
PRINCIPLES = {
    "alignment": "strategic_alignment",
    "transparency": "transparency",
    "predictability": "predictability",
    "reliability": "reliability",
    "value": "value",
}


def find_project(key: str) -> Project | None:
    key = key.strip()
    return (
        Project.objects.filter(code=key).exclude(code="").select_related("customer").first()
        or Project.objects.annotate(lname=Lower("name"))
        .filter(lname=key.lower())
        .select_related("customer")
        .first()
    )


def _period(value: str) -> str:
    value = value.strip()
    if not PERIOD_RE.match(value):
        raise CellError(f"A period is YYYY-MM, like 2025-03; got “{value}”.")
    return value


def _email(value: str) -> str:
    value = value.strip().lower()
    if "@" not in value or " " in value:
        raise CellError(f"“{value}” is not an email address.")
    return value


@register
class ProjectHistoryImporter(Importer):
    kind = "projects"
    label = "Projects"
    description = (
        "Projects from your PPM tool, with their context. Matched on code, else name; an unknown "
        "customer is created, an unknown project manager gets an account without a password."
    )
    columns = (
        Column("project", required=True, help="The project's code or name."),
        Column("customer", required=True, help="The customer's external_id or name."),
        Column("project_manager", parse=_email, help="Their email; a new one gets an account."),
        Column("complexity", parse=int_between(1, 5), help="1 (simple) to 5 (very complex)."),
        Column("site", parse=choice(Site), help="hq or site."),
        Column("phase", parse=choice(Phase), help="initiation, planning, delivery, …"),
        Column("delivery_status", parse=choice(DeliveryStatus), help="G, A/G, A, A/R or R."),
    )

    def apply_row(self, values: dict[str, Any], present: set[str]) -> Outcome:
        key = values.pop("project")
        customer_name = values.pop("customer")
        customer = find_customer(customer_name) or customer_services.create_customer(
            by=self.by, name=customer_name
        )
        email = values.pop("project_manager", None)
        if email:
            manager = User.objects.filter(email__iexact=email).first()
            if manager is None:
                manager = create_user(
                    email=email,
                    full_name=email.split("@")[0].replace(".", " ").title(),
                    role=Role.PROJECT_MANAGER,
                    by=self.by,
                )
            values["project_manager"] = manager
        project = find_project(key)
        if project is None:
            portfolio_services.create_project(
                by=self.by, name=key, code=key[:64], customer=customer, **values
            )
            return Outcome.CREATED
        if project.customer_id != customer.pk:
            values["customer"] = customer
        changed = portfolio_services.update_project(project, by=self.by, **values)
        return Outcome.UPDATED if changed else Outcome.UNCHANGED


@register
class ResponseHistoryImporter(Importer):
    kind = "responses"
    label = "Review history"
    description = (
        "Past monthly scores, one line per answer. Creates the closed review for the month when "
        "missing; matched on project, period and respondent, so a file can be imported twice."
    )
    columns = (
        Column("project", required=True, help="The project's code or name."),
        Column("period", required=True, parse=_period, help="YYYY-MM."),
        Column("respondent", help="Email or stakeholder id; empty for an anonymous answer."),
        Column("role", parse=text, help="The respondent's role."),
        Column("mode", parse=choice(Channel), help="meeting, call or email (default meeting)."),
        Column("overall", required=True, parse=int_between(1, 10), help="Overall score, 1–10."),
        *(Column(name, parse=int_between(1, 10), help="1–10.") for name in PRINCIPLES),
        Column("recommend", parse=int_between(0, 10), help="Likelihood to recommend, 0–10."),
        Column("comment", parse=text, help="What would make it a 10?"),
        Column("language", parse=choice(Language), help="en, fr, de, es or nl."),
    )

    def __init__(self, *, by: Any) -> None:
        super().__init__(by=by)
        self._projects: dict[str, Project] = {}
        self._seen: Counter[str] = Counter()

    def clean_row(self, values: dict[str, Any], present: set[str]) -> dict[str, Any]:
        key = values["project"]
        project = self._projects.get(key) or find_project(key)
        if project is None:
            raise column_error("project", f"Unknown project “{key}”; import projects first.")
        self._projects[key] = project
        values["project"] = project
        return values

    def _respondent(self, project: Project, raw: str, role: str) -> Stakeholder:
        raw = raw.strip()
        if raw.isdigit():
            person = Stakeholder.objects.filter(pk=int(raw)).first()
            if person is None:
                raise column_error("respondent", f"No stakeholder has the id {raw}.")
        else:
            email = _email_cell(raw)
            person = Stakeholder.objects.filter(email__iexact=email).first()
            if person is None:
                person = customer_services.create_stakeholder(
                    project.customer,
                    by=self.by,
                    email=email,
                    name=email.split("@")[0].replace(".", " ").title(),
                    role=role,
                )
        if person.customer_id != project.customer_id:
            raise column_error(
                "respondent", f"{person} belongs to {person.customer}, not to {project.customer}."
            )
        portfolio_services.add_project_stakeholder(project, person, by=self.by)
        return person

    def _cycle(self, project: Project, period: str, mode: str) -> ReviewCycle:
        cycle = ReviewCycle.objects.filter(project=project, period=period).first()
        if cycle is None:
            # Closed at once: a past month never sends invitations or reminders.
            cycle = create_audited(
                ReviewCycle,
                "feedback.cycle.imported",
                by=self.by,
                project=project,
                period=period,
                mode=mode,
                state=CycleState.CLOSED,
                confidentiality=project.customer.feedback_culture,
                question_set=question_set_for(project),
                closed_at=timezone.now(),
            )
        return cycle

    def apply_row(self, values: dict[str, Any], present: set[str]) -> Outcome:
        project: Project = values["project"]
        period: str = values["period"]
        mode = values.get("mode", "meeting")
        cycle = self._cycle(project, period, mode)
        scores = {"overall": values["overall"]}
        scores |= {code: values[name] for name, code in PRINCIPLES.items() if name in values}
        if "recommend" in values:
            scores["recommend"] = values["recommend"]
        comment = values.get("comment", "")
        raw = values.get("respondent", "")
        person = None
        if raw:
            if cycle.is_anonymous:
                raise column_error(
                    "respondent", "This review is anonymous: leave the respondent empty."
                )
            person = self._respondent(project, raw, values.get("role", ""))
            key = f"{project.pk}|{period}|{person.pk}"
        else:
            content = f"{project.pk}|{period}|{mode}|{sorted(scores.items())}|{comment}"
            self._seen[content] += 1  # two identical anonymous answers are two answers
            key = f"{content}|{self._seen[content]}"
        digest = hashlib.sha256(key.encode()).hexdigest()
        anonymous = person is None and (cycle.is_anonymous or mode == "email")
        language = values.get("language") or (person.language if person else "en")
        if anonymous:  # a quasi-identifier: coarsened to the customer's language (docs/privacy.md)
            language = project.customer.language
        role = "" if anonymous else values.get("role", person.role if person else "")
        fields = {
            "source": MODE_SOURCE[mode],
            "language": language,
            "respondent_role": role,
            "scores": scores,
            "overall": scores["overall"],
            "comment": comment,
        }
        link = ImportedResponse.objects.select_related("response").filter(key=digest).first()
        if link is not None:
            response = link.response
            changed = {k: v for k, v in fields.items() if getattr(response, k) != v}
            if not changed:
                return Outcome.UNCHANGED
            for name, value in changed.items():
                setattr(response, name, value)
            response.save(update_fields=list(changed))
            record("feedback.response.imported", by=self.by, obj=response, changes=changed)
            return Outcome.UPDATED
        year, month = int(period[:4]), int(period[5:])
        response = Response.objects.create(
            project=project,
            cycle=cycle,
            period=period,
            confidentiality="anonymous" if anonymous else cycle.confidentiality,
            question_set_id=cycle.question_set_id,
            stakeholder=person,
            is_complete=True,
            submitted_on=dt.date(year, month, 1),  # the month only
            **fields,
        )
        ImportedResponse.objects.create(key=digest, response=response)
        if not anonymous:  # an anonymous answer leaves no audit entry that names it
            record("feedback.response.imported", by=self.by, obj=response, changes=fields)
        return Outcome.CREATED

    def after_commit(self, result: ImportResult) -> None:
        from rapport.insights.progress import TextProgress
        from rapport.insights.services import recompute_health, request_recompute

        if not (result.created or result.updated):
            return
        if self.report is None:
            request_recompute()  # the console's Import page: the worker recomputes
            return
        report = self.report

        class _Stream:
            def write(self, line: str) -> None:
                report(line.rstrip("\n"))

            def flush(self) -> None:
                pass

        summary = recompute_health(by=self.by, notify=False, progress=TextProgress(_Stream()))
        report(
            "Health recomputed for every period: {snapshots} snapshots, {alerts_opened} new "
            "alerts ({seconds} s).".format(**summary)
        )


def _email_cell(value: str) -> str:
    try:
        return _email(value)
    except CellError as exc:
        raise column_error("respondent", str(exc)) from None
