"""The PMO's services and the words it uses with customers.

- ``Service``: what the PMO offers, with an outcome statement written for customers (what gets
  easier for them). Roadmap items (phase 2) will point at a service and at the pain points they
  relieve; the service keeps no roadmap fields itself.
- ``GlossaryTerm``: project-management jargon and the plain wording to use instead.
- ``CustomerTerm``: a customer's own word for a glossary term ("go-live" → "launch weekend").
- ``RoadmapItem``: a step on a customer's roadmap (quick win or capability, waves, windows).
- ``ShareLink`` / ``CustomerInput``: the customer's read-only link and what they said through it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from rapport.customers.models import Customer


class GlossaryTerm(models.Model):
    """A piece of PM jargon and the plain wording a customer would use."""

    term = models.CharField(max_length=100, help_text="The jargon, as people write it.")
    plain = models.CharField("plain wording", max_length=200)
    note = models.CharField(max_length=300, blank=True, help_text="A tip for the writer.")
    active = models.BooleanField(default=True, help_text="Inactive terms are not checked.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Lower("term")]
        constraints = [
            models.UniqueConstraint(Lower("term"), name="roadmap_glossaryterm_term_unique"),
            models.CheckConstraint(condition=~Q(term=""), name="roadmap_glossaryterm_term_set"),
            models.CheckConstraint(condition=~Q(plain=""), name="roadmap_glossaryterm_plain_set"),
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.plain}"


class CustomerTerm(models.Model):
    """The customer's own word for a glossary term, suggested instead of the generic wording."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="terms")
    glossary_term = models.ForeignKey(
        GlossaryTerm, on_delete=models.CASCADE, related_name="customer_terms"
    )
    customer_word = models.CharField(
        max_length=200, help_text="Their word for it, ideally from their own vocabulary."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["customer__name", "glossary_term__term"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "glossary_term"], name="roadmap_customerterm_unique"
            ),
            models.CheckConstraint(
                condition=~Q(customer_word=""), name="roadmap_customerterm_word_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer}: {self.glossary_term.term} → {self.customer_word}"


class ServiceStatus(models.TextChoices):
    IDEA = "idea", "Idea"
    PILOTING = "piloting", "Piloting"
    AVAILABLE = "available", "Available"
    RETIRED = "retired", "Retired"


# Legal moves between statuses. A pilot may go back to the drawing board; a retired service
# may be revived as an idea, never straight back into use.
SERVICE_TRANSITIONS: dict[str, frozenset[str]] = {
    ServiceStatus.IDEA: frozenset({ServiceStatus.PILOTING, ServiceStatus.RETIRED}),
    ServiceStatus.PILOTING: frozenset(
        {ServiceStatus.AVAILABLE, ServiceStatus.IDEA, ServiceStatus.RETIRED}
    ),
    ServiceStatus.AVAILABLE: frozenset({ServiceStatus.PILOTING, ServiceStatus.RETIRED}),
    ServiceStatus.RETIRED: frozenset({ServiceStatus.IDEA}),
}


def check_translations(field: str, translations: object) -> None:
    """``translations`` must map language codes of the respondent languages to text."""
    from rapport.customers.models import Language

    if not isinstance(translations, dict) or not all(
        key in Language.values and isinstance(text, str) for key, text in translations.items()
    ):
        raise ValidationError(
            {
                field: "Give each translation as a language code and its text, e.g. "
                f'{{"de": "…"}}; codes: {", ".join(Language.values)}.'
            }
        )


def translated(original: str, translations: object, language: str) -> str:
    """``original`` in ``language``: its translation if there is one, else as written."""
    text = translations.get(language) if isinstance(translations, dict) else None
    return text if isinstance(text, str) and text.strip() else original


class Service(models.Model):
    """Something the PMO offers its customers, described by what gets easier for them."""

    name = models.CharField(max_length=200)
    outcome = models.TextField(
        "outcome statement",
        help_text="For customers, in their words: what gets easier for them.",
    )
    # The outcome in other languages, {"de": "…"} (docs/i18n.md, "Texts the PMO writes").
    outcome_translations = models.JSONField(
        default=dict,
        blank=True,
        help_text='The outcome statement in other languages, e.g. {"de": "…"}.',
    )
    description = models.TextField(
        "internal description", blank=True, help_text="For the PMO: how the service works."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_services",
    )
    status = models.CharField(
        max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.IDEA
    )
    customers = models.ManyToManyField(
        Customer, blank=True, related_name="services", help_text="Customers it serves."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="roadmap_service_name_unique"),
            models.CheckConstraint(
                condition=Q(status__in=ServiceStatus.values), name="roadmap_service_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roadmap:service_detail", args=[self.pk])

    def clean(self) -> None:
        check_translations("outcome_translations", self.outcome_translations)

    def outcome_in(self, language: str) -> str:
        """The outcome statement in ``language``: its translation, else as written."""
        return translated(self.outcome, self.outcome_translations, language)

    @property
    def next_statuses(self) -> list[ServiceStatus]:
        allowed = SERVICE_TRANSITIONS[self.status]
        return [s for s in ServiceStatus if s in allowed]


# --- the roadmap built with each customer (issue 6, phase 2) --------------------------------


class ItemKind(models.TextChoices):
    QUICK_WIN = "quick_win", "Quick win"
    CAPABILITY = "capability", "Capability"


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    PLANNED = "planned", "Planned"
    BUILDING = "building", "Building"
    ADOPTING = "adopting", "Adopting"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


# The one place that says which status may follow which. Dropped items may be proposed again;
# done is final.
ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    ItemStatus.PROPOSED: frozenset({ItemStatus.PLANNED, ItemStatus.DROPPED}),
    ItemStatus.PLANNED: frozenset({ItemStatus.BUILDING, ItemStatus.PROPOSED, ItemStatus.DROPPED}),
    ItemStatus.BUILDING: frozenset({ItemStatus.ADOPTING, ItemStatus.PLANNED, ItemStatus.DROPPED}),
    ItemStatus.ADOPTING: frozenset({ItemStatus.DONE, ItemStatus.DROPPED}),
    ItemStatus.DONE: frozenset(),
    ItemStatus.DROPPED: frozenset({ItemStatus.PROPOSED}),
}
# Replanning moves only these; items being built or adopted keep their windows.
REPLANNABLE = (ItemStatus.PROPOSED, ItemStatus.PLANNED)
IN_FLIGHT = (ItemStatus.BUILDING, ItemStatus.ADOPTING)


