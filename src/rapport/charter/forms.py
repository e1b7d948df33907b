from __future__ import annotations

from django import forms

from rapport.charter.measures import MEASURES, SURVEY_PRINCIPLES
from rapport.charter.models import CharterPrinciple, PartnershipCharter
from rapport.console.forms import TextRules


class CharterForm(TextRules, forms.ModelForm):
    class Meta:
        model = PartnershipCharter
        fields = ["agreed_on", "next_review_on", "status"]
        widgets = {
            "agreed_on": forms.DateInput(attrs={"type": "date"}),
            "next_review_on": forms.DateInput(attrs={"type": "date"}),
        }


class PrincipleForm(TextRules, forms.ModelForm):
    measure = forms.ChoiceField(choices=[(m.key, m.label) for m in MEASURES.values()])
    survey_principle = forms.ChoiceField(
        choices=SURVEY_PRINCIPLES,
        required=False,
        help_text="Only for “Survey score for this principle”.",
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
        widgets = {
            "name_translations": forms.Textarea(attrs={"rows": 2}),
            "description_translations": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_name_translations(self) -> dict[str, str]:
        return self.cleaned_data.get("name_translations") or {}

    def clean_description_translations(self) -> dict[str, str]:
        return self.cleaned_data.get("description_translations") or {}
