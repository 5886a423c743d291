from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zenora.demo import demo_seeders


class Command(BaseCommand):
    help = "Create Zenora's demo clinic: users, and each app's demo content. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Seed even with DEBUG off (never on a real clinic)."
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a published password, so it only runs with DEBUG on. "
                "Use --force if this really is a throwaway instance."
            )
        lines: list[str] = []
        for seeder in demo_seeders():
            with transaction.atomic():
                lines.extend(seeder.seed())
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        for line in lines:
            self.stdout.write(f"  {line}")
