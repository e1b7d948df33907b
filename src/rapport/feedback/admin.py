"""The Django admin for the feedback loop (PMO leads only). Changes to cycles go through the
services; the admin is for looking and for fixing reference data such as suppressions."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from rapport.feedback.models import (
    Action,
    Issue,
    OutboxKind,
    OutboxMessage,
    PulseRound,
    Question,
    QuestionSet,
    ReviewCycle,
    Suppression,
)


class QuestionInline(admin.TabularInline):
    """A question set's questions; read-only once a review uses the set (a published version is
    never edited: months must compare, and survey pages keep its markup per process)."""

    model = Question
    extra = 0

    def _in_use(self, obj: QuestionSet | None) -> bool:
        return obj is not None and obj.cycles.exists()

    def has_add_permission(self, request: HttpRequest, obj: QuestionSet | None = None) -> bool:
        return not self._in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: QuestionSet | None = None) -> bool:
        return not self._in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: QuestionSet | None = None) -> bool:
        return not self._in_use(obj) and super().has_delete_permission(request, obj)


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ("title", "key", "version", "is_default")
    inlines = [QuestionInline]


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = ("project", "period", "mode", "state", "confidentiality")
    list_filter = ("state", "mode", "confidentiality")
    search_fields = ("project__name", "period")
    readonly_fields = ("state",)  # only the state machine moves it


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ("text", "project", "priority", "status")
    list_filter = ("status", "priority")


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "due", "status")
    list_filter = ("status",)


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ("email", "reason", "created_at")
    search_fields = ("email",)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("to_email", "kind", "state", "created_at", "sent_at")
    list_filter = ("state", "kind")
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutboxMessage]:
        # Reminders and retries of an anonymous review go only to those who have not answered:
        # listing their recipients would tell who did. The mail log shows them without names.
        return (
            super()
            .get_queryset(request)
            .exclude(
                cycle__confidentiality="anonymous",
                kind__in=[OutboxKind.REMINDER, OutboxKind.RETRY],
            )
        )


@admin.register(PulseRound)
class PulseRoundAdmin(admin.ModelAdmin):
    """For looking only: rounds open and close through the pulse services. Responses and
    invitations are not listed here (no per-person view of an anonymous pulse)."""

    list_display = ("customer", "period", "state", "confidentiality", "deadline")
    list_filter = ("state", "period")
    search_fields = ("customer__name", "period")
    readonly_fields = [f.name for f in PulseRound._meta.fields]