class RoadmapItem(models.Model):
    """One step on a customer's roadmap: what gets better for them, which pains it relieves.

    ``kind`` and ``rice_score`` are derived by ``roadmap.planning`` whenever the inputs change
    (stored so pages can show and order them). ``wave`` 0 means "quick wins, first".
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="roadmap_items")
    title = models.CharField(max_length=200)
    outcome = models.TextField(help_text="What gets better for them, in their words.")
    # The outcome in the other languages the customer's people read, {"de": "…"}; ``outcome``
    # is in the customer's own language (docs/i18n.md, "Texts the PMO writes").
    outcome_translations = models.JSONField(
        default=dict,
        blank=True,
        help_text='The outcome in other languages, e.g. {"de": "…"}.',
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="roadmap_items"
    )
    pain_points = models.ManyToManyField(
        "customers.PainPoint", blank=True, related_name="roadmap_items"
    )
    kind = models.CharField(max_length=12, choices=ItemKind.choices, default=ItemKind.CAPABILITY)
    reach = models.PositiveIntegerField(default=10, help_text="How many people feel the pain.")
    pain_relief = models.PositiveSmallIntegerField(
        default=3, help_text="How much of the pain goes away, 1–5, as the customer chose it."
    )
    confidence = models.DecimalField(
        max_digits=3, decimal_places=2, default=Decimal("0.80"), help_text="How sure we are, 0–1."
    )
    effort = models.DecimalField(
        max_digits=5, decimal_places=1, default=Decimal("1.0"), help_text="Person-months."
    )
    rice_score = models.FloatField(default=0)
    wave = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    build_start = models.DateField(null=True, blank=True)
    build_end = models.DateField(null=True, blank=True)
    adoption_end = models.DateField(null=True, blank=True, help_text="Adoption runs longer.")
    adoption_pct = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Measured share of people using it, 0–100."
    )
    status = models.CharField(
        max_length=10, choices=ItemStatus.choices, default=ItemStatus.PROPOSED
    )
    customer_comments = models.TextField(blank=True, help_text="What the customer said about it.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["customer", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_relief__gte=1, pain_relief__lte=5),
                name="roadmap_item_relief_1_5",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="roadmap_item_confidence_0_1",
            ),
            models.CheckConstraint(condition=Q(effort__gt=0), name="roadmap_item_effort_positive"),
            models.CheckConstraint(
                condition=Q(adoption_pct__isnull=True) | Q(adoption_pct__lte=100),
                name="roadmap_item_adoption_0_100",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="roadmap_item_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:customer_roadmap", args=[self.customer_id]) + f"#item-{self.pk}"

    def clean(self) -> None:
        check_translations("outcome_translations", self.outcome_translations)

    def outcome_in(self, language: str) -> str:
        """The outcome in ``language``: its translation, else the outcome as written."""
        return translated(self.outcome, self.outcome_translations, language)

    @property
    def is_quick_win(self) -> bool:
        return self.kind == ItemKind.QUICK_WIN

    @property
    def next_statuses(self) -> list[ItemStatus]:
        allowed = ITEM_TRANSITIONS[self.status]
        return [s for s in ItemStatus if s in allowed]


class ShareLink(models.Model):
    """A signed, expiring link that lets a customer's stakeholders read their roadmap.

    The signed value carries ``key`` (random); revoking the row makes the link dead at once.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="share_links")
    stakeholder = models.ForeignKey(
        "customers.Stakeholder",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="share_links",
    )
    key = models.CharField(max_length=40, unique=True, editable=False)
    max_age_days = models.PositiveSmallIntegerField(default=60)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        who = self.stakeholder.name if self.stakeholder_id else "all stakeholders"
        return f"Roadmap link for {self.customer} ({who})"

    @property
    def expires_at(self):
        return self.created_at + dt.timedelta(days=self.max_age_days)

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class InputKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    IMPORTANT = "important", "Matters most"
    RELIEF = "relief", "Suggested pain relief"


class InputStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Set aside"


class CustomerInput(models.Model):
    """What a customer said through their roadmap link. Untrusted text; changes nothing by itself.

    A suggested pain relief reaches the item only when the PMO accepts it
    (``accept_customer_input``).
    """

    item = models.ForeignKey(RoadmapItem, on_delete=models.CASCADE, related_name="inputs")
    link = models.ForeignKey(
        ShareLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="inputs"
    )
    stakeholder = models.ForeignKey(
        "customers.Stakeholder", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=InputKind.choices)
    text = models.TextField(blank=True)
    relief = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=InputStatus.choices, default=InputStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relief__isnull=True) | Q(relief__gte=1, relief__lte=5),
                name="roadmap_input_relief_1_5",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InputKind.values), name="roadmap_input_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.item}"
