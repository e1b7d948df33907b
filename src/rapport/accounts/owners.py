"""Who may own what: a customer's relationship, a service of the catalog, a project's management
and its sponsorship.

One rule for every way in: the console's forms offer these people, the services refuse anyone
else (so the API says why), and the customers import checks its column against it. Whoever
holds a post now keeps it when something else about the customer or service changes, even if
they were since deactivated or given another role: an edit never fails on a field nobody
touched.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from rapport.accounts.models import Role, User

# A customer's relationship is owned by the PMO or by one of its project managers (who then sees
# that customer: ``permissions.visible_customers``); a service by the PMO.
RELATIONSHIP_OWNER_ROLES = (Role.PMO_LEAD, Role.PMO_ANALYST, Role.PROJECT_MANAGER)
SERVICE_OWNER_ROLES = (Role.PMO_LEAD, Role.PMO_ANALYST)
# A project is managed by a project manager (who then runs its reviews and sees its feedback:
# ``permissions.can_edit_project``) and sponsored by an executive sponsor.
PROJECT_MANAGER_ROLES = (Role.PROJECT_MANAGER,)
SPONSOR_ROLES = (Role.EXECUTIVE_SPONSOR,)


def owner_choices(roles: tuple[str, ...], current: int | None = None) -> QuerySet[User]:
    """The active people in ``roles``, and whoever holds the post now (``current``, an id)."""
    wanted = Q(is_active=True, role__in=roles)
    if current is not None:
        wanted |= Q(pk=current)
    return User.objects.filter(wanted).order_by("full_name", "email")


def may_own(user: Any, roles: tuple[str, ...]) -> bool:
    return bool(user.is_active) and user.role in roles


def owner_problem(user: Any, roles: tuple[str, ...]) -> str:
    """Why ``user`` may not be given a post held by ``roles`` ("" when they may)."""
    if may_own(user, roles):
        return ""
    names = dict(Role.choices)
    wanted = ", ".join(str(names[role]) for role in roles)
    if not user.is_active:
        return gettext(
            "%(name)s no longer has access to Rapport. Choose an active person with one of "
            "these roles: %(roles)s."
        ) % {"name": user, "roles": wanted}
    return gettext(
        "%(name)s has the role %(role)s. Choose a person with one of these roles: %(roles)s."
    ) % {
        "name": user,
        "role": names.get(user.role, user.role),
        "roles": wanted,
    }


def check_owner(field: str, user: Any, roles: tuple[str, ...], *, current: int | None) -> None:
    """Refuse ``user`` for the post in ``field`` unless they may hold it or already do."""
    if user is None or user.pk == current:
        return
    problem = owner_problem(user, roles)
    if problem:
        raise ValidationError({field: problem})
