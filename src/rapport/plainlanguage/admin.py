from django.contrib import admin

from rapport.plainlanguage.models import CustomerTerm, GlossaryTerm


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "plain", "language", "active"]
    list_filter = ["language", "active"]
    search_fields = ["term", "plain"]


@admin.register(CustomerTerm)
class CustomerTermAdmin(admin.ModelAdmin):
    list_display = ["customer", "glossary_term", "customer_word"]
    list_filter = ["customer"]
    list_select_related = ["customer", "glossary_term"]
    search_fields = ["customer_word", "glossary_term__term"]
