from django.apps import AppConfig


class JournalsConfig(AppConfig):
    name = "journals"
    verbose_name = "Journals"

    def ready(self) -> None:
        from accounts.personal_data import register_personal_data
        from journals.demo import seed_demo_journal
        from journals.exporting import journal_export_data
        from journals.services import journal_erase
        from journals.today import journal_today_card
        from zenora.demo import register_demo_seeder
        from zenora.today import register_today_card

        # order=10: the data key is destroyed before any other app's data goes.
        register_personal_data("journal", export=journal_export_data, erase=journal_erase, order=10)
        register_today_card(
            "journal", template="journals/partials/today_card.html", context=journal_today_card, order=20
        )
        register_demo_seeder("journal", seed_demo_journal, order=40)
