"""Helpers shared by console forms: saving through services, and the text rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils.translation import gettext

from rapport.text import LINE_MAX, TEXT_MAX, NoControlCharacters


def save_through(
    form: forms.BaseForm,
    *,
    by: Any,
    create: Callable[..., Any],
    update: Callable[..., Any],
    instance: Any = None,
) -> Any:
    """Validate ``form`` and save it through a service function: ``create(by=, **data)`` for a
    new row, ``update(instance, by=, **data)`` for an existing one.

    Returns the saved row, or None when the form or the service refused the input; the service's
    ``ValidationError`` then shows on the form, and nothing was written.
    """
    if not form.is_valid():
        return None
    try:
        if instance is None:
            return create(by=by, **form.cleaned_data)
        update(instance, by=by, **form.cleaned_data)
        return instance
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


def focus_first_error(form: forms.BaseForm) -> None:
    """Put the cursor in the first field a refused form complains about (or its first field, for
    an error about the whole form): the page opens there, however far down the form sits."""
    names = [name for name in form.fields if name in form.errors] or list(form.fields)
    visible = [name for name in names if not form.fields[name].widget.is_hidden]
    if visible:
        form.fields[visible[0]].widget.attrs["autofocus"] = True


_TEXTAREA = "django/forms/widgets/textarea.html"
_TEXTAREA_WITH_LIMIT = "console/widgets/textarea.html"


def guard_text_field(field: forms.Field) -> None:
    """``rapport.text``'s rules on one form field: no control characters (tabs and line breaks
    allowed in a textarea) and a length limit, as ``maxlength`` and, on a textarea, a hint."""
    if not isinstance(field, forms.CharField):
        return
    if any(isinstance(v, NoControlCharacters) for v in field.validators):
        return
    multiline = isinstance(field.widget, forms.Textarea)
    # Ours names NUL too, with where it is: one message for every control character.
    field.validators = [
        v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
    ]
    field.validators.append(NoControlCharacters(multiline=multiline))
    if field.max_length is None:
        field.max_length = TEXT_MAX if multiline else LINE_MAX
        field.validators.append(MaxLengthValidator(field.max_length))
        field.widget.attrs.update(field.widget_attrs(field.widget))
    if multiline and field.widget.template_name == _TEXTAREA:
        field.widget.template_name = _TEXTAREA_WITH_LIMIT


class TextRules:
    """Mixed into every console form (before ``forms.Form`` or ``forms.ModelForm``): its text
    fields follow ``rapport.text``."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            guard_text_field(field)


class TranslatedTexts:
    """Mixed into a console form before ``TextRules``: beside each text a customer reads, one
    box per language its readers read that the text is not written in, and per language it
    already has. ``translated`` maps the JSON field of translations to the text's field
    (``{"outcome_translations": "outcome"}``); a subclass says which languages its readers read
    (``reader_languages``) and which one the text is written in (``written_in``).

    The boxes come back in ``cleaned_data`` as that JSON field (``{language: text}``, an empty
    box drops its language), so a service saves it like any other field (docs/i18n.md, "Texts
    the PMO writes")."""

    translated: ClassVar[dict[str, str]] = {}
    fields: dict[str, forms.Field]
    instance: Any

    def reader_languages(self) -> set[str]:
        return set()

    def written_in(self) -> str:
        return "en"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.conf import settings

        names = dict(settings.RESPONDENT_LANGUAGES)
        readers, source = self.reader_languages(), self.written_in()
        self.boxes: dict[str, list[tuple[str, str]]] = {}
        ordered: dict[str, forms.Field] = {}
        for name, field in self.fields.items():
            ordered[name] = field
            for json_field, text_field in self.translated.items():
                if text_field != name:
                    continue
                current = dict(getattr(self.instance, json_field, None) or {})
                boxes = []
                for code in names:
                    if code == source or not (code in readers or current.get(code)):
                        continue
                    box = forms.CharField(
                        required=False,
                        label=gettext("%(text)s, in %(language)s")
                        % {"text": field.label or name, "language": names[code]},
                        initial=current.get(code, ""),
                        widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
                    )
                    guard_text_field(box)
                    ordered[f"{json_field}__{code}"] = box
                    boxes.append((code, f"{json_field}__{code}"))
                self.boxes[json_field] = boxes
        self.fields = ordered

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        for json_field, boxes in self.boxes.items():
            texts = dict(getattr(self.instance, json_field, None) or {})
            for code, box in boxes:
                text = (cleaned.pop(box, "") or "").strip()
                if text:
                    texts[code] = text
                else:
                    texts.pop(code, None)
            cleaned[json_field] = texts
        return cleaned
