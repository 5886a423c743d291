"""The operator's view of accounts: find a person by email, deactivate or reactivate them.

Read-only otherwise: an operator cannot edit a profile, set a password or sign in as anyone,
and nothing private (journal, check-ins, goals and what derives from them) is registered in
the admin at all."""

from django.contrib import admin, messages

from accounts import services
from accounts.models import User
from zenora.admin import ReadOnlyAdmin


@admin.register(User)
class OperatorUserAdmin(ReadOnlyAdmin):
    list_display = ("email", "display_name", "is_active", "is_staff", "date_joined", "last_login")
    list_filter = ("is_active", "is_staff")
    search_fields = ("email", "display_name")
    ordering = ("email",)
    fields = (
        "email",
        "display_name",
        "role",
        "time_zone",
        "is_active",
        "is_staff",
        "date_joined",
        "last_login",
    )
    readonly_fields = fields
    actions = ("deactivate", "reactivate")

    def has_deactivate_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    @admin.action(description="Deactivate: sign out everywhere and block sign-in", permissions=["deactivate"])
    def deactivate(self, request, queryset) -> None:
        people = [user for user in queryset if user.pk != request.user.pk]
        for user in people:
            services.account_deactivate(user=user)
        if len(people) != queryset.count():
            self.message_user(request, "You cannot deactivate yourself.", messages.WARNING)
        self.message_user(request, f"Deactivated {len(people)} account(s); their sessions have ended.")

    @admin.action(description="Reactivate: allow sign-in again", permissions=["deactivate"])
    def reactivate(self, request, queryset) -> None:
        for user in queryset:
            services.account_reactivate(user=user)
        self.message_user(request, f"Reactivated {queryset.count()} account(s).")
