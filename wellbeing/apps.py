from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "wellbeing"
    verbose_name = "Wellbeing"

    def ready(self) -> None:
        from accounts.personal_data import register_personal_data
        from wellbeing.demo import seed_demo_wellbeing
        from wellbeing.selectors import today_card_context, wellbeing_export
        from zenora.demo import register_demo_seeder
        from zenora.today import register_today_card

        register_today_card(
            "checkin", template="wellbeing/today_card.html", context=today_card_context, order=10
        )
        # Rows go with the account through their CASCADE foreign keys; the journal's eraser
        # destroys the data key that every note and goal was encrypted with.
        register_personal_data("wellbeing", export=wellbeing_export, order=20)
        register_demo_seeder("wellbeing", seed_demo_wellbeing, order=40)
