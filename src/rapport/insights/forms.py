from __future__ import annotations

from django import forms


class AlertNoteForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What was seen or done. Required to resolve.",
    )
