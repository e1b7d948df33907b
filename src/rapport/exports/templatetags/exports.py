"""``{% export_links "projects" %}``: the "Export CSV / Export XLSX" pair on a console list,
keeping the page's filters (its query string, without the page number)."""

from __future__ import annotations

from django import template
from django.urls import reverse

register = template.Library()

_PAGING = ("page", "inputs_page")


@register.inclusion_tag("exports/links.html", takes_context=True)
def export_links(context, name: str, what: str = "", keep: bool = True, **fixed):
    """``what``: the list's name in the links, when a page offers several ("responses").
    ``keep``: carry the page's query string (off when the page's filters mean something
    else). ``fixed``: filters the page holds in its address (``project=project.pk``)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None and keep else None
    if params is None:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
    for key in _PAGING:
        params.pop(key, None)
    for key, value in fixed.items():
        params[key] = str(value)
    query = params.urlencode()
    suffix = f"?{query}" if query else ""
    return {
        "what": what,
        "csv": reverse("exports:download", args=[name, "csv"]) + suffix,
        "xlsx": reverse("exports:download", args=[name, "xlsx"]) + suffix,
    }
