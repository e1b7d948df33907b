"""The roadmap built with each customer.

The services it points at are the catalog's (``rapport.catalog``); the words it uses with
customers are the plain-language app's (``rapport.plainlanguage``).

- ``RoadmapItem``: a step on a customer's roadmap (quick win or capability, waves, windows).
- ``ShareLink`` / ``CustomerInput``: the customer's read-only link and what they said through it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rapport.catalog.models import Service
from rapport.constraints import ConstraintFields
from rapport.customers.models import Customer
from rapport.languages import check_translations, pick_translation

# --- the roadmap built with each customer (issue 6, phase 2) --------------------------------


class ItemKind(models.TextChoices):
    QUICK_WIN = "quick_win", _("Quick win")
    CAPABILITY = "capability", _("Capability")


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    BUILDING = "building", _("Building")
    ADOPTING = "adopting", _("Adopting")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


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


class RoadmapItem(ConstraintFields):
    """One step on a customer's roadmap: what gets better for them, which pains it relieves.

    ``kind`` and ``rice_score`` are derived by ``roadmap.planning`` whenever the inputs change
    (stored so pages can show and order them). ``wave`` 0 means "quick wins, first".
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="roadmap_items")
    title = models.CharField(max_length=200)
    outcome = models.TextField(help_text=_("What gets better for them, in their words."))
    # The outcome in the other languages the customer's people read, {"de": "…"}; ``outcome``
    # is in the customer's own language (docs/i18n.md, "Texts the PMO writes").
    outcome_translations = models.JSONField(
        default=dict,
        blank=True,
        help_text=_('The outcome in other languages, e.g. {"de": "…"}.'),
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="roadmap_items"
    )
    pain_points = models.ManyToManyField(
        "customers.PainPoint", blank=True, related_name="roadmap_items"
    )
    kind = models.CharField(max_length=12, choices=ItemKind.choices, default=ItemKind.CAPABILITY)
    reach = models.PositiveIntegerField(default=10, help_text=_("How many people feel the pain."))
    pain_relief = models.PositiveSmallIntegerField(
        default=3, help_text=_("How much of the pain goes away, 1–5, as the customer chose it.")
    )
    confidence = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        help_text=_("How sure we are, 0–1."),
    )
    effort = models.DecimalField(
        max_digits=5, decimal_places=1, default=Decimal("1.0"), help_text=_("Person-months.")
    )
    rice_score = models.FloatField(default=0)
    wave = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    build_start = models.DateField(null=True, blank=True)
    build_end = models.DateField(null=True, blank=True)
    adoption_end = models.DateField(null=True, blank=True, help_text=_("Adoption runs longer."))
    adoption_pct = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Measured share of people using it, 0–100.")
    )
    status = models.CharField(
        max_length=10, choices=ItemStatus.choices, default=ItemStatus.PROPOSED
    )
    customer_comments = models.TextField(
        blank=True, help_text=_("What the customer said about it.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["customer", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_relief__gte=1, pain_relief__lte=5),
                name="roadmap_item_relief_1_5",
                violation_error_message=_("Pain relief is from 1 to 5."),
                violation_error_code="item_relief_1_5",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="roadmap_item_confidence_0_1",
                violation_error_message=_("Confidence is from 0 to 1."),
                violation_error_code="item_confidence_0_1",
            ),
            models.CheckConstraint(
                condition=Q(effort__gt=0),
                name="roadmap_item_effort_positive",
                violation_error_message=_("Effort is more than 0 person-months."),
                violation_error_code="item_effort_positive",
            ),
            models.CheckConstraint(
                condition=Q(adoption_pct__isnull=True) | Q(adoption_pct__lte=100),
                name="roadmap_item_adoption_0_100",
                violation_error_message=_("Adoption is a share from 0 to 100."),
                violation_error_code="item_adoption_0_100",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="roadmap_item_status_valid"
            ),
        ]

    CONSTRAINT_FIELDS = {
        "item_relief_1_5": "pain_relief",
        "item_confidence_0_1": "confidence",
        "item_effort_positive": "effort",
        "item_adoption_0_100": "adoption_pct",
    }

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:customer_roadmap", args=[self.customer_id]) + f"#item-{self.pk}"

    def clean(self) -> None:
        check_translations("outcome_translations", self.outcome_translations)

    def outcome_in(self, language: str) -> str:
        """The outcome in ``language``: its translation, else the outcome as written."""
        return pick_translation(self.outcome, self.outcome_translations, language)

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
        who = self.stakeholder.name if self.stakeholder else "all stakeholders"
        return f"Roadmap link for {self.customer} ({who})"

    @property
    def expires_at(self) -> dt.datetime:
        return self.created_at + dt.timedelta(days=self.max_age_days)

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class InputKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    IMPORTANT = "important", _("Matters most")
    RELIEF = "relief", _("Suggested pain relief")


class InputStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ACCEPTED = "accepted", _("Accepted")
    DISMISSED = "dismissed", _("Set aside")


class CustomerInput(ConstraintFields):
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
                violation_error_message=_("Pain relief is from 1 to 5."),
                violation_error_code="input_relief_1_5",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InputKind.values), name="roadmap_input_kind_valid"
            ),
        ]

    CONSTRAINT_FIELDS = {
        "input_relief_1_5": "relief",
    }

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.item}"
