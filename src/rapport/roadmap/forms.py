from __future__ import annotations

import json

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html

from rapport.accounts.models import Role, User
from rapport.customers.models import Customer
from rapport.roadmap.models import GlossaryTerm, Service


class PlainLanguageTextarea(forms.Textarea):
    """A textarea checked for plain language as the writer types (htmx).

    Posts its text to ``roadmap:language_check`` half a second after the last key, and shows the
    report just below. Any form can use it: ``widgets = {"outcome": PlainLanguageTextarea}``.
    Pass ``customer_field="customer"`` to check against that customer's own words (the field's
    value is sent along).
    """

    def __init__(self, attrs=None, customer_field: str | None = None):
        super().__init__(attrs={"rows": 4, **(attrs or {})})
        self.customer_field = customer_field

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        element_id = attrs.get("id") or f"id_{name}"
        report_id = f"{element_id}-language"
        vals = {"_field": name}
        attrs.update(
            {
                "id": element_id,
                "hx-post": str(reverse_lazy("roadmap:language_check")),
                "hx-trigger": "keyup changed delay:500ms, load",
                "hx-target": f"#{report_id}",
                "hx-vals": json.dumps(vals),
                "aria-describedby": report_id,
            }
        )
        if self.customer_field:
            attrs["hx-include"] = f"[name='{self.customer_field}']"
        textarea = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<div id="{}" class="lang-report" aria-live="polite"></div>', textarea, report_id
        )


class LanguageCheckForm(forms.Form):
    """What the check endpoint accepts."""

    text = forms.CharField(required=False, max_length=20_000, strip=False)
    customer = forms.ModelChoiceField(queryset=Customer.objects.all(), required=False)


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = ["name", "outcome", "description", "owner", "customers"]
        widgets = {
            "outcome": PlainLanguageTextarea(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "customers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            is_active=True, role__in=[Role.PMO_LEAD, Role.PMO_ANALYST]
        )
        self.fields["customers"].queryset = Customer.objects.order_by("name")


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "plain", "note", "active"]


class CustomerTermForm(forms.Form):
    customer = forms.ModelChoiceField(queryset=Customer.objects.order_by("name"))
    glossary_term = forms.ModelChoiceField(
        queryset=GlossaryTerm.objects.filter(active=True), label="Glossary term"
    )
    customer_word = forms.CharField(
        max_length=200,
        label="Their word",
        help_text="Pick from the customer's own vocabulary where you can.",
    )
