"""Helpers shared by the customer views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from rapport.accounts.permissions import visible_customers
from rapport.console.shortcuts import get_visible
from rapport.customers.models import Customer


def customer_for(request: HttpRequest, pk: int) -> Customer:
    """The customer ``pk`` if this user may see it (403/404 otherwise)."""
    return get_visible(visible_customers(request.user), pk, "customer")


def save(form: forms.BaseForm, action: Callable[[dict[str, Any]], Any]) -> Any:
    """Run ``action(cleaned_data)`` for a valid form; service errors land on the form."""
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data) or True
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None
