"""Authentication backend: PMO leads hold every model permission, so the admin is theirs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from rapport.accounts.models import Role


class RoleBackend(ModelBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if user_obj.is_active and getattr(user_obj, "role", None) == Role.PMO_LEAD:
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if user_obj.is_active and getattr(user_obj, "role", None) == Role.PMO_LEAD:
            return True
        return super().has_module_perms(user_obj, app_label)
