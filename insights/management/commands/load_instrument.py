from django.core.management.base import BaseCommand, CommandError

from insights.instruments import InstrumentError, read_definition
from insights.services import instrument_load


class Command(BaseCommand):
    help = (
        "Add or update a self-check instrument from a JSON definition file (see insights/instruments.py). "
        "Use it for licensed instruments your organisation holds; their text is loaded as written."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Path to the instrument's JSON definition.")

    def handle(self, *args, **options) -> None:
        try:
            definition = read_definition(options["file"])
        except InstrumentError as error:
            raise CommandError(str(error)) from error
        instrument, created = instrument_load(definition=definition)
        verb = "Added" if created else "Updated"
        self.stdout.write(
            f"{verb} {instrument.name} (version {instrument.version}, {len(definition['items'])} items)."
        )
