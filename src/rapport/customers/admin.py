from django.contrib import admin

from rapport.customers.models import Customer, Stakeholder


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 0
    fields = ["name", "email", "role", "language", "power", "interest", "engagement_current"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "preferred_channel", "feedback_culture", "relationship_owner"]
    list_filter = ["kind", "preferred_channel", "feedback_culture", "language"]
    search_fields = ["name", "external_id"]
    inlines = [StakeholderInline]


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "customer", "role", "language", "engagement_current"]
    list_filter = ["language", "engagement_current", "customer"]
    search_fields = ["name", "email"]
    list_select_related = ["customer"]
