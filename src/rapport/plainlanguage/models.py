"""The words Rapport uses with customers.

- ``GlossaryTerm``: project-management jargon and the plain wording to use instead, in one of
  the languages customers read (each language has its own glossary).
- ``CustomerTerm``: a customer's own word for a glossary term ("go-live" → "launch weekend").
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rapport.constraints import ConstraintFields
from rapport.customers.models import Customer, Language


class GlossaryTerm(ConstraintFields):
    """A piece of PM jargon and the plain wording a customer would use, in one language: texts
    in that language are checked against it."""

    term = models.CharField(
        _("term"), max_length=100, help_text=_("The jargon, as people write it.")
    )
    plain = models.CharField(_("plain wording"), max_length=200)
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("A tip for the writer.")
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=Language.choices,
        default=Language.EN,
        help_text=_("The language of the texts this term is checked in."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive terms are not checked.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "roadmap_glossaryterm"  # created by the roadmap app; kept when it moved here
        ordering = [Lower("term")]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(
                Lower("term"),
                "language",
                name="plainlanguage_glossaryterm_term_unique",
                violation_error_message=_("The glossary already has this term in this language."),
                violation_error_code="glossary_term_taken",
            ),
            models.CheckConstraint(condition=~Q(term=""), name="roadmap_glossaryterm_term_set"),
            models.CheckConstraint(condition=~Q(plain=""), name="roadmap_glossaryterm_plain_set"),
        ]

    CONSTRAINT_FIELDS = {
        "glossary_term_taken": "term",
    }

    def __str__(self) -> str:
        # English terms read as they always have; the others say their language.
        where = "" if self.language == Language.EN else f" ({self.language})"
        return f"{self.term} → {self.plain}{where}"


class CustomerTerm(models.Model):
    """The customer's own word for a glossary term, suggested instead of the generic wording."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="terms", verbose_name=_("customer")
    )
    glossary_term = models.ForeignKey(
        GlossaryTerm,
        on_delete=models.CASCADE,
        related_name="customer_terms",
        verbose_name=_("glossary term"),
    )
    customer_word = models.CharField(
        _("customer word"),
        max_length=200,
        help_text=_("Their word for it, ideally from their own vocabulary."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("customer term")
        verbose_name_plural = _("customer terms")
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
