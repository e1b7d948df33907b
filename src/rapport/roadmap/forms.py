from __future__ import annotations

import json
from typing import Any, ClassVar, cast

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rapport.accounts.owners import SERVICE_OWNER_ROLES, owner_choices
from rapport.catalog.models import Service, ServiceStatus
from rapport.console.forms import TextRules, TranslatedTexts
from rapport.customers.models import Customer, Stakeholder
from rapport.plainlanguage.models import GlossaryTerm
from rapport.roadmap.models import RoadmapItem
from rapport.roadmap.services.sharing import languages_read


class PlainLanguageTextarea(forms.Textarea):
    """A textarea checked for plain language as the writer types (htmx).

    Posts its text to ``roadmap:language_check`` half a second after the last key, and shows the
    report just below. Any form can use it: ``widgets = {"outcome": PlainLanguageTextarea}``.
    Pass ``customer_field="customer"`` to check against that customer's own words (the field's
    value is sent along).
    """

    def __init__(
        self, attrs: dict[str, Any] | None = None, customer_field: str | None = None
    ) -> None:
        super().__init__(attrs={"rows": 4, **(attrs or {})})
        self.customer_field = customer_field

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
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


class LanguageCheckForm(TextRules, forms.Form):
    """What the check endpoint accepts."""

    text = forms.CharField(required=False, max_length=20_000, strip=False, label=_("Text"))
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.all(), required=False, label=_("Customer")
    )


class ServiceForm(TranslatedTexts, TextRules, forms.ModelForm):
    """A service; its outcome statement is written in English, with a box per other language
    the customers' people read."""

    translated: ClassVar[dict[str, str]] = {"outcome_translations": "outcome"}

    def reader_languages(self) -> set[str]:
        return {
            own or customer
            for own, customer in Stakeholder.objects.filter(is_active=True)
            .values_list("language", "customer__language")
            .distinct()
        }

    class Meta:
        model = Service
        fields = ["name", "outcome", "description", "owner", "customers"]
        labels = {
            "name": _("Name"),
            "outcome": _("Outcome statement"),
            "description": _("Internal description"),
            "owner": _("Owner"),
            "customers": _("Customers"),
        }
        widgets = {
            "outcome": PlainLanguageTextarea(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "customers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = owner_choices(
            SERVICE_OWNER_ROLES, current=self.instance.owner_id
        )
        cast(forms.ModelChoiceField, self.fields["customers"]).queryset = Customer.objects.order_by(
            "name"
        )


class GlossaryTermForm(TextRules, forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "plain", "note", "language", "active"]
        labels = {
            "term": _("Term"),
            "plain": _("Plain wording"),
            "note": _("Note"),
            "language": _("Language"),
            "active": _("Active"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left out (an older page, the API): the term's own language, English for a new one.
        self.fields["language"].required = False

    def clean_language(self) -> str:
        return str(self.cleaned_data.get("language") or self.instance.language)


class CustomerTermForm(TextRules, forms.Form):
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.order_by("name"), label=_("Customer")
    )
    glossary_term = forms.ModelChoiceField(
        queryset=GlossaryTerm.objects.filter(active=True), label=_("Glossary term")
    )
    customer_word = forms.CharField(
        max_length=200,
        label=_("Their word"),
        help_text=_("Pick from the customer's own vocabulary where you can."),
    )


class RoadmapItemForm(TranslatedTexts, TextRules, forms.ModelForm):
    """A roadmap item; kind and RICE score are derived, so they are not fields. Its outcome is
    written in the customer's language, with a box per other language their people read."""

    translated: ClassVar[dict[str, str]] = {"outcome_translations": "outcome"}

    def reader_languages(self) -> set[str]:
        return languages_read(self.customer)

    def written_in(self) -> str:
        return str(self.customer.language)

    class Meta:
        model = RoadmapItem
        fields = [
            "title",
            "outcome",
            "service",
            "pain_points",
            "reach",
            "pain_relief",
            "confidence",
            "effort",
            "build_start",
            "build_end",
            "adoption_end",
            "adoption_pct",
            "customer_comments",
        ]
        labels = {
            "title": _("Title"),
            "outcome": _("Outcome, in their words"),
            "service": _("Service"),
            "pain_points": _("Pain points"),
            "reach": _("Reach"),
            "pain_relief": _("Pain relief (1–5, as the customer chose it)"),
            "confidence": _("Confidence"),
            "effort": _("Effort (person-months)"),
            "build_start": _("Build start"),
            "build_end": _("Build end"),
            "adoption_end": _("Adoption end"),
            "adoption_pct": _("Adoption % (measured)"),
            "customer_comments": _("The customer's comments"),
        }
        widgets = {
            "outcome": PlainLanguageTextarea(customer_field="customer"),
            "pain_points": forms.CheckboxSelectMultiple,
            "customer_comments": forms.Textarea(attrs={"rows": 3}),
            "build_start": forms.DateInput(attrs={"type": "date"}),
            "build_end": forms.DateInput(attrs={"type": "date"}),
            "adoption_end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        self.customer = customer
        super().__init__(*args, **kwargs)
        pain_points = cast(forms.ModelMultipleChoiceField, self.fields["pain_points"])
        pain_points.queryset = customer.pain_points.select_related("stage")
        pain_points.label_from_instance = (  # type: ignore[method-assign]
            lambda obj: (
                gettext("%(stage)s: %(description)s (severity %(severity)s)")
                % {
                    "stage": obj.stage.name,
                    "description": obj.description[:90],
                    "severity": obj.severity,
                }
            )
        )
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = Service.objects.exclude(
            status=ServiceStatus.RETIRED
        )
        cast(forms.IntegerField, self.fields["pain_relief"]).min_value = 1
        self.fields["pain_relief"].widget.attrs.update({"min": 1, "max": 5})
        self.fields["confidence"].widget.attrs.update({"min": 0, "max": 1, "step": "0.05"})
        self.fields["adoption_pct"].widget.attrs.update({"min": 0, "max": 100})
        self.fields["build_start"].help_text = _("Leave the dates empty and use “Replan”.")


class ShareLinkForm(TextRules, forms.Form):
    stakeholder: forms.ModelChoiceField[Stakeholder] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label=_("All their stakeholders"),
        label=_("Stakeholder"),
    )
    max_age_days = forms.IntegerField(
        min_value=1, max_value=366, initial=60, label=_("Works for (days)")
    )
    send_email = forms.BooleanField(
        required=False, label=_("Email it to the stakeholder now"), initial=False
    )

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["stakeholder"]
        ).queryset = customer.stakeholders.filter(is_active=True)


class ReplanForm(TextRules, forms.Form):
    start = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label=_("Start on")
    )
    cap = forms.IntegerField(
        min_value=1, max_value=10, initial=2, label=_("New capabilities per wave")
    )
    threshold = forms.IntegerField(
        min_value=10, max_value=100, initial=60, label=_("Next wave at adoption %")
    )
