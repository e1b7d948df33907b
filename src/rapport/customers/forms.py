from __future__ import annotations

from django import forms

from rapport.customers.models import Customer


class LinesField(forms.CharField):
    """A list of short texts, one per line (ranked priorities, vocabulary)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class CustomerForm(forms.ModelForm):
    priorities = LinesField(required=False, help_text="One per line, most important first.")
    vocabulary = LinesField(required=False, help_text="Words they use for outcomes, one per line.")

    class Meta:
        model = Customer
        fields = [
            "name",
            "kind",
            "external_id",
            "value_provided",
            "serves",
            "motivations",
            "priorities",
            "preferred_channel",
            "language",
            "feedback_culture",
            "relationship_owner",
            "vocabulary",
        ]
        widgets = {
            "value_provided": forms.Textarea(attrs={"rows": 3}),
            "serves": forms.Textarea(attrs={"rows": 2}),
            "motivations": forms.Textarea(attrs={"rows": 3}),
        }
