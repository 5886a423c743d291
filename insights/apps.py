from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        from accounts.personal_data import register_personal_data
        from insights.demo import seed_demo_insights
        from insights.exporting import insights_export
        from insights.services import insights_erase
        from insights.today import today_card_context
        from notifications.registry import register_notification_kind
        from zenora.demo import register_demo_seeder
        from zenora.today import register_today_card

        register_today_card(
            "insights", template="insights/partials/today_card.html", context=today_card_context, order=20
        )
        register_personal_data("insights", export=insights_export, erase=insights_erase, order=30)
        # After the wellbeing and journal seeders (order 40), whose data this builds on.
        register_demo_seeder("insights", seed_demo_insights, order=60)
        register_notification_kind(
            "insights.recheck",
            label="Self-check reminders",
            description="A month after your last self-check, a reminder that a new one is there.",
            email_default=False,
        )
