"""The customer's read-only roadmap link and what they tell us through it.

A link is a row (so it can be revoked) whose random ``key`` travels inside a value signed with
``django.core.signing.TimestampSigner``: a changed value fails the signature, an old one fails
``max_age``, a revoked row fails the lookup. Customer input is stored as ``CustomerInput`` rows
and changes an item's pain relief only through ``accept_customer_input``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from rapport.audit.services import record
from rapport.customers.models import Customer, Stakeholder
from rapport.languages import supported
from rapport.roadmap.models import (
    CustomerInput,
    InputKind,
    InputStatus,
    ItemStatus,
    RoadmapItem,
    ShareLink,
)
from rapport.roadmap.services.items import update_item
from rapport.roadmap.texts import SHARE_EMAIL_BODY, SHARE_EMAIL_SUBJECT
from rapport.text import check_text

SALT = "rapport.roadmap.share"
DEFAULT_MAX_AGE_DAYS = 60
MAX_IMPORTANT = 3
MAX_COMMENT = 2000
# What the customer sees: everything except items the PMO dropped.
PUBLIC_STATUSES = [s for s in ItemStatus.values if s != ItemStatus.DROPPED]


class LinkRefused(Exception):
    """The link cannot be used; ``reason`` is one of tampered, expired, revoked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def token_for(link: ShareLink) -> str:
    """The signed value in the link's address (signed now; expiry counts from creation)."""
    return _signer().sign(link.key)


