from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from accounts.personal_data import register_personal_data
        from notifications.delivery import register_unsubscribe_kind
        from notifications.selectors import notifications_export
        from notifications.services import digest_stop

        register_personal_data("notifications", export=notifications_export, order=60)
        register_unsubscribe_kind("notifications.digest", label="the daily digest", handler=digest_stop)
