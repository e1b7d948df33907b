from django.contrib import admin

from rapport.customers.models import (
    Concern,
    Customer,
    JourneyStage,
    ListeningQuestion,
    ListeningSession,
    PainPoint,
    Stakeholder,
    ValueStatement,
)


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


class ValueStatementInline(admin.TabularInline):
    model = ValueStatement
    extra = 0


@admin.register(ListeningSession)
class ListeningSessionAdmin(admin.ModelAdmin):
    list_display = ["customer", "held_on", "is_private", "recorded_by"]
    list_filter = ["is_private", "customer"]
    list_select_related = ["customer", "recorded_by"]
    filter_horizontal = ["attendees"]
    inlines = [ValueStatementInline]


@admin.register(ListeningQuestion)
class ListeningQuestionAdmin(admin.ModelAdmin):
    list_display = ["position", "text", "is_active"]
    list_display_links = ["text"]


class PainPointInline(admin.TabularInline):
    model = PainPoint
    extra = 0
    fields = ["description", "severity", "frequency", "source", "status"]


@admin.register(JourneyStage)
class JourneyStageAdmin(admin.ModelAdmin):
    list_display = ["customer", "position", "name", "experience"]
    list_filter = ["customer"]
    list_select_related = ["customer"]
    inlines = [PainPointInline]


@admin.register(PainPoint)
class PainPointAdmin(admin.ModelAdmin):
    list_display = ["customer", "stage", "severity", "frequency", "source", "status"]
    list_filter = ["status", "source", "customer"]
    list_select_related = ["customer", "stage"]


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ["customer", "heard_on", "status", "closed_on"]
    list_filter = ["status", "customer"]
    list_select_related = ["customer"]
    # Status moves through transition_concern (legal transitions, audit log), not here.
    readonly_fields = ["status", "closed_on"]
