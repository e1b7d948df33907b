from django.contrib import admin

from rapport.roadmap.models import CustomerInput, RoadmapItem, ShareLink


@admin.register(RoadmapItem)
class RoadmapItemAdmin(admin.ModelAdmin):
    list_display = ["title", "customer", "kind", "wave", "status", "rice_score"]
    list_filter = ["status", "kind"]
    list_select_related = ["customer"]
    search_fields = ["title", "outcome"]
    # Derived by the planning rules: change inputs through the console, not here.
    readonly_fields = ["kind", "rice_score"]


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["customer", "stakeholder", "created_at", "max_age_days", "revoked_at"]
    list_select_related = ["customer", "stakeholder"]
    readonly_fields = ["key", "created_at", "last_used_at"]


@admin.register(CustomerInput)
class CustomerInputAdmin(admin.ModelAdmin):
    list_display = ["item", "kind", "relief", "status", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["item"]