@transaction.atomic
def create_share_link(
    customer: Customer,
    *,
    by: Any,
    stakeholder: Stakeholder | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> tuple[ShareLink, str]:
    """A new link for the customer's stakeholders (or one of them). Returns (row, token)."""
    if stakeholder is not None and stakeholder.customer_id != customer.pk:
        raise ValidationError({"stakeholder": "Pick one of this customer's stakeholders."})
    if not 1 <= max_age_days <= 366:
        raise ValidationError({"max_age_days": "A link lives between 1 and 366 days."})
    link = ShareLink.objects.create(
        customer=customer,
        stakeholder=stakeholder,
        key=secrets.token_urlsafe(24),
        max_age_days=max_age_days,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record(
        "roadmap.share_link.created",
        by=by,
        obj=link,
        changes={
            "customer": customer.name,
            "stakeholder": stakeholder.name if stakeholder else "",
            "max_age_days": max_age_days,
        },
    )
    return link, token_for(link)


@transaction.atomic
def revoke_share_link(link: ShareLink, *, by: Any) -> ShareLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        record(
            "roadmap.share_link.revoked", by=by, obj=link, changes={"customer": str(link.customer)}
        )
    return link


def resolve_share_token(token: str) -> ShareLink:
    """The live link behind ``token``, or LinkRefused(tampered / expired / revoked)."""
    try:
        key = _signer().unsign(token)
    except signing.BadSignature as exc:
        raise LinkRefused("tampered") from exc
    link = ShareLink.objects.select_related("customer", "stakeholder").filter(key=key).first()
    if link is None:
        raise LinkRefused("revoked")
    try:
        _signer().unsign(token, max_age=link.max_age_days * 86400)
    except signing.SignatureExpired as exc:
        raise LinkRefused("expired") from exc
    if link.revoked_at is not None:
        raise LinkRefused("revoked")
    ShareLink.objects.filter(pk=link.pk).update(last_used_at=timezone.now())
    return link


def languages_read(customer: Customer) -> set[str]:
    """The languages the customer's active stakeholders read (their own, else the customer's)."""
    return {
        person.reads_in for person in customer.stakeholders.filter(is_active=True).order_by("pk")
    }


def untranslated(customer: Customer, languages: set[str] | None = None) -> list[tuple[str, str]]:
    """(item title, language) for every step on the customer's shared roadmap whose outcome has
    no translation in a language its people read (``outcome`` itself is in the customer's
    language): what the PMO must translate before the page or its email goes out."""
    wanted = sorted((languages_read(customer) if languages is None else languages) - {""})
    missing = []
    for item in RoadmapItem.objects.filter(customer=customer, status__in=PUBLIC_STATUSES).order_by(
        "position", "pk"
    ):
        for language in wanted:
            if language != customer.language and item.outcome_in(language) == item.outcome:
                missing.append((item.title, language))
    return missing


def send_share_email(link: ShareLink, url: str, *, by: Any) -> bool:
    """Email the link to the stakeholder it was made for (if they have an address).

    Refused (ValidationError, nothing sent) while a step's outcome lacks a translation in the
    language they read."""
    person = link.stakeholder
    if person is None or not person.email:
        return False
    missing = untranslated(link.customer, {person.reads_in})
    if missing:
        raise ValidationError(
            "Translate these outcomes before sending: "
            + "; ".join(f"{title} ({language})" for title, language in missing)
            + "."
        )
    # In the language they read (their own, else their customer's).
    with override(supported(person.reads_in)):
        subject = str(SHARE_EMAIL_SUBJECT)
        body = str(SHARE_EMAIL_BODY).format(name=person.name, url=url, days=link.max_age_days)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    record("roadmap.share_link.emailed", by=by, obj=link, changes={"to": person.name})
    return True


# --- what the customer tells us --------------------------------------------------------------


def public_items(link: ShareLink) -> QuerySet[RoadmapItem]:
    return RoadmapItem.objects.filter(customer=link.customer, status__in=PUBLIC_STATUSES)


def _item(link: ShareLink, item_id: Any) -> RoadmapItem:
    try:
        pk = int(item_id)
        if not 0 < pk < 2**63:  # beyond the database's integers
            raise ValueError(pk)
        return public_items(link).get(pk=pk)
    except (TypeError, ValueError, RoadmapItem.DoesNotExist) as exc:
        raise ValidationError(_("That item is not on this roadmap.")) from exc


@transaction.atomic
def add_customer_comment(
    link: ShareLink, item_id: Any, text: str, *, relief: int | None = None
) -> CustomerInput:
    """A comment (and optionally a suggested pain relief) on one item, through the link."""
    item = _item(link, item_id)
    # Kept as written (rapport.text: no control characters), at most MAX_COMMENT characters.
    text = text or ""
    if len(text) > MAX_COMMENT:
        raise ValidationError(_("Please keep it under {n} characters.").format(n=MAX_COMMENT))
    text = check_text(text, multiline=True) if text.strip() else ""
    if relief is not None and not 1 <= relief <= 5:
        raise ValidationError(_("Choose how much it helps on a scale of 1 to 5."))
    if not text and relief is None:
        raise ValidationError(_("Write a comment or choose how much it helps."))
    created: CustomerInput | None = None
    if relief is not None:
        created = CustomerInput.objects.create(
            item=item,
            link=link,
            stakeholder=link.stakeholder,
            kind=InputKind.RELIEF,
            relief=relief,
            text=text,
        )
    elif text:
        created = CustomerInput.objects.create(
            item=item, link=link, stakeholder=link.stakeholder, kind=InputKind.COMMENT, text=text
        )
    assert created is not None  # a comment or a relief, checked above
    record(
        "roadmap.customer_input.received",
        by="customer link",
        obj=created,
        changes={"item": item.title, "kind": created.kind},
    )
    return created


@transaction.atomic
def mark_most_important(link: ShareLink, item_ids: Iterable[Any]) -> list[CustomerInput]:
    """Up to three items that matter most to them; a new choice replaces the last one."""
    ids = list(dict.fromkeys(str(i) for i in item_ids if str(i).strip()))
    if len(ids) > MAX_IMPORTANT:
        raise ValidationError(_("Pick at most {n} items.").format(n=MAX_IMPORTANT))
    items = [_item(link, i) for i in ids]
    CustomerInput.objects.filter(
        link=link, kind=InputKind.IMPORTANT, status=InputStatus.PENDING
    ).delete()
    rows = CustomerInput.objects.bulk_create(
        CustomerInput(item=i, link=link, stakeholder=link.stakeholder, kind=InputKind.IMPORTANT)
        for i in items
    )
    record(
        "roadmap.customer_input.marked",
        by="customer link",
        obj=link,
        changes={"items": [i.title for i in items]},
    )
    return rows


@dataclass(frozen=True)
class Decision:
    input: CustomerInput
    changed: dict[str, list[Any]]


def _decide(entry: CustomerInput, status: str, by: Any) -> None:
    entry.status = status
    entry.decided_by = by if getattr(by, "is_authenticated", False) else None
    entry.decided_at = timezone.now()
    entry.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def accept_customer_input(entry: CustomerInput, *, by: Any) -> Decision:
    """The PMO takes the customer's input on board; a suggested relief becomes the item's."""
    entry = CustomerInput.objects.select_for_update().select_related("item").get(pk=entry.pk)
    if entry.status != InputStatus.PENDING:
        raise ValidationError("This input has already been decided.")
    changed: dict[str, list[Any]] = {}
    if entry.kind == InputKind.RELIEF and entry.relief is not None:
        changed = update_item(entry.item, by=by, pain_relief=entry.relief)
    _decide(entry, InputStatus.ACCEPTED, by)
    record(
        "roadmap.customer_input.accepted",
        by=by,
        obj=entry,
        changes={"item": entry.item.title, "kind": entry.kind, **changed},
    )
    return Decision(entry, changed)


@transaction.atomic
def dismiss_customer_input(entry: CustomerInput, *, by: Any) -> CustomerInput:
    entry = CustomerInput.objects.select_for_update().select_related("item").get(pk=entry.pk)
    if entry.status != InputStatus.PENDING:
        raise ValidationError("This input has already been decided.")
    _decide(entry, InputStatus.DISMISSED, by)
    record("roadmap.customer_input.dismissed", by=by, obj=entry, changes={"kind": entry.kind})
    return entry
