"""The outbox for operators: what was sent, skipped or failed, and why — never what it said."""

from django.contrib import admin

from notifications.models import Delivery
from zenora.admin import ReadOnlyAdmin


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "kind", "channel", "status", "attempts", "last_error", "sent_at")
    list_filter = ("status", "channel", "kind")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    # Subject, text and HTML stay out: the admin shows that an email went, not what it said.
    fields = (
        "user",
        "kind",
        "channel",
        "status",
        "reason",
        "due_at",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "unsubscribed_at",
    )
    readonly_fields = fields
