"""Every change in the readiness app: assessments, the pledge, and remedies that act.

Remedies act through the customers app's own service functions, so the customer's history shows
the change, and each remedy also records ``readiness.remedy.applied`` naming the barrier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rapport.audit.services import create_audited, record
from rapport.customers.models import Channel, Customer, FeedbackCulture
from rapport.customers.services import update_customer
from rapport.readiness.models import Assessment, Pledge

# The quick channels the time remedy offers (a 15-minute call, or an emailed survey).
QUICK_CHANNELS = (Channel.CALL, Channel.EMAIL)


@transaction.atomic
def record_assessment(
    ratings: Mapping[str, int], *, by: Any, taken_on: dt.date | None = None, note: str = ""
) -> Assessment:
    fields: dict[str, Any] = {"ratings": dict(ratings), "note": note, "taken_by": by}
    if taken_on is not None:
        fields["taken_on"] = taken_on
    return create_audited(Assessment, "readiness.assessment.recorded", by=by, **fields)


@transaction.atomic
def sign_pledge(text: str, *, by: Any) -> Pledge:
    """Sign a new version of the no-ranking pledge; it replaces the one in force."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("The pledge needs a text.")})
    latest = Pledge.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
    return create_audited(
        Pledge,
        "readiness.pledge.signed",
        by=by,
        version=latest + 1,
        text=text,
        signed_by=by,
        signer_name=str(by),
    )


def current_pledge() -> Pledge | None:
    return Pledge.objects.select_related("signed_by").order_by("-version").first()


@transaction.atomic
def set_quick_channel(customer: Customer, channel: str, *, by: Any) -> dict[str, list[Any]]:
    """Time remedy: make a 15-minute call or the email survey this customer's default."""
    if channel not in QUICK_CHANNELS:
        raise ValidationError(
            {"channel": _("Choose the 15-minute call or the email survey for this remedy.")}
        )
    diff = update_customer(customer, by=by, preferred_channel=channel)
    record(
        "readiness.remedy.applied",
        by=by,
        obj=customer,
        changes={"barrier": "time", "preferred_channel": diff.get("preferred_channel", channel)},
    )
    return diff


@transaction.atomic
def switch_to_confidential(customer: Customer, *, by: Any) -> dict[str, list[Any]]:
    """Harmony remedy: this customer's feedback becomes confidential."""
    diff = update_customer(customer, by=by, feedback_culture=FeedbackCulture.CONFIDENTIAL)
    record(
        "readiness.remedy.applied",
        by=by,
        obj=customer,
        changes={
            "barrier": "harmony",
            "feedback_culture": diff.get("feedback_culture", FeedbackCulture.CONFIDENTIAL),
        },
    )
    return diff
