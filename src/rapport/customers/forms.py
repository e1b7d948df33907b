from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from rapport.accounts.owners import RELATIONSHIP_OWNER_ROLES, owner_choices
from rapport.console.forms import TextRules
from rapport.customers.models import (
    Concern,
    ConcernStatus,
    Customer,
    JourneyStage,
    Language,
    ListeningQuestion,
    ListeningSession,
    PainPoint,
    Stakeholder,
    ValueStatement,
)


class LinesField(forms.CharField):
    """A list of short texts, one per line (ranked priorities, vocabulary)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # a list, not a str
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class CustomerForm(TextRules, forms.ModelForm):
    priorities = LinesField(
        required=False, label=_("Priorities"), help_text=_("One per line, most important first.")
    )
    vocabulary = LinesField(
        required=False,
        label=_("Vocabulary"),
        help_text=_("Words they use for outcomes, one per line."),
    )

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
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "external_id": _("External id"),
            "value_provided": _("Value provided"),
            "serves": _("Serves"),
            "motivations": _("Motivations"),
            "preferred_channel": _("Preferred channel"),
            "language": _("Language"),
            "feedback_culture": _("Feedback culture"),
            "relationship_owner": _("Relationship owner"),
        }
        widgets = {
            "value_provided": forms.Textarea(attrs={"rows": 3}),
            "serves": forms.Textarea(attrs={"rows": 2}),
            "motivations": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from rapport.disclosure.rules import figure_threshold

        cast(forms.ModelChoiceField, self.fields["relationship_owner"]).queryset = owner_choices(
            RELATIONSHIP_OWNER_ROLES, current=self.instance.relationship_owner_id
        )
        k = figure_threshold()
        self.fields["feedback_culture"].help_text = gettext(
            "Attributed: the project team sees who said what. Confidential: only the PMO does; "
            "the project manager and sponsors see totals from at least "
            "%(k)s people. Anonymous: nobody does, the PMO neither. With fewer than %(k)s people "
            "answering a review, its confidential or anonymous scores are pooled over the "
            "quarter, then over this customer's projects, and shown only once "
            "%(k)s people are behind them (docs/privacy.md)."
        ) % {"k": k}


class StakeholderForm(TextRules, forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = [
            "name",
            "email",
            "role",
            "language",
            "power",
            "interest",
            "engagement_current",
            "engagement_desired",
            "is_active",
        ]
        labels = {
            "name": _("Name"),
            "email": pgettext_lazy("column", "Email"),
            "role": _("Role"),
            "language": _("Language"),
            "power": _("Power"),
            "interest": _("Interest"),
            "engagement_current": _("Engagement now"),
            "engagement_desired": _("Engagement we want"),
            "is_active": _("Still involved"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Empty: we write to them in their customer's language.
        cast(forms.ChoiceField, self.fields["language"]).choices = [
            ("", gettext("Same as the customer")),
            *Language.choices,
        ]


class ProjectLinkForm(TextRules, forms.Form):
    """Link a stakeholder to one of their customer's projects."""

    # Any: a portfolio Project (customers may not import portfolio, docs/architecture.md).
    project: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Project"))
    role_on_project = forms.CharField(max_length=100, required=False, label=_("Role on project"))

    def __init__(self, *args: Any, projects: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = projects


class ListeningSessionForm(TextRules, forms.ModelForm):
    questions = LinesField(
        required=False,
        label=_("Questions asked"),
        help_text=_("The questions you asked, one per line."),
    )

    class Meta:
        model = ListeningSession
        fields = ["held_on", "attendees", "others_present", "questions", "story", "is_private"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "attendees": forms.CheckboxSelectMultiple,
            "story": forms.Textarea(attrs={"rows": 8}),
        }
        labels = {
            "held_on": _("Date"),
            "attendees": _("Stakeholders present"),
            "others_present": _("Others present"),
            "questions": _("Questions asked"),
            "story": _("Their story"),
            "is_private": _("Private notes"),
        }

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["attendees"]
        ).queryset = customer.stakeholders.filter(is_active=True)


class ValueStatementForm(TextRules, forms.ModelForm):
    class Meta:
        model = ValueStatement
        fields = ["text", "weight"]
        labels = {"text": _("What they value"), "weight": _("Weight (1–5)")}


class ListeningQuestionForm(TextRules, forms.ModelForm):
    position = forms.IntegerField(
        required=False,
        min_value=0,
        label=_("Position"),
        help_text=_("Order in the list; leave empty to put it last."),
    )

    class Meta:
        model = ListeningQuestion
        fields = ["text", "position", "is_active"]
        labels = {"text": _("Text"), "is_active": _("Is active")}


class JourneyStageForm(TextRules, forms.ModelForm):
    class Meta:
        model = JourneyStage
        fields = ["name", "experience", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "name": _("Name"),
            "experience": _("Experience (−2 … +2)"),
            "notes": _("Notes"),
        }


class PainPointForm(TextRules, forms.ModelForm):
    class Meta:
        model = PainPoint
        fields = ["stage", "description", "severity", "frequency", "source", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "stage": _("Stage"),
            "description": _("Description"),
            "severity": _("Severity"),
            "frequency": _("Frequency"),
            "source": _("Source"),
            "status": _("Status"),
        }

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["stage"]).queryset = customer.journey_stages.all()


class ConcernForm(TextRules, forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["heard_on", "raised_by", "raised_by_text", "text"]
        widgets = {
            "heard_on": forms.DateInput(attrs={"type": "date"}),
            "text": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "heard_on": _("Heard on"),
            "raised_by": _("Who said it"),
            "raised_by_text": _("Raised by text"),
            "text": _("In their words"),
        }

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["raised_by"]
        ).queryset = customer.stakeholders.all()


class ConcernTransitionForm(TextRules, forms.Form):
    to = forms.ChoiceField(choices=ConcernStatus.choices, label=_("New status"))
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Our response")
    )
