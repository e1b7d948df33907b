from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from rapport.console.forms import TextRules
from rapport.imports.registry import kinds


class ImportForm(TextRules, forms.Form):
    kind = forms.ChoiceField(label=_("What to import"))
    file = forms.FileField(
        label=_("File"), help_text=_("A CSV file (UTF-8) or an Excel workbook (.xlsx).")
    )
    commit = forms.BooleanField(
        required=False,
        label=_("Apply the changes"),
        help_text=_("Leave unticked for a dry run that only checks the file."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [(k.kind, k.label) for k in kinds()]
