from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from django.conf import settings

        from accounts.personal_data import register_personal_data
        from notifications.selectors import notifications_export

        register_personal_data("notifications", export=notifications_export, order=60)
        # One digest run an hour; each person gets theirs once a day at most (see tasks.py).
        settings.CELERY_BEAT_SCHEDULE.setdefault(
            "notifications.send_digests", {"task": "notifications.send_digests", "schedule": 3600.0}
        )
