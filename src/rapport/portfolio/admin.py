from django.contrib import admin

from rapport.portfolio.models import Project, ProjectStakeholder


class ProjectStakeholderInline(admin.TabularInline):
    model = ProjectStakeholder
    extra = 0
    autocomplete_fields = ["stakeholder"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    # No ordering or filtering by project manager: the admin must not become a league table.
    list_display = ["name", "customer", "state", "phase", "delivery_status", "complexity", "site"]
    list_filter = ["state", "phase", "delivery_status", "site", "size_band", "customer"]
    search_fields = ["name", "code"]
    list_select_related = ["customer"]
    inlines = [ProjectStakeholderInline]
