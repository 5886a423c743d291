from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learning.content_loader import CONTENT_ROOT, ContentInvalid
from learning.services import content_load


class Command(BaseCommand):
    help = (
        "Load courses, lessons, exercises and library articles from learning/content. "
        "Safe to run again: changed files update their rows and everyone's progress is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", type=Path, default=CONTENT_ROOT, help="Content folder to load.")

    def handle(self, *args, path: Path, **options):
        if not path.is_dir():
            raise CommandError(f"No content folder at {path}.")
        try:
            report = content_load(root=path)
        except ContentInvalid as invalid:
            lines = "\n".join(f"  {error}" for error in invalid.errors)
            raise CommandError(f"Nothing was loaded; fix these first:\n{lines}") from invalid
        self.stdout.write(self.style.SUCCESS(f"Learning content loaded: {report}."))
