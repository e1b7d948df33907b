"""The words Rapport uses with customers.

- ``GlossaryTerm``: project-management jargon and the plain wording to use instead.
- ``CustomerTerm``: a customer's own word for a glossary term ("go-live" → "launch weekend").
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
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
        db_table = "roadmap_glossaryterm"  # created by the roadmap app; kept when it moved here
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
        db_table = "roadmap_customerterm"  # created by the roadmap app; kept when it moved here
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
