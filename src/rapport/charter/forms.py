from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from rapport.charter.measures import MEASURES, SURVEY_PRINCIPLES
from rapport.charter.models import CharterPrinciple, PartnershipCharter
from rapport.console.forms import TextRules, TranslatedTexts
from rapport.customers.models import Customer


class CharterForm(TextRules, forms.ModelForm):
    class Meta:
        model = PartnershipCharter
        fields = ["agreed_on", "next_review_on", "status"]
        labels = {
            "agreed_on": _("Agreed on"),
            "next_review_on": _("Next review on"),
            "status": _("Status"),
        }
        widgets = {
            "agreed_on": forms.DateInput(attrs={"type": "date"}),
            "next_review_on": forms.DateInput(attrs={"type": "date"}),
        }


class PrincipleForm(TranslatedTexts, TextRules, forms.ModelForm):
    """A principle: its name and description are written in the customer's language, with a
    box per other language their people read."""

    translated: ClassVar[dict[str, str]] = {
        "name_translations": "name",
        "description_translations": "description",
    }
    measure = forms.ChoiceField(
        label=_("Measure"), choices=[(m.key, m.label) for m in MEASURES.values()]
    )
    survey_principle = forms.ChoiceField(
        choices=SURVEY_PRINCIPLES,
        required=False,
        label=_("Survey principle"),
        help_text=_("Only for “Survey score for this principle”."),
    )

    class Meta:
        model = CharterPrinciple
        fields = [
            "name",
            "description",
            "measure",
            "target",
            "survey_principle",
            "position",
        ]
        labels = {
            "name": _("Name"),
            "description": _("Description"),
            "target": _("Target"),
            "position": _("Position"),
        }

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        self.customer = customer
        super().__init__(*args, **kwargs)

    def reader_languages(self) -> set[str]:
        from rapport.roadmap.services.sharing import languages_read

        return languages_read(self.customer)

    def written_in(self) -> str:
        return str(self.customer.language)
