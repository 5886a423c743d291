from django.apps import AppConfig


class DebriefsConfig(AppConfig):
    name = "debriefs"
    verbose_name = "Debriefs"

    def ready(self) -> None:
        from accounts.personal_data import register_personal_data
        from debriefs.demo import seed_demo_debriefs
        from debriefs.selectors import debriefs_export
        from debriefs.today import debriefs_today_card
        from notifications.registry import register_notification_kind
        from zenora.demo import register_demo_seeder
        from zenora.today import register_today_card

        register_notification_kind(
            "debriefs.scheduled",
            label="Debriefs scheduled or changed in your groups",
            description="A new session, or a change to one you said you'd come to.",
        )
        register_notification_kind(
            "debriefs.starting", label="A debrief you said you'd come to is about to start"
        )
        register_notification_kind(
            "debriefs.cancelled", label="A debrief you said you'd come to is cancelled"
        )
        register_notification_kind(
            "debriefs.follow_up",
            label="A gentle note a few days after a debrief",
            description="An invitation to a check-in or a journal entry; nothing about what was said.",
            email_default=False,
        )
        register_today_card(
            "debriefs", template="debriefs/partials/today_card.html", context=debriefs_today_card, order=30
        )
        # Rows go with the account through their CASCADE foreign keys; sessions a person
        # facilitated stay for the group, without them (SET_NULL).
        register_personal_data("debriefs", export=debriefs_export, order=55)
        register_demo_seeder("debriefs", seed_demo_debriefs, order=60)
