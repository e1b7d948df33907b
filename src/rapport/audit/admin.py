from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from rapport.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor_label", "object_repr"]
    list_filter = ["action"]
    search_fields = ["action", "object_repr", "actor_label"]
    date_hierarchy = "at"

    # The log is append-only: nobody edits or deletes history, not even in the admin.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
