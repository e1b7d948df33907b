from django.contrib import admin

from rapport.catalog.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "owner", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name", "outcome"]
    list_select_related = ["owner"]
    filter_horizontal = ["customers"]
