from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rapport.console.forms import TextRules
from rapport.customers.models import Customer
from rapport.readiness.barriers import BARRIERS, SCALE_LABELS, Barrier
from rapport.readiness.services import QUICK_CHANNELS
from rapport.roadmap.forms import PlainLanguageTextarea


def field_name(statement_key: str) -> str:
    return "s_" + statement_key.replace(".", "_")


class AssessmentForm(TextRules, forms.Form):
    """Eighteen statements, each rated 1–5, grouped by barrier in the template."""

    taken_on = forms.DateField(
        label=_("Taken on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Who took part, what prompted it."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(value, f"{value} · {label}") for value, label in SCALE_LABELS.items()]
        for barrier in BARRIERS:
            for key, statement in zip(barrier.statement_keys(), barrier.statements, strict=True):
                self.fields[field_name(key)] = forms.TypedChoiceField(
                    label=str(statement),
                    choices=choices,
                    coerce=int,
                    widget=forms.RadioSelect(attrs={"class": "scale"}),
                )

    def groups(self) -> list[tuple[Barrier, list[BoundField]]]:
        """(barrier, [bound fields]) for the template."""
        return [
            (barrier, [self[field_name(k)] for k in barrier.statement_keys()])
            for barrier in BARRIERS
        ]

    def ratings(self) -> dict[str, int]:
        return {
            key: self.cleaned_data[field_name(key)]
            for barrier in BARRIERS
            for key in barrier.statement_keys()
        }


class QuickChannelForm(TextRules, forms.Form):
    customer = forms.ModelChoiceField(queryset=Customer.objects.none(), label=_("Customer"))
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[
            (c.value, _("15-minute call") if c == "call" else c.label) for c in QUICK_CHANNELS
        ],
    )

    def __init__(
        self, *args: Any, customers: QuerySet[Customer] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if customers is not None:
            cast(forms.ModelChoiceField, self.fields["customer"]).queryset = customers


class ConfidentialForm(TextRules, forms.Form):
    customer = forms.ModelChoiceField(queryset=Customer.objects.none(), label=_("Customer"))

    def __init__(
        self, *args: Any, customers: QuerySet[Customer] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if customers is not None:
            cast(forms.ModelChoiceField, self.fields["customer"]).queryset = customers


class PledgeForm(TextRules, forms.Form):
    text = forms.CharField(
        widget=PlainLanguageTextarea(attrs={"rows": 7}), max_length=5000, label=_("Text")
    )
