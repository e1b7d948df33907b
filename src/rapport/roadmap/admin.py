from django.contrib import admin

from rapport.roadmap.models import CustomerTerm, GlossaryTerm, Service


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "plain", "active"]
    list_filter = ["active"]
    search_fields = ["term", "plain"]


@admin.register(CustomerTerm)
class CustomerTermAdmin(admin.ModelAdmin):
    list_display = ["customer", "glossary_term", "customer_word"]
    list_filter = ["customer"]
    list_select_related = ["customer", "glossary_term"]
    search_fields = ["customer_word", "glossary_term__term"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "owner", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name", "outcome"]
    list_select_related = ["owner"]
    filter_horizontal = ["customers"]
