"""``rapport import responses FILE``: past monthly scores, one line per answer, set-based.

Responses match on a stable key (``Response.import_key``): project + period + respondent for named
rows; for anonymous rows a hash of the row's content and its occurrence in the file, which stores
nothing that identifies a person. Re-importing the same file creates nothing twice.

Every lookup table (projects, customers, stakeholders, review cycles, pinned question sets,
project memberships, import keys) is read once; each row is checked against them and kept as a
compact tuple; the whole file is then written in one short transaction: new stakeholders, the
months' closed review cycles, memberships, responses and their keys (``response_write``).
See docs/imports.md.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any, cast

from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _gettext_lazy

from rapport.customers.models import LANGUAGE_HELP, Channel, Customer, Language, Stakeholder
from rapport.feedback.models import (
    ProjectQuestionSet,
    QuestionSet,
    Response,
    ReviewCycle,
)
from rapport.imports.cells import (
    CellError,
    Column,
    choice,
    column_error,
    email_cell,
    int_between,
    period_cell,
    text,
    text_at_most,
)
from rapport.imports.framework import Importer, ImportResult, Outcome
from rapport.imports.registry import register
from rapport.insights.response_rows import (
    ANONYMOUS,
    COMPARED,
    MODE_SOURCE,
    PRINCIPLES,
    SCORE_NAMES,
    ScoreShape,
    digest_of,
    fingerprint,
)
from rapport.insights.response_write import HistoryWrite
from rapport.portfolio.models import Project, ProjectStakeholder

# Column help and the kind's label are read on the console's Import page, in the reader's
# language; the imports framework types them as text.
gettext_lazy = cast("Callable[[str], str]", _gettext_lazy)


@register
class ResponseHistoryImporter(HistoryWrite, Importer):
    kind = "responses"
    label = gettext_lazy("Review history")
    description = gettext_lazy(
        "Past monthly scores, one line per answer. Creates the closed review for the month when "
        "missing; matched on project, period and respondent, so a file can be imported twice."
    )
    bulk = True
    progress_every = 200
    parents_checked_once = True  # the write only inserts, and updates scores and words
    columns = (
        Column("project", required=True, help=gettext_lazy("The project's code or name.")),
        Column(
            "period",
            required=True,
            parse=period_cell,
            help=gettext_lazy("YYYY-MM, this month or earlier."),
        ),
        Column(
            "respondent",
            help=gettext_lazy("Email or stakeholder id; empty for an anonymous answer."),
        ),
        # Stakeholder.role and Response.respondent_role hold 200 characters.
        Column("role", parse=text_at_most(200), help=gettext_lazy("The respondent's role.")),
        Column(
            "mode",
            parse=choice(Channel),
            help=gettext_lazy("meeting, call or email (default meeting)."),
        ),
        Column(
            "overall",
            required=True,
            parse=int_between(1, 10),
            help=gettext_lazy("Overall score, 1–10."),
        ),
        *(
            Column(name, parse=int_between(1, 10), help=gettext_lazy("1–10."))
            for name in PRINCIPLES
        ),
        Column(
            "recommend",
            parse=int_between(0, 10),
            help=gettext_lazy("Likelihood to recommend, 0–10."),
        ),
        Column(
            "comment", parse=text, help=gettext_lazy("What would make it a 10?"), multiline=True
        ),
        Column("language", parse=choice(Language), help=LANGUAGE_HELP),
    )

    # --- Loading the lookup tables, one query each ---------------------------------------------
    def prepare(self) -> None:
        self.projects_by_code: dict[str, tuple[int, int]] = {}
        self.projects_by_name: dict[str, tuple[int, int]] = {}
        by_lower_code: dict[str, tuple[int, int]] = {}
        for pk, code, name, customer_id in Project.objects.values_list(
            "pk", "code", "name", "customer_id"
        ):
            if code:
                self.projects_by_code[code] = (pk, customer_id)
                by_lower_code.setdefault(code.lower(), (pk, customer_id))
            self.projects_by_name[name.lower()] = (pk, customer_id)
        # A code in another case ("prj-1" for PRJ-1) names the project too: a code written as it
        # is wins, then one in another case, then a name (as ``importers.find_project``).
        self.projects_by_name = self.projects_by_name | by_lower_code
        self.customers = {
            pk: (name, culture, language)
            for pk, name, culture, language in Customer.objects.values_list(
                "pk", "name", "feedback_culture", "language"
            )
        }
        self.people: dict[int, tuple[int, str, str, str]] = {}  # pk → customer, name, lang, role
        self.people_by_email: dict[str, int] = {}
        for pk, email, customer_id, name, language, role in Stakeholder.objects.annotate(
            lemail=Lower("email")
        ).values_list("pk", "lemail", "customer_id", "name", "language", "role"):
            self.people[pk] = (customer_id, name, language, role)
            if email:
                self.people_by_email[email] = pk
        self.cycles: dict[tuple[int, str], tuple[int, str, int]] = {
            (project_id, period): (pk, confidentiality, question_set_id)
            for pk, project_id, period, confidentiality, question_set_id in (
                ReviewCycle.objects.values_list(
                    "pk", "project_id", "period", "confidentiality", "question_set_id"
                )
            )
        }
        self.pins = dict(ProjectQuestionSet.objects.values_list("project_id", "question_set_id"))
        self.default_set = (
            QuestionSet.objects.filter(is_default=True)
            .order_by("-version")
            .values_list("pk", flat=True)
            .first()
        )
        self.members = set(ProjectStakeholder.objects.values_list("project_id", "stakeholder_id"))
        self.imported: dict[bytes, tuple[Any, int]] = {}
        for key, response_id, *fields in Response.objects.filter(
            import_key__isnull=False
        ).values_list("import_key", "id", *COMPARED):
            fields[3] = json.dumps(fields[3], sort_keys=True)
            # bytes on SQLite, a memoryview on PostgreSQL
            self.imported[bytes(key)] = (response_id, fingerprint(tuple(fields)))
        # What the file adds, kept compact until the write.
        self.new_cycles: dict[tuple[int, str], list] = {}  # → [mode, confidentiality, set]
        self.new_people: dict[str, tuple[int, str, str]] = {}  # email → customer, name, role
        self.new_members: set[tuple[int, int | str]] = set()
        self.created: list[tuple] = []
        self._ids: list[str] = []  # the new answers' ids, drawn before the write
        self.updates: list[tuple] = []
        self.named: dict[str, int] = {}  # a named answer's key text → its line
        self._seen: Counter[str] = Counter()
        self._shapes: dict[tuple[str, ...], ScoreShape] = {}  # score columns given → how to write
        self._shape_by_keys: dict[tuple[str, ...], ScoreShape] = {}  # a row's columns → its shape
        self._this_month = timezone.localdate().strftime("%Y-%m")  # a later month is refused
        self._culture: dict[tuple[int, str], str] = {}  # (project, month) → its confidentiality
        # (respondent cell, customer) → their id, or the email of a stakeholder the file adds
        self._known: dict[tuple[str, int], int | str] = {}

    def clean_row(self, values: dict[str, Any], present: set[str]) -> dict[str, Any]:
        key = values["project"].strip()
        project = (self.projects_by_code.get(key) if key else None) or self.projects_by_name.get(
            key.lower()
        )
        if project is None:
            raise column_error(
                "project",
                gettext("Unknown project “%(key)s”; import projects first.") % {"key": key},
            )
        values["project"] = project
        return values

    # --- Checking one row ----------------------------------------------------------------------
    def _cycle(self, project_id: int, customer_id: int, period: str, mode: str) -> tuple:
        """(confidentiality, question set) of the month's cycle, existing or to be created."""
        existing = self.cycles.get((project_id, period))
        if existing is not None:
            return existing[1], existing[2]
        staged = self.new_cycles.get((project_id, period))
        if staged is None:
            # Closed at once: a past month never sends invitations or reminders. Its mode is
            # the first line's; its confidentiality the customer's feedback culture.
            staged = [mode, self.customers[customer_id][1], self.pins.get(project_id)]
            self.new_cycles[(project_id, period)] = staged
        return staged[1], staged[2]

    def _person(self, customer_id: int, raw: str, role: str) -> int | str:
        """The respondent a cell names (an id or an email), who must be the customer's;
        found once per cell and customer."""
        if raw.isascii() and raw.isdigit():  # "²" and "١" are digits to isdigit(), not ids
            ref: int | str = int(raw)
            if ref not in self.people:
                raise column_error(
                    "respondent", gettext("No stakeholder has the id %(id)s.") % {"id": raw}
                )
            owner, name = self.people[ref][0], self.people[ref][1]
        else:
            try:
                email = email_cell(raw)
            except CellError as exc:
                raise column_error("respondent", str(exc)) from None
            ref = self.people_by_email.get(email, email)
            if isinstance(ref, int):
                owner, name = self.people[ref][0], self.people[ref][1]
            else:
                staged = self.new_people.setdefault(
                    email,
                    # Stakeholder.name holds 200 characters (an address's name part may be longer)
                    (customer_id, email.split("@")[0].replace(".", " ").title()[:200], role),
                )
                owner, name = staged[0], staged[1]
        if owner != customer_id:
            raise column_error(
                "respondent",
                gettext("%(name)s belongs to %(owner)s, not to %(customer)s.")
                % {
                    "name": name,
                    "owner": self.customers[owner][0],
                    "customer": self.customers[customer_id][0],
                },
            )
        self._known[(raw, customer_id)] = ref  # the cell is checked once per customer
        return ref

    def _shape(self, values: dict[str, Any]) -> ScoreShape:
        """How to write the scores of a row with these columns (remembered by the row's keys:
        the same columns filled give the same keys in the same order)."""
        given = tuple([name for name in SCORE_NAMES if name in values])
        shape = self._shapes.get(given) or self._shapes.setdefault(given, ScoreShape(given))
        self._shape_by_keys[tuple(values)] = shape
        return shape

    def stage_row(self, line: int, values: dict[str, Any], present: set[str]) -> Outcome:
        project_id, customer_id = values["project"]
        period: str = values["period"]
        get = values.get
        mode = get("mode", "meeting")
        month = (project_id, period)
        confidentiality = self._culture.get(month)
        if confidentiality is None:  # the month's first line: its cycle, existing or staged
            if period > self._this_month:  # as the delivery-status history refuses it
                raise column_error(
                    "period",
                    gettext(
                        "%(period)s has not started yet: import answers for this month or earlier."
                    )
                    % {"period": period},
                )
            confidentiality = self._culture[month] = self._cycle(
                project_id, customer_id, period, mode
            )[0]
        comment = get("comment", "")
        shape = self._shape_by_keys.get(tuple(values)) or self._shape(values)
        scores = shape.get(values)
        raw = get("respondent", "").strip()
        person: int | str | None = None
        anonymous = None
        anonymous_key: str | None = None
        if raw:
            if confidentiality == ANONYMOUS:
                raise column_error(
                    "respondent", gettext("This review is anonymous: leave the respondent empty.")
                )
            person = self._known.get((raw, customer_id))
            if person is None:
                person = self._person(customer_id, raw, get("role", ""))
            if (project_id, person) not in self.members:
                self.new_members.add((project_id, person))
            # The answer's key text names the month and the person: one answer per person and
            # month (an email names a person the import creates; it is never digits only).
            key = f"{project_id}|{period}|{person}"
            earlier = self.named.setdefault(key, line)
            if earlier != line:
                raise column_error(
                    "respondent",
                    gettext("Line %(earlier)s already holds this answer for %(period)s.")
                    % {"earlier": earlier, "period": period},
                )
            if type(person) is int:
                _, _, language, role = self.people[person]
                language = get("language") or language
                role = get("role", role)
                digest = digest_of(key)
            else:  # keyed by their new id when written
                language = get("language") or "en"  # a new stakeholder speaks English
                role = get("role", "")
                digest = None
        else:
            content = f"{project_id}|{period}|{mode}|{shape.items % scores}|{comment}"
            seen = self._seen[content] = self._seen[content] + 1  # the same answer twice: two
            anonymous_key = f"{content}|{seen}"
            digest = digest_of(anonymous_key)
            if confidentiality == ANONYMOUS or mode == "email":
                # A quasi-identifier: coarsened to the customer's language (docs/privacy.md).
                language, role, anonymous = self.customers[customer_id][2], "", ANONYMOUS
            else:
                language, role = get("language") or "en", get("role", "")
        existing = self.imported.get(digest) if self.imported and digest is not None else None
        if existing is None and anonymous_key is not None and self.imported and "\n" in comment:
            existing = self._imported_with_old_line_breaks(anonymous_key)
        if existing is not None:
            fields = (
                MODE_SOURCE[mode],
                language,
                role,
                shape.json % scores,
                values["overall"],
                comment,
            )
            if existing[1] == fingerprint(fields):
                return Outcome.UNCHANGED
            if self.commit:
                self.updates.append((*fields, existing[0]))
            return Outcome.UPDATED
        if self.commit:  # a dry run only counts: 500,000 answers need not sit in memory
            self.created.append(
                (
                    digest,
                    project_id,
                    period,
                    person,
                    anonymous,
                    MODE_SOURCE[mode],
                    language,
                    role,
                    shape.json % scores,
                    values["overall"],
                    comment,
                )
            )
        return Outcome.CREATED

    def _imported_with_old_line_breaks(self, key: str) -> tuple[Any, int] | None:
        """An anonymous answer imported before comments' line breaks became LF, from a file
        saved with CRLF (or CR) line breaks: keyed on the comment as it was then."""
        for breaks in ("\r\n", "\r"):
            existing = self.imported.get(digest_of(key.replace("\n", breaks)))
            if existing is not None:
                return existing
        return None

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
