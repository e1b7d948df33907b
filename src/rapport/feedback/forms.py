from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from rapport.console.forms import TextRules
from rapport.customers.models import Channel, FeedbackCulture
from rapport.feedback.models import ActionStatus, IssuePriority, ResponseSource

if TYPE_CHECKING:
    from rapport.accounts.models import User
    from rapport.feedback.models import Issue, Question


class PlanCycleForm(TextRules, forms.Form):
    period = forms.RegexField(
        regex=r"^[0-9]{4}-(0[1-9]|1[0-2])$", label=_("Period"), help_text=_("YYYY-MM")
    )
    mode = forms.ChoiceField(
        choices=[("", _("Customer's preference")), *Channel.choices],
        required=False,
        label=_("Mode"),
    )
    confidentiality = forms.ChoiceField(
        choices=[("", _("Customer's feedback culture")), *FeedbackCulture.choices],
        required=False,
        label=_("Confidentiality"),
    )


class IssueForm(TextRules, forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("Issue, in the customer's words")
    )
    priority = forms.ChoiceField(
        choices=IssuePriority.choices, initial="medium", label=_("Customer's priority")
    )


class ActionForm(TextRules, forms.Form):
    title = forms.CharField(max_length=300, label=_("What we will do"))
    due = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("Due"))
    issue = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label=_("For issue")
    )
    owner = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label=_("Owner"))

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
    status = forms.ChoiceField(choices=ActionStatus.choices, label=_("Status"))


ACTION_SHOW = {
    "open": _("Still to do"),
    "overdue": _("Overdue"),
    "done": _("Done"),
    "dropped": _("Dropped"),
    "all": pgettext_lazy("which corrective actions to show", "All"),
}


class ActionFilterForm(TextRules, forms.Form):
    """The actions list's filters (``views.actions``): which actions, and only one's own."""

    show = forms.ChoiceField(label=_("Show"), choices=list(ACTION_SHOW.items()), required=False)
    mine = forms.BooleanField(label=_("Only the ones I own"), required=False)
    project = forms.IntegerField(
        required=False, min_value=1, widget=forms.HiddenInput, label=_("Project")
    )


class MeetingForm(TextRules, forms.Form):
    """The meeting or call, and the scores agreed in it. Those scores are agreed openly with the
    customer and stored as attributed, even in a confidential or anonymous review
    (``services.record_meeting``)."""

    held_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("Held on"))
    source = forms.ChoiceField(
        choices=[(ResponseSource.MEETING, _("Meeting")), (ResponseSource.CALL, _("Call"))],
        label=_("Source"),
        initial=ResponseSource.MEETING,
    )
    attendees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Attendees"),
        help_text=_("One per line."),
    )
    minutes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, label=_("Minutes")
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("What would make this a 10?"),
    )

    def __init__(self, *args: Any, questions: Iterable[Question] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.score_codes = []
        for q in questions:
            if q.kind != "scale":
                continue
            # The question as the console's reader reads it (English when not translated).
            text = q.text_for(get_language()).get("text", q.code)
            self.fields[f"score_{q.code}"] = forms.IntegerField(
                min_value=q.scale_min,
                max_value=q.scale_max,
                required=False,
                label=f"{text} ({q.scale_min}–{q.scale_max})",  # not translated: no words of ours
                help_text=_("Agreed openly with the customer; recorded as attributed."),
            )
            self.score_codes.append(q.code)

    def scores(self) -> dict:
        return {c: self.cleaned_data.get(f"score_{c}") for c in self.score_codes}
