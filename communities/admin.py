"""The moderation log for operators: who did what in which group, and when; read-only."""

from django.contrib import admin

from communities.models import ModerationLogEntry
from zenora.admin import ReadOnlyAdmin


@admin.register(ModerationLogEntry)
class ModerationLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "community", "moderator", "action", "target_user")
    list_filter = ("action", "community")
    search_fields = ("moderator__email", "target_user__email", "community__name")
    list_select_related = ("community", "moderator", "target_user")
    date_hierarchy = "created_at"
    fields = ("created_at", "community", "moderator", "action", "target_user", "subject", "reason")
    readonly_fields = fields
