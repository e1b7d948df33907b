from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=Model)

# The 403 page's words for the console's rows; other rows (the API's) say it in English.
_NOT_YOURS: dict[str, Promise] = {
    "customer": _("This customer is not one of yours."),
    "project": _("This project is not one of yours."),
}


def get_visible(visible: QuerySet[M], pk: int, what: str) -> M:
    """The row ``pk`` if the user may see it; 403 if it exists but is not theirs; else 404."""
    obj = visible.filter(pk=pk).first()
    if obj is not None:
        return obj
    if visible.model._default_manager.filter(pk=pk).exists():
        raise PermissionDenied(_NOT_YOURS.get(what) or f"This {what} is not one of yours.")
    raise Http404(f"No such {what}.")


def back_to(request: HttpRequest, fallback: str, *args: Any) -> HttpResponseRedirect:
    """Redirect to the page a form came from (its ``next`` field: a path on this site only,
    never another site's address), else to ``fallback`` (a URL name, with ``args``)."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(wanted)
    return redirect(fallback, *args)
