from django.contrib import admin

from rapport.charter.models import CharterPrinciple, PartnershipCharter


class PrincipleInline(admin.TabularInline):
    model = CharterPrinciple
    extra = 0


@admin.register(PartnershipCharter)
class PartnershipCharterAdmin(admin.ModelAdmin):
    list_display = ["customer", "status", "agreed_on", "next_review_on"]
    list_filter = ["status"]
    inlines = [PrincipleInline]
