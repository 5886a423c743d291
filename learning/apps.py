from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.personal_data import register_personal_data
        from learning.demo import seed_learning_demo
        from learning.selectors import personal_data_export
        from learning.today import today_card_context
        from zenora.demo import register_demo_seeder
        from zenora.today import register_today_card

        register_today_card(
            "learning", template="learning/today_card.html", context=today_card_context, order=40
        )
        register_demo_seeder("learning", seed_learning_demo, order=40)
        # Progress rows cascade away with the account; export covers them.
        register_personal_data("learning", export=personal_data_export, order=40)
