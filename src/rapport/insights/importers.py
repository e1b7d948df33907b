"""History import: ``rapport import projects FILE`` (here) and ``rapport import responses FILE``
(``response_import``, set-based).

Projects match on their code, else their name (ignoring case); they are imported row by row
through the portfolio services (a PPM export has hundreds of projects, not hundreds of
thousands). See docs/imports.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _gettext_lazy

from rapport.accounts.models import Role, User
from rapport.accounts.services import create_user
from rapport.customers import services as customer_services
from rapport.customers.importers import find_customer
from rapport.imports.cells import Column, choice, column_error, email_cell, int_between, too_long
from rapport.imports.framework import Importer, Outcome
from rapport.imports.registry import register
from rapport.portfolio import services as portfolio_services
from rapport.portfolio.models import DeliveryStatus, Phase, Project, Site

# Column help and the kind's label are read on the console's Import page, in the reader's
# language; the imports framework types them as text.
gettext_lazy = cast("Callable[[str], str]", _gettext_lazy)


def find_project(key: str) -> Project | None:
    """A project by its code (as written, else ignoring case), else by its name ignoring case:
    "prj-1" in a file is the project PRJ-1, never a new one (codes differ by more than case:
    ``portfolio.services``)."""
    key = key.strip()
    coded = Project.objects.exclude(code="").select_related("customer")
    return (
        coded.filter(code=key).first()
        or coded.annotate(lcode=Lower("code")).filter(lcode=key.lower()).first()
        or Project.objects.annotate(lname=Lower("name"))
        .filter(lname=key.lower())
        .select_related("customer")
        .first()
    )


CODE_MAX = Project._meta.get_field("code").max_length or 64  # a new project's key is its code
NAME_MAX = Project._meta.get_field("name").max_length or 200
FULL_NAME_MAX = User._meta.get_field("full_name").max_length or 150


@contextmanager
def _reported_as(column: str, fields: tuple[str, ...] | None = None) -> Iterator[None]:
    """A service's ``ValidationError`` reported against the file's column that gave the value
    (the service names its model's fields, ``name``, ``email``, …, which the file does not
    have): its errors on ``fields`` (all of them when None) and on none in particular."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise ValidationError({column: exc.messages}) from None
        errors: dict[str, list[str]] = {}
        for field, messages in exc.message_dict.items():
            name = column if fields is None or field in (*fields, "__all__") else field
            errors.setdefault(name, []).extend(messages)
        raise ValidationError(errors) from None


@register
class ProjectHistoryImporter(Importer):
    kind = "projects"
    label = gettext_lazy("Projects")
    description = gettext_lazy(
        "Projects from your PPM tool, with their context. Matched on code, else name; an unknown "
        "customer is created, an unknown project manager gets an account without a password."
    )
    columns = (
        Column("project", required=True, help=gettext_lazy("The project's code or name.")),
        Column("customer", required=True, help=gettext_lazy("The customer's external_id or name.")),
        Column(
            "project_manager",
            parse=email_cell,
            help=gettext_lazy(
                "The email of an active project manager; a new address gets a project "
                "manager's account."
            ),
        ),
        Column(
            "complexity",
            parse=int_between(1, 5),
            help=gettext_lazy("1 (simple) to 5 (very complex)."),
        ),
        Column("site", parse=choice(Site), help=gettext_lazy("hq or site.")),
        Column(
            "phase", parse=choice(Phase), help=gettext_lazy("initiation, planning, delivery, …")
        ),
        Column(
            "delivery_status",
            parse=choice(DeliveryStatus),
            help=gettext_lazy("G, A/G, A, A/R or R."),
        ),
    )

    def __init__(self, *, by: Any) -> None:
        super().__init__(by=by)
        self._lines: dict[int, int] = {}  # project id → the line that imported it

    def apply_row(self, values: dict[str, Any], present: set[str]) -> Outcome:
        key = values.pop("project")
        project = find_project(key)
        if project is not None and project.pk in self._lines:
            # The same project twice: which line is meant is the file owner's call. (The
            # stakeholders import's words, whose placeholder is named ``email``.)
            raise column_error(
                "project",
                gettext("Line %(line)s already imports %(email)s.")
                % {"line": self._lines[project.pk], "email": key},
            )
        if project is None and len(key) > CODE_MAX:
            raise column_error(
                "project",
                gettext(
                    "A new project gets this as its code, which is at most %(limit)s characters "
                    "(this has %(length)s)."
                )
                % {"limit": CODE_MAX, "length": len(key)},
            )
        customer_name = values.pop("customer")
        customer = find_customer(customer_name)
        if customer is None:
            problem = too_long(customer_name, NAME_MAX)
            if problem is not None:
                raise column_error("customer", problem)
            with _reported_as("customer"):
                customer = customer_services.create_customer(by=self.by, name=customer_name)
            # A typo in a known customer's name makes a new one: said before it is applied.
            self.note(
                gettext("Line %(line)s: new customer “%(name)s”.")
                % {"line": self.line, "name": customer_name}
            )
        email = values.pop("project_manager", None)
        if email:
            manager = User.objects.filter(email__iexact=email).first()
            if manager is None:
                with _reported_as("project_manager"):
                    manager = create_user(
                        email=email,
                        full_name=email.split("@")[0].replace(".", " ").title()[:FULL_NAME_MAX],
                        role=Role.PROJECT_MANAGER,
                        by=self.by,
                    )
                self.note(
                    gettext("Line %(line)s: new account for %(email)s (project manager).")
                    % {"line": self.line, "email": email}
                )
            values["project_manager"] = manager
        if project is None:
            with _reported_as("project", ("name", "code")):
                project = portfolio_services.create_project(
                    by=self.by, name=key, code=key, customer=customer, **values
                )
            self._lines[project.pk] = self.line
            return Outcome.CREATED
        if project.customer_id != customer.pk:
            values["customer"] = customer
            self.note(
                gettext("Line %(line)s: %(project)s moves from %(old)s to %(new)s.")
                % {
                    "line": self.line,
                    "project": key,
                    "old": project.customer.name,
                    "new": customer.name,
                }
            )
        with _reported_as("project", ("name", "code")):
            changed = portfolio_services.update_project(project, by=self.by, **values)
        self._lines[project.pk] = self.line
        return Outcome.UPDATED if changed else Outcome.UNCHANGED


# The review-history kind lives in its own module; importing it here registers it.
from rapport.insights import response_import  # noqa: E402, F401
