"""``rapport import customers FILE`` and ``rapport import stakeholders FILE``.

Re-importing a file updates what changed and creates nothing twice: customers match on
``external_id`` when given, else on their name (ignoring case); stakeholders match on email.

Both are set-based (see ``rapport.imports.framework``): the customers, stakeholders and console
users are loaded once, every row is checked against them and against the file's earlier rows,
and the whole file is written in one short transaction, recorded as one audit entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from operator import itemgetter
from typing import Any, cast

from django.db.models import TextField
from django.db.models.functions import Cast, Lower
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from rapport.accounts.models import User
from rapport.accounts.owners import RELATIONSHIP_OWNER_ROLES, owner_choices, owner_problem
from rapport.customers.models import (
    LANGUAGE_HELP,
    Channel,
    Customer,
    CustomerKind,
    Engagement,
    FeedbackCulture,
    Language,
    Stakeholder,
)
from rapport.customers.services import CUSTOMER_FIELDS
from rapport.imports.bulk import insert_rows, update_rows
from rapport.imports.cells import (
    Column,
    choice,
    column_error,
    int_between,
    semicolon_list,
    text,
    valid_email,
)
from rapport.imports.framework import Importer, ImportResult, Outcome
from rapport.imports.registry import register

# The import framework types its labels and column help as ``str``: a lazy string is one wherever
# they are shown (the upload page, in the reader's language).
_ = cast("Callable[[str], str]", gettext_lazy)


def find_customer(key: str) -> Customer | None:
    """A customer by external id, else by name ignoring case."""
    key = key.strip()
    return (
        Customer.objects.filter(external_id=key).exclude(external_id="").first()
        or Customer.objects.annotate(lname=Lower("name")).filter(lname=key.lower()).first()
    )


class CustomerKeys:
    """Every customer's id by external id and by name (lower case), loaded in one query."""

    def __init__(self) -> None:
        self.by_external: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self.names: dict[int, str] = {}
        for pk, name, external_id in Customer.objects.values_list("pk", "name", "external_id"):
            if external_id:
                self.by_external[external_id] = pk
            self.by_name[name.lower()] = pk
            self.names[pk] = name

    def find(self, key: str) -> int | None:
        key = key.strip()
        return self.by_external.get(key) or self.by_name.get(key.lower())


