"""The console's navigation: one list, filtered by what the signed-in user's role may do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from rapport.accounts.models import Role
from rapport.accounts.permissions import Capability, has_capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    section: str  # the first URL segment it highlights
    capability: Capability | None = None
    roles: frozenset[str] | None = None


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Home", "console:home", ""),
    NavItem("Customers", "customers:list", "customers"),
    NavItem("Projects", "portfolio:list", "projects"),
    NavItem(
        "Reviews", "feedback:pmo", "reviews", roles=frozenset({Role.PMO_LEAD, Role.PMO_ANALYST})
    ),
    NavItem("My reviews", "feedback:mine", "reviews", roles=frozenset({Role.PROJECT_MANAGER})),
    NavItem("Health", "insights:dashboard", "insights", capability=Capability.VIEW_PORTFOLIO),
    NavItem("Services", "roadmap:service_list", "roadmap"),
    NavItem("Readiness", "readiness:index", "readiness", capability=Capability.VIEW_READINESS),
    NavItem("Import", "imports:upload", "imports", capability=Capability.IMPORT_DATA),
    NavItem("Pledge", "pledge:show", "pledge"),
    NavItem("Audit log", "audit:list", "audit", capability=Capability.VIEW_AUDIT_LOG),
    NavItem("People", "people:list", "people", capability=Capability.MANAGE_PEOPLE),
    NavItem("Admin", "admin:index", "admin", capability=Capability.ADMIN),
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


ROLE_HOME_TITLES: dict[str, str] = {
    Role.PMO_LEAD: "PMO overview",
    Role.PMO_ANALYST: "PMO overview",
    Role.PROJECT_MANAGER: "My projects",
    Role.EXECUTIVE_SPONSOR: "Portfolio at a glance",
}
