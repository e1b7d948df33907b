"""Helpers shared by console forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


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
