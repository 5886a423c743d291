from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts.demo import seed_demo_users
        from accounts.personal_data import register_personal_data
        from accounts.selectors import account_export_profile
        from zenora.demo import register_demo_seeder

        register_personal_data("profile", export=account_export_profile, order=0)
        register_demo_seeder("users", seed_demo_users, order=0)
