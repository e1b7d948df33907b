from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rapport.charter.measures import MEASURES, SURVEY_PRINCIPLES
from rapport.charter.models import CharterPrinciple, PartnershipCharter
from rapport.console.forms import TextRules


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


class PrincipleForm(TextRules, forms.ModelForm):
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
            "name_translations",
            "description_translations",
            "measure",
            "target",
            "survey_principle",
            "position",
        ]
        labels = {
            "name": _("Name"),
            "description": _("Description"),
            "name_translations": _("Name translations"),
            "description_translations": _("Description translations"),
            "target": _("Target"),
            "position": _("Position"),
        }
        widgets = {
            "name_translations": forms.Textarea(attrs={"rows": 2}),
            "description_translations": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_name_translations(self) -> dict[str, str]:
        return self.cleaned_data.get("name_translations") or {}

    def clean_description_translations(self) -> dict[str, str]:
        return self.cleaned_data.get("description_translations") or {}
