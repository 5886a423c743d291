"""What every operator page in the admin shares."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record an operator may look at and never change: the admin adds, edits and deletes
    nothing, so it cannot be a side door around the services' checks."""

    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
