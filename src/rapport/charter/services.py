"""Charters, their principles, the scorecard and the review reminder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rapport.audit.services import create_audited, record, update_audited
from rapport.charter.measures import DEFAULT_PRINCIPLES, MEASURES, Scored, month_ends
from rapport.charter.models import CharterPrinciple, CharterStatus, PartnershipCharter
from rapport.customers.models import Customer

CHARTER_FIELDS = ("agreed_on", "next_review_on", "status")
PRINCIPLE_FIELDS = (
    "name",
    "description",
    "name_translations",
    "description_translations",
    "measure",
    "target",
    "position",
    "survey_principle",
)
DEFAULT_REMINDER_DAYS = 14


def _check_measure(key: str) -> None:
    if key not in MEASURES:
        raise ValidationError(
            {"measure": _("“%(key)s” is not a measure Rapport knows.") % {"key": key}}
        )


def _check_dates(charter: PartnershipCharter) -> None:
    if charter.agreed_on and charter.next_review_on and charter.next_review_on <= charter.agreed_on:
        raise ValidationError({"next_review_on": _("The next review comes after the agreement.")})
    if charter.status not in CharterStatus.values:
        raise ValidationError({"status": _("Not a charter status.")})


@transaction.atomic
def start_charter(customer: Customer, *, by: Any, **fields: Any) -> PartnershipCharter:
    """A new charter with the five default principles, each bound to a measure."""
    if PartnershipCharter.objects.filter(customer=customer).exists():
        raise ValidationError(_("This customer already has a charter."))
    charter = PartnershipCharter(customer=customer, **fields)
    _check_dates(charter)
    charter = create_audited(
        PartnershipCharter, "charter.charter.created", by=by, customer=customer, **fields
    )
    CharterPrinciple.objects.bulk_create(
        CharterPrinciple(
            charter=charter,
            name=name,
            description=text,
            measure=measure,
            target=target,
            survey_principle=survey,
            position=position,
        )
        for position, (name, text, measure, target, survey) in enumerate(
            DEFAULT_PRINCIPLES, start=1
        )
    )
    return charter


@transaction.atomic
def update_charter(charter: PartnershipCharter, *, by: Any, **fields: Any) -> dict[str, list[Any]]:
    diff = update_audited(
        charter, "charter.charter.updated", by=by, allowed=CHARTER_FIELDS, **fields
    )
    _check_dates(charter)
    return diff


@transaction.atomic
def add_principle(charter: PartnershipCharter, *, by: Any, **fields: Any) -> CharterPrinciple:
    _check_measure(fields.get("measure", ""))
    if "position" not in fields:
        fields["position"] = charter.principles.count() + 1
    return create_audited(
        CharterPrinciple, "charter.principle.created", by=by, charter=charter, **fields
    )


@transaction.atomic
def update_principle(
    principle: CharterPrinciple, *, by: Any, **fields: Any
) -> dict[str, list[Any]]:
    if "measure" in fields:
        _check_measure(fields["measure"])
    return update_audited(
        principle, "charter.principle.updated", by=by, allowed=PRINCIPLE_FIELDS, **fields
    )


@transaction.atomic
def remove_principle(principle: CharterPrinciple, *, by: Any) -> None:
    record(
        "charter.principle.removed",
        by=by,
        obj=principle.charter,
        changes={"principle": principle.name, "measure": principle.measure},
    )
    principle.delete()


# --- the scorecard ----------------------------------------------------------------------------


def scorecard(
    charter: PartnershipCharter, *, today: dt.date | None = None, months: int = 12
) -> list[Scored]:
    """Each principle against its measure and target over the last ``months`` months.

    Each measure is loaded once for the customer, however many principles use it.
    """
    ends = month_ends(today or timezone.localdate(), months)
    principles = list(charter.principles.all())
    principles = [p for p in principles if p.measure in MEASURES]

    def key(p: CharterPrinciple) -> tuple[str, str]:
        return (p.measure, p.survey_principle if MEASURES[p.measure].uses_principle else "")

    # One load per measure (and survey principle), however many principles share it.
    loaded = {
        k: MEASURES[k[0]].loader(charter.customer_id, ends, k[1])
        for k in {key(p) for p in principles}
    }
    return [
        Scored(
            name=p.name,
            description=p.description,
            measure=MEASURES[p.measure],
            target=p.target,
            series=[(m, loaded[key(p)].get(m)) for m in ends],
            principle_id=p.pk,
            withheld=getattr(loaded[key(p)], "withheld", ""),
        )
        for p in principles
    ]


# --- texts the PMO writes, in the languages the customer's people read -------------------------

# The default principles' words: the respondent catalog has them in every language.
DEFAULT_TEXTS = frozenset(text for name, desc, *_ in DEFAULT_PRINCIPLES for text in (name, desc))


def untranslated_principles(
    customer: Customer, languages: set[str] | None = None
) -> list[tuple[str, str]]:
    """(principle name, language) for every charter principle whose name or description has no
    translation in a language the customer's active stakeholders read (or in ``languages``).
    What the PMO wrote is in the customer's language; Rapport's default words need nothing."""
    from rapport.roadmap.services.sharing import languages_read

    wanted = sorted((languages_read(customer) if languages is None else languages) - {""})
    missing = []
    for principle in CharterPrinciple.objects.filter(charter__customer=customer):
        for language in wanted:
            if language == customer.language:
                continue
            texts = (
                (principle.name, principle.name_in(language)),
                (principle.description, principle.description_in(language)),
            )
            if any(text and text not in DEFAULT_TEXTS and shown == text for text, shown in texts):
                missing.append((principle.name, language))
    return missing


def texts_to_translate(customer: Customer) -> list[tuple[str, str, str]]:
    """(what, name, language) for every text the PMO wrote that a customer's active stakeholder
    would read untranslated: roadmap outcomes, the pulse's service outcomes, charter
    principles. The roadmap share, the pulse and the pack refuse to go out until done."""
    from rapport.feedback.pulse.services import untranslated_services
    from rapport.roadmap.services.sharing import languages_read, untranslated

    languages = languages_read(customer)
    return (
        [("roadmap", name, language) for name, language in untranslated(customer, languages)]
        + [("service", name, language) for name, language in untranslated_services(languages)]
        + [
            ("principle", name, language)
            for name, language in untranslated_principles(customer, languages)
        ]
    )


# --- the review reminder -----------------------------------------------------------------------

REMINDER_SUBJECT = "Partnership review with {customer} on {date}"
REMINDER_BODY = (
    "Hello {name},\n\n"
    "The partnership charter with {customer} is due for review on {date}.\n"
    "The scorecard shows each principle against its target: {url}\n\n"
    "Agree a time with them and bring the scorecard.\n"
)


def charters_due(today: dt.date, days: int = DEFAULT_REMINDER_DAYS) -> QuerySet[PartnershipCharter]:
    """Charters whose review falls in the next ``days`` days and whose owner was not reminded."""
    return (
        PartnershipCharter.objects.filter(
            next_review_on__gte=today,
            next_review_on__lte=today + dt.timedelta(days=days),
            customer__relationship_owner__isnull=False,
        )
        .exclude(status=CharterStatus.ENDED)
        .exclude(reminded_for=F("next_review_on"))
        .select_related("customer", "customer__relationship_owner")
    )


def send_charter_reminders(
    *, today: dt.date | None = None, days: int = DEFAULT_REMINDER_DAYS, base_url: str = ""
) -> int:
    """Email each relationship owner ``days`` before the review; once per review date.

    Each charter is claimed with a conditional UPDATE before the email goes out, so two runs at
    the same time never send it twice.
    """
    today = today or timezone.localdate()
    sent = 0
    for charter in charters_due(today, days):
        claimed = (
            PartnershipCharter.objects.filter(pk=charter.pk)
            .exclude(reminded_for=charter.next_review_on)
            .update(reminded_for=charter.next_review_on)
        )
        if not claimed:
            continue
        owner = charter.customer.relationship_owner
        # charters_due keeps only charters with an owner and a review date.
        assert owner is not None and charter.next_review_on is not None
        context = {
            "name": owner.full_name or owner.email,
            "customer": charter.customer.name,
            "date": charter.next_review_on.isoformat(),
            "url": base_url + reverse("charter:scorecard", args=[charter.customer_id]),
        }
        send_mail(
            REMINDER_SUBJECT.format(**context),
            REMINDER_BODY.format(**context),
            settings.DEFAULT_FROM_EMAIL,
            [owner.email],
        )
        record(
            "charter.review.reminded",
            by="system",
            obj=charter,
            changes={"review_on": charter.next_review_on, "to": owner.email},
        )
        sent += 1
    return sent
