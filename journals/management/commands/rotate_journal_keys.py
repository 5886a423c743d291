from django.core.management.base import BaseCommand

from journals.crypto import key_ring, rotate_data_keys


class Command(BaseCommand):
    help = (
        "Re-wrap every person's journal data key with the first key in JOURNAL_KEYS. "
        "Put the new master key first, keep the old ones after it, run this, then remove the old ones."
    )

    def handle(self, *args, **options) -> None:
        fingerprint = key_ring()[0][0]
        rewrapped, unchanged = rotate_data_keys()
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-wrapped {rewrapped} data key(s) with master key {fingerprint}; "
                f"{unchanged} already used it. Entries themselves are unchanged."
            )
        )
