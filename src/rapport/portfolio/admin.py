from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from rapport.portfolio.models import DeliveryStatusMonth, Project, ProjectStakeholder


class ProjectStakeholderInline(admin.TabularInline):
    model = ProjectStakeholder
    extra = 0
    autocomplete_fields = ["stakeholder"]


class DeliveryStatusMonthInline(admin.TabularInline):
    """The history, read-only: it changes through ``set_delivery_status`` only."""

    model = DeliveryStatusMonth
    extra = 0
    can_delete = False
    fields = ("period", "status", "recorded_by", "recorded_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    # No ordering or filtering by project manager: the admin must not become a league table.
    list_display = ["name", "customer", "state", "phase", "delivery_status", "complexity", "site"]
    list_filter = ["state", "phase", "delivery_status", "site", "size_band", "customer"]
    search_fields = ["name", "code"]
    list_select_related = ["customer"]
    inlines = [ProjectStakeholderInline, DeliveryStatusMonthInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A change of status is recorded month by month: the console's Edit page, the API or
        # the delivery-status import do it through the service; the admin would bypass it.
        return ["delivery_status"] if obj is not None else []
