from pathlib import Path

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zenora.backups import BackupError, Database, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a folder `manage.py backup` made into an empty PostgreSQL database (by default "
        "DATABASE_URL's). Refuses when JOURNAL_KEYS cannot open the backup's journals. Stop the "
        "web, worker and beat first; run `manage.py migrate` after."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", help="the backup's folder (holding manifest.json and database.dump)")
        parser.add_argument("--database-url", default="", help="restore into this database instead")
        parser.add_argument(
            "--ignore-key-mismatch",
            action="store_true",
            help="restore even though JOURNAL_KEYS lacks a key the backup needs (its journals stay unreadable)",
        )

    def handle(self, *args, folder: str, database_url: str, ignore_key_mismatch: bool, **options) -> None:
        try:
            config = (
                environ.Env.db_url_config(database_url) if database_url else settings.DATABASES["default"]
            )
            database = Database.from_settings(config)
            warnings = backup_restore(
                folder=Path(folder), database=database, ignore_key_mismatch=ignore_key_mismatch
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stderr.write(self.style.SUCCESS(f"Restored {folder} into database {database.name!r}."))
