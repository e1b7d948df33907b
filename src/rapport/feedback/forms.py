from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms

from rapport.console.forms import TextRules
from rapport.customers.models import Channel, FeedbackCulture
from rapport.feedback.models import ActionStatus, IssuePriority, ResponseSource

if TYPE_CHECKING:
    from rapport.accounts.models import User
    from rapport.feedback.models import Issue, Question


class PlanCycleForm(TextRules, forms.Form):
    period = forms.RegexField(regex=r"^[0-9]{4}-(0[1-9]|1[0-2])$", help_text="YYYY-MM")
    mode = forms.ChoiceField(
        choices=[("", "Customer's preference"), *Channel.choices], required=False
    )
    confidentiality = forms.ChoiceField(
        choices=[("", "Customer's feedback culture"), *FeedbackCulture.choices], required=False
    )


class IssueForm(TextRules, forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label="Issue, in the customer's words"
    )
    priority = forms.ChoiceField(
        choices=IssuePriority.choices, initial="medium", label="Customer's priority"
    )


class ActionForm(TextRules, forms.Form):
    title = forms.CharField(max_length=300, label="What we will do")
    due = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    issue = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="For issue")
    owner = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(
        self, *args: Any, issues: Iterable[Issue] = (), owners: Iterable[User] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["issue"]).choices = [("", "—")] + [
            (i.pk, str(i)) for i in issues
        ]
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", "—")] + [
            (u.pk, str(u)) for u in owners
        ]


class ActionStatusForm(TextRules, forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class MeetingForm(TextRules, forms.Form):
    """The meeting or call, and the scores agreed in it. Those scores are agreed openly with the
    customer and stored as attributed, even in a confidential or anonymous review
    (``services.record_meeting``)."""

    held_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.ChoiceField(
        choices=[(ResponseSource.MEETING, "Meeting"), (ResponseSource.CALL, "Call")],
        initial=ResponseSource.MEETING,
    )
    attendees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="One per line."
    )
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What would make this a 10?"
    )

    def __init__(self, *args: Any, questions: Iterable[Question] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.score_codes = []
        for q in questions:
            if q.kind != "scale":
                continue
            self.fields[f"score_{q.code}"] = forms.IntegerField(
                min_value=q.scale_min,
                max_value=q.scale_max,
                required=False,
                label=f"{q.text_for('en').get('text', q.code)} ({q.scale_min}–{q.scale_max})",
                help_text="Agreed openly with the customer; recorded as attributed.",
            )
            self.score_codes.append(q.code)

    def scores(self) -> dict:
        return {c: self.cleaned_data.get(f"score_{c}") for c in self.score_codes}
