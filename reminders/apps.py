from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = "Reminders"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from accounts.personal_data import register_personal_data
        from notifications.delivery import register_unsubscribe_kind
        from notifications.registry import register_notification_kind
        from reminders.demo import seed_demo_reminders
        from reminders.models import Reminder
        from reminders.receivers import follow_time_zone
        from reminders.selectors import last_beat_tick, reminders_export, today_card_context
        from reminders.services import reminder_email_off
        from zenora.demo import register_demo_seeder
        from zenora.health import register_health_check
        from zenora.today import register_today_card

        for kind, label in Reminder.Kind.choices:
            key = f"reminders.{kind}"
            # In-app here; a reminder's email is its own channel, chosen on the reminders page
            # and handed to the outbox by reminder_deliver. The centre never emails these kinds,
            # so one switch decides each reminder email.
            register_notification_kind(
                key,
                label=f"Reminders: {label.lower()}",
                description="Reminder emails are set on the reminders page.",
                centre_email=False,
            )
            register_unsubscribe_kind(
                key,
                label=f"{label} reminders" if kind != Reminder.Kind.WEEKLY_SUMMARY else label,
                handler=lambda user, kind=kind: reminder_email_off(user=user, kind=kind),
                manage=("reminders:settings", "Your reminders"),
            )
        register_today_card(
            "reminders", template="reminders/today_card.html", context=today_card_context, order=90
        )
        # Rows go with the account through their CASCADE foreign keys.
        register_personal_data("reminders", export=reminders_export, order=70)
        register_demo_seeder("reminders", seed_demo_reminders, order=80)
        register_health_check("beat", last_beat_tick)
        # Accounts owns the time zone; when it changes, every reminder is computed again.
        post_save.connect(follow_time_zone, sender=get_user_model(), dispatch_uid="reminders.time_zone")
