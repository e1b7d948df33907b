"""``{% export_links "projects" %}``: the "Export CSV / Export XLSX" pair on a console list,
keeping the page's filters (its query string, without the page number)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("exports/links.html", takes_context=True)
def export_links(
    context: template.Context, name: str, what: str = "", keep: bool = True, **fixed: Any
) -> dict[str, Any]:
    """``what``: the list's name in the links, when a page offers several ("responses").
    ``keep``: carry the page's query string (off when the page's filters mean something
    else). ``fixed``: filters the page holds in its address (``project=project.pk``)."""
    from django.http import QueryDict

    from rapport.exports.filters import names
    from rapport.exports.services import EXPORTS

    # Only the list's own filters travel: anything else in the address is not the export's.
    known = names(EXPORTS[name].filters)
    request = context.get("request")
    params = QueryDict(mutable=True)
    if request is not None and keep:
        for key in known:
            values = [v for v in request.GET.getlist(key) if v]
            if values:
                params.setlist(key, values)
    for key, value in fixed.items():
        params[key] = str(value)
    query = params.urlencode()
    suffix = f"?{query}" if query else ""
    return {
        "what": what,
        "csv": reverse("exports:download", args=[name, "csv"]) + suffix,
        "xlsx": reverse("exports:download", args=[name, "xlsx"]) + suffix,
    }
