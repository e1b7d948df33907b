"""A console list's filters, read from its query string.

A value the list does not know (an old bookmark, a link edited by hand: ``?delivery_status=ZZ``)
leaves out that one filter, the others still apply, and the page says what it left out. It is
never applied (an empty list that looks like "nothing matches"), nor a reason to drop the other
filters (a search that silently shows everything). The exports of the same list refuse such a
value instead (``exports.filters``): a file is what its reader asked for, or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext

SHOWN = 40  # how much of an unknown value the notice repeats


def known_filters(form: forms.Form) -> dict[str, Any]:
    """The filters of a bound filter ``form`` that hold a value it knows; each other field
    takes its empty value (no filter). An unbound form filters nothing."""
    if not form.is_bound:
        return {}
    if form.is_valid():
        return form.cleaned_data
    known = dict(form.cleaned_data)
    for name, field in form.fields.items():
        if name in form.errors:
            known[name] = field.clean("")
    return known


def say_left_out(request: HttpRequest, form: forms.Form) -> None:
    """Tell the reader, on the page, which of ``form``'s filters were left out and why."""
    if form.is_bound and not form.is_valid():
        for name, field in form.fields.items():
            if name in form.errors:
                label = str(field.label) if field.label else name.replace("_", " ")
                say_unknown(request, label, str(form.data.get(name, "")))


def known_choice(
    request: HttpRequest, name: str, accepted: Iterable[str], *, label: str, default: str = ""
) -> str:
    """The query's value of ``name`` when it is one of ``accepted`` (or empty: ``default``);
    an unknown one is said on the page and gives ``default``."""
    value = request.GET.get(name, "")
    if not value:
        return default
    if value in set(accepted):
        return value
    say_unknown(request, label, value)
    return default


def say_unknown(request: HttpRequest, label: str, value: str) -> None:
    shown = value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"
    messages.warning(
        request,
        gettext("The filter “%(filter)s” was left out: this list does not know “%(value)s”.")
        % {"filter": label, "value": shown},
    )
