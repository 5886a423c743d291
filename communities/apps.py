from importlib import import_module

from django.apps import AppConfig

# The wings' models: one Django app (label, tables, migrations), models kept beside their code.
WING_MODELS = ("communities.rooms.models", "communities.safety.models")


class CommunitiesConfig(AppConfig):
    """One Django app in three wings: the groups and forum (this package), live rooms
    (communities.rooms) and safety (communities.safety). The forum imports neither wing; it
    announces through communities.hooks, and the wings answer with the handlers registered here.
    """

    name = "communities"
    verbose_name = "Communities"

    def import_models(self) -> None:
        super().import_models()
        for module in WING_MODELS:
            import_module(module)

    def ready(self) -> None:
        from accounts.personal_data import register_personal_data
        from communities.demo import seed_demo_clinic
        from communities.rooms.demo import seed_demo_chat
        from communities.rooms.hooks import register_room_hooks
        from communities.selectors import communities_export
        from communities.services import communities_erase_user
        from communities.today import groups_today_card
        from notifications.registry import register_notification_kind
        from zenora.demo import register_demo_seeder
        from zenora.today import register_today_card

        register_notification_kind(
            "communities.reply",
            label="Replies in threads you follow",
            description="Threads you started or replied to.",
        )
        register_notification_kind("communities.mention", label="Mentions of you in a group")
        register_notification_kind("communities.join_request", label="Requests to join a group you moderate")
        register_notification_kind("communities.join_decision", label="Answers to your requests to join")
        register_notification_kind("communities.invited", label="Invitations to a group")
        register_personal_data(
            "communities", export=communities_export, erase=communities_erase_user, order=50
        )
        register_demo_seeder("communities", seed_demo_clinic, order=50)
        register_today_card(
            "groups", template="communities/partials/today_card.html", context=groups_today_card, order=40
        )
        register_demo_seeder("chat", seed_demo_chat, order=55)
        self._register_safety()
        register_room_hooks()
        # Celery's autodiscovery reads each app's tasks.py; the rooms wing's tasks are named here.
        import_module("communities.rooms.tasks")

        from django.contrib.auth.signals import user_logged_out

        from communities.rooms.consumers import end_session_sockets

        # Signing out closes that session's live sockets at once (they re-check every 30 s too).
        user_logged_out.connect(end_session_sockets, dispatch_uid="communities.end_session_sockets")

    def _register_safety(self) -> None:
        from accounts.personal_data import register_personal_data
        from communities.safety.demo import seed_demo_safety
        from communities.safety.export import safety_export
        from communities.safety.hooks import register_safety_hooks
        from notifications.registry import register_notification_kind
        from zenora.demo import register_demo_seeder

        register_notification_kind(
            "communities.report",
            label="Reports, held posts and safety flags in a group you moderate",
            description="Never names who reported, nor the author of an anonymous post.",
        )
        register_notification_kind("communities.moderation", label="Moderators' notes about your posts")
        register_notification_kind(
            "communities.check_in",
            label="A gentle check-in after a heavy post",
            description="Only you see it.",
            email_default=False,
        )
        register_personal_data("communities_safety", export=safety_export, order=51)
        register_demo_seeder("safety", seed_demo_safety, order=58)
        register_safety_hooks()
