"""Template tags of the reports app: the monthly-pack preference shown on the profile page."""

from __future__ import annotations

from typing import Any

from django import template

from rapport.reports.models import ReportKind
from rapport.reports.packs import is_subscribed, pack_contents

register = template.Library()


@register.simple_tag
def monthly_pack_for(user: Any) -> dict[str, Any]:
    """Whether ``user`` gets the monthly pack, and what it would hold for them."""
    contents = pack_contents(user)
    return {
        "on": is_subscribed(user),
        "portfolio": any(kind == ReportKind.PORTFOLIO for kind, _ in contents),
        "customers": sum(1 for kind, _ in contents if kind == ReportKind.CUSTOMER),
    }
