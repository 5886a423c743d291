from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zenora.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database: a pg_dump archive and a manifest (Zenora version, "
        "migrations, time, JOURNAL_KEYS fingerprints — never the keys). Back up JOURNAL_KEYS "
        "separately."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output-dir",
            default=str(settings.BACKUP_DIR or Path(settings.VAR_DIR) / "backups"),
            help="where the backup's folder is made (default: BACKUP_DIR, or var/backups)",
        )

    def handle(self, *args, output_dir: str, **options) -> str:
        try:
            folder = backup_create(output_dir=Path(output_dir))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(
            self.style.SUCCESS(
                f"Backed up to {folder}. JOURNAL_KEYS are not in it: keep them safe separately."
            )
        )
        return str(folder)
