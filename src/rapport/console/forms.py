"""Helpers shared by console forms: saving through services, and the text rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator

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
