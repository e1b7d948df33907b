from __future__ import annotations

from django import forms

from rapport.charter.measures import MEASURES
from rapport.charter.models import CharterPrinciple, PartnershipCharter


class CharterForm(forms.ModelForm):
    class Meta:
        model = PartnershipCharter
        fields = ["agreed_on", "next_review_on", "status"]
        widgets = {
            "agreed_on": forms.DateInput(attrs={"type": "date"}),
            "next_review_on": forms.DateInput(attrs={"type": "date"}),
        }


class PrincipleForm(forms.ModelForm):
    measure = forms.ChoiceField(choices=[(m.key, m.label) for m in MEASURES.values()])

    class Meta:
        model = CharterPrinciple
        fields = ["name", "description", "measure", "target", "position"]
