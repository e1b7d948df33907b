from django.contrib import admin

from rapport.readiness.models import Assessment, Pledge


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["taken_on", "taken_by", "note"]
    list_select_related = ["taken_by"]


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["version", "signed_by", "signed_at"]
    list_select_related = ["signed_by"]