def check_length(column: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise column_error(
            column,
            gettext("Ensure this value has at most %(limit)s characters (it has %(length)s).")
            % {"limit": limit, "length": len(value)},
        )


def _lower(value: str) -> str:
    return value.strip().lower()


def json_list(value: str) -> str:
    """A `;`-separated list as the JSON text the database stores (``semicolon_list``, encoded):
    text, so a run parses each distinct cell once and the write stores it as it is."""
    return json.dumps(semicolon_list(value))


CUSTOMER_COLUMNS = CUSTOMER_FIELDS  # the columns of the file are the service's fields
JSON_COLUMNS = ("priorities", "vocabulary")  # kept as JSON text from the file to the database
CUSTOMER_DEFAULTS: dict[str, Any] = {
    "kind": CustomerKind.BUSINESS_UNIT.value,
    "priorities": "[]",
    "preferred_channel": Channel.MEETING.value,
    "language": Language.EN.value,
    "feedback_culture": FeedbackCulture.ATTRIBUTED.value,
    "relationship_owner": None,
    "vocabulary": "[]",
}
# A new customer's row: the file's values over the defaults (empty text where none), in order.
_NEW_CUSTOMER = dict.fromkeys(CUSTOMER_COLUMNS, "") | CUSTOMER_DEFAULTS
_customer_row = itemgetter(*CUSTOMER_COLUMNS)
_OWNER = CUSTOMER_COLUMNS.index("relationship_owner")


@register
class CustomerImporter(Importer):
    kind = "customers"
    label = _("Customers")
    description = _(
        "Business units or clients, with their profile. Matched on external_id, else name."
    )
    bulk = True
    columns = (
        Column("name", required=True, help=_("The customer's name.")),
        Column("external_id", help=_("Their id in another system; used to match on re-import.")),
        Column("kind", parse=choice(CustomerKind), help=_("business_unit or client.")),
        Column(
            "value_provided", help=_("The value they provide to the organization."), multiline=True
        ),
        Column("serves", help=_("Whom they serve."), multiline=True),
        Column("motivations", help=_("What motivates them."), multiline=True),
        Column("priorities", parse=json_list, help=_("Most important first, `;`-separated.")),
        Column("preferred_channel", parse=choice(Channel), help=_("meeting, call or email.")),
        Column("language", parse=choice(Language), help=LANGUAGE_HELP),
        Column(
            "feedback_culture",
            parse=choice(FeedbackCulture),
            help=_("attributed, confidential or anonymous."),
        ),
        Column(
            "relationship_owner",
            parse=_lower,
            help=_("The email of an active PMO lead, PMO analyst or project manager."),
        ),
        Column("vocabulary", parse=json_list, help=_("Their words for outcomes, `;`-separated.")),
    )

    def prepare(self) -> None:
        self.users = dict(User.objects.annotate(lemail=Lower("email")).values_list("lemail", "pk"))
        # Who may be given a customer's relationship; whoever holds one keeps it (``owners``).
        self.owners = set(
            owner_choices(RELATIONSHIP_OWNER_ROLES).order_by().values_list("pk", flat=True)
        )
        # Lists as the JSON text ``json_list`` gives, so unchanged rows compare equal: read as
        # stored (no decoding by the ORM) and re-encoded once per distinct text.
        fields = [
            f"{c}_text" if c in JSON_COLUMNS else c if c != "relationship_owner" else f"{c}_id"
            for c in CUSTOMER_COLUMNS
        ]
        as_text = {f"{c}_text": Cast(c, output_field=TextField()) for c in JSON_COLUMNS}
        encoded = [CUSTOMER_COLUMNS.index(c) for c in JSON_COLUMNS]
        canonical: dict[str, str] = {}
        self.current: dict[int, tuple] = {}
        for pk, *row in Customer.objects.annotate(**as_text).values_list("pk", *fields):
            for i in encoded:
                text = row[i]
                row[i] = canonical.get(text) or canonical.setdefault(
                    text, json.dumps(json.loads(text))
                )
            self.current[pk] = tuple(row)
        self.keys = CustomerKeys()
        self.claimed: dict[object, int] = {}  # customer id or new name → the line that has it
        # lower name → customer id or new name: every customer's name is taken (unique ignoring
        # case), renamed or not, as the file's new and renamed customers take theirs
        self.names_taken: dict[str, object] = dict(self.keys.by_name)
        self.external_ids: dict[str, int] = {}  # an external id the file gives → its first line
        self.new: list[tuple] = []
        self.changed: dict[int, tuple] = {}

    def clean_row(self, values: dict[str, Any], present: set[str]) -> dict[str, Any]:
        email = values.get("relationship_owner")
        if email is not None:
            owner = self.users.get(email)
            if owner is None:
                raise column_error(
                    "relationship_owner",
                    gettext("No console user has the email “%(email)s”.") % {"email": email},
                )
            values["relationship_owner"] = owner
        check_length("name", values["name"], 200)
        check_length("external_id", values.get("external_id", ""), 64)
        return values

    def _claim(self, line: int, identity: object, name: str, external_id: str) -> None:
        """Check the row's customer, name and external id against the database and the file's
        earlier lines (as the unique constraints will); only a row that passes claims them."""
        earlier = self.claimed.get(identity)
        if earlier is not None:
            raise column_error(
                "name", gettext("Line %(line)s already imports this customer.") % {"line": earlier}
            )
        holder = self.names_taken.get(name.lower(), identity)
        if holder != identity:
            raise column_error(
                "name", gettext("Another customer is already called “%(name)s”.") % {"name": name}
            )
        if external_id:
            earlier = self.external_ids.get(external_id)
            if earlier is not None:
                raise column_error(
                    "external_id",
                    gettext("Line %(line)s already uses %(value)s.")
                    % {"line": earlier, "value": external_id},
                )
            self.external_ids[external_id] = line
        self.claimed[identity] = line
        self.names_taken[name.lower()] = identity

    def _check_owner(self, pk: int | None, owner: int | None) -> None:
        """A new owner must be one who may hold the post; the customer's owner stays."""
        if owner is None or owner in self.owners:
            return
        if pk is not None and self.current[pk][_OWNER] == owner:
            return
        user = User.objects.get(pk=owner)  # a refused line: one query, only then
        raise column_error("relationship_owner", owner_problem(user, RELATIONSHIP_OWNER_ROLES))

    def stage_row(self, line: int, values: dict[str, Any], present: set[str]) -> Outcome:
        pk = None
        external_id = values.get("external_id", "")
        if external_id:
            pk = self.keys.by_external.get(external_id)
        if pk is None:
            pk = self.keys.by_name.get(values["name"].lower())
        self._check_owner(pk, values.get("relationship_owner"))
        if pk is None:
            self._claim(line, values["name"].lower(), values["name"], external_id)
            self.new.append(_customer_row(_NEW_CUSTOMER | values))
            return Outcome.CREATED
        self._claim(line, pk, values["name"], external_id)
        current = self.current[pk]
        updated = _customer_row(dict(zip(CUSTOMER_COLUMNS, current, strict=True)) | values)
        if updated == current:
            return Outcome.UNCHANGED
        self.changed[pk] = updated
        return Outcome.UPDATED

    def write(self, result: ImportResult) -> None:
        now = timezone.now()
        insert_rows(
            Customer,
            CUSTOMER_COLUMNS,
            self.new,
            as_text=JSON_COLUMNS,
            same={"created_at": now, "updated_at": now},
        )
        update_rows(
            Customer,
            [*CUSTOMER_COLUMNS, "updated_at"],
            ((*row, now, pk) for pk, row in self.changed.items()),
            as_text=JSON_COLUMNS,
        )


def _stakeholder_email(value: str) -> str:
    value = value.strip().lower()
    if not valid_email(value):  # the rule of every importer's email cells (``imports.cells``)
        raise column_error("email", gettext("Enter a valid email address."))
    return value


STAKEHOLDER_COLUMNS = (
    "name",
    "role",
    "language",
    "power",
    "interest",
    "engagement_current",
    "engagement_desired",
)
STAKEHOLDER_DEFAULTS = {
    "role": "",
    "language": Language.EN.value,
    "power": 3,
    "interest": 3,
    "engagement_current": Engagement.NEUTRAL.value,
    "engagement_desired": Engagement.SUPPORTIVE.value,
}
_stakeholder_row = itemgetter(*STAKEHOLDER_COLUMNS)


@register
class StakeholderImporter(Importer):
    kind = "stakeholders"
    label = _("Stakeholders")
    description = _("People of your customers. Matched on email; the customer must exist.")
    bulk = True
    columns = (
        Column("email", required=True, parse=_stakeholder_email, help=_("Used to match.")),
        Column("name", required=True, help=_("Their full name.")),
        Column("customer", required=True, help=_("The customer's external_id or name.")),
        Column("role", parse=text, help=_("Their job or part.")),
        Column("language", parse=choice(Language), help=LANGUAGE_HELP),
        Column("power", parse=int_between(1, 5), help=_("Influence over the work, 1–5.")),
        Column("interest", parse=int_between(1, 5), help=_("Interest in the work, 1–5.")),
        Column("engagement_current", parse=choice(Engagement), help=_("unaware … leading.")),
        Column("engagement_desired", parse=choice(Engagement), help=_("unaware … leading.")),
    )

    def prepare(self) -> None:
        self.customers = CustomerKeys()
        self.current: dict[str, tuple] = {
            row[0]: row[1:]
            for row in Stakeholder.objects.exclude(email="")
            .annotate(lemail=Lower("email"))
            .values_list("lemail", "pk", "customer_id", *STAKEHOLDER_COLUMNS)
        }
        self.lines: dict[str, int] = {}
        self.new: list[tuple] = []
        self.changed: list[tuple] = []

    def clean_row(self, values: dict[str, Any], present: set[str]) -> dict[str, Any]:
        customer = self.customers.find(values["customer"])
        if customer is None:
            raise column_error(
                "customer",
                gettext("Unknown customer “%(customer)s”.") % {"customer": values["customer"]},
            )
        values["customer"] = customer
        check_length("name", values["name"], 200)
        check_length("role", values.get("role", ""), 200)
        return values

    def stage_row(self, line: int, values: dict[str, Any], present: set[str]) -> Outcome:
        email, customer = values["email"], values["customer"]
        earlier = self.lines.get(email)
        if earlier is not None:
            raise column_error(
                "email",
                gettext("Line %(line)s already imports %(email)s.")
                % {"line": earlier, "email": email},
            )
        existing = self.current.get(email)
        if existing is None:
            self.lines[email] = line
            self.new.append((customer, email, *_stakeholder_row(STAKEHOLDER_DEFAULTS | values)))
            return Outcome.CREATED
        pk, customer_id, *current = existing
        if customer_id != customer:
            raise column_error(
                "customer",
                gettext("%(email)s is already a stakeholder of %(customer)s.")
                % {"email": email, "customer": self.customers.names[customer_id]},
            )
        self.lines[email] = line  # only a line that passed claims its email
        updated = list(
            _stakeholder_row(dict(zip(STAKEHOLDER_COLUMNS, current, strict=True)) | values)
        )
        if updated == current:
            return Outcome.UNCHANGED
        self.changed.append((*updated, pk))
        return Outcome.UPDATED

    def write(self, result: ImportResult) -> None:
        now = timezone.now()
        insert_rows(
            Stakeholder,
            ["customer", "email", *STAKEHOLDER_COLUMNS],
            self.new,
            same={"is_active": True, "created_at": now, "updated_at": now},
        )
        update_rows(
            Stakeholder,
            [*STAKEHOLDER_COLUMNS, "updated_at"],
            ((*row[:-1], now, row[-1]) for row in self.changed),
        )
