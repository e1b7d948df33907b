from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rapport.console.forms import TextRules


class AlertNoteForm(TextRules, forms.Form):
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Note"),
        help_text=_("What was seen or done. Required to resolve."),
    )


class TopicForm(TextRules, forms.Form):
    """A comment topic: its name and the phrases that mark it, one per line per language."""

    key = forms.SlugField(
        label=_("Key"),
        max_length=40,
        help_text=_(
            "A short id, letters, digits and hyphens (e.g. “vendor-management”). "
            "It cannot change later."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Inactive topics are not searched."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        from rapport.insights.wording import LANGUAGE_NAMES

        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["key"]
        for lang, name in LANGUAGE_NAMES.items():
            self.fields[f"phrases_{lang}"] = forms.CharField(
                label=gettext("Phrases in %(language)s") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4, "lang": lang}),
                help_text=gettext(
                    "One per line. Matched as whole words, ignoring case and accents; "
                    "delay* = delay, delays, delayed; *bericht = Statusbericht."
                )
                if lang == "en"
                else "",
            )

    def phrases(self) -> dict[str, str]:
        return {
            name.removeprefix("phrases_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("phrases_") and value.strip()
        }
