"""The console's navigation: one list, filtered by what the signed-in user's role may do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rapport.accounts.models import Role
from rapport.accounts.permissions import Capability, has_capability


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    section: str  # the first URL segment it highlights
    capability: Capability | None = None
    roles: frozenset[str] | None = None


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem(_("Home"), "console:home", ""),
    NavItem(_("Customers"), "customers:list", "customers"),
    NavItem(_("Projects"), "portfolio:list", "projects"),
    NavItem(
        _("Reviews"), "feedback:pmo", "reviews", roles=frozenset({Role.PMO_LEAD, Role.PMO_ANALYST})
    ),
    NavItem(_("My reviews"), "feedback:mine", "reviews", roles=frozenset({Role.PROJECT_MANAGER})),
    NavItem(_("Health"), "insights:dashboard", "insights", capability=Capability.VIEW_PORTFOLIO),
    NavItem(_("Services"), "roadmap:service_list", "roadmap"),
    NavItem(_("Readiness"), "readiness:index", "readiness", capability=Capability.VIEW_READINESS),
    NavItem(_("Import"), "imports:upload", "imports", capability=Capability.IMPORT_DATA),
    NavItem(_("Pledge"), "pledge:show", "pledge"),
    NavItem(_("Audit log"), "audit:list", "audit", capability=Capability.VIEW_AUDIT_LOG),
    NavItem(_("People"), "people:list", "people", capability=Capability.MANAGE_PEOPLE),
    NavItem(_("Admin"), "admin:index", "admin", capability=Capability.ADMIN),
)


def items_for(user: Any, path: str) -> list[dict[str, Any]]:
    section = path.strip("/").split("/", 1)[0]
    items = []
    for item in NAV_ITEMS:
        if item.capability and not has_capability(user, item.capability):
            continue
        if item.roles and user.role not in item.roles:
            continue
        items.append(
            {"label": item.label, "url": reverse(item.url_name), "active": item.section == section}
        )
    return items


ROLE_HOME_TITLES: dict[str, Promise] = {
    Role.PMO_LEAD: _("PMO overview"),
    Role.PMO_ANALYST: _("PMO overview"),
    Role.PROJECT_MANAGER: _("My projects"),
    Role.EXECUTIVE_SPONSOR: _("Portfolio at a glance"),
}
