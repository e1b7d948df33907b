from django.contrib import admin

from rapport.insights.models import Alert, HealthSnapshot


@admin.register(HealthSnapshot)
class HealthSnapshotAdmin(admin.ModelAdmin):
    list_display = ("project", "period", "status", "n", "theta", "computed_at")
    list_filter = ("status", "period")
    search_fields = ("project__name",)
    raw_id_fields = ("project",)


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("project", "rule", "severity", "period", "state", "created_at")
    list_filter = ("state", "severity", "rule")
    search_fields = ("project__name", "message")
    raw_id_fields = ("project", "acknowledged_by", "resolved_by")
