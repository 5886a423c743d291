"""Print a new JOURNAL_KEYS master key, or the key an old passphrase entry stood for."""

import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from zenora.keys import (
    encode_master_key,
    is_master_key,
    key_fingerprint,
    legacy_passphrase_key,
    new_master_key,
)


class Command(BaseCommand):
    help = (
        "Print a new journal master key (32 random bytes, base64) for JOURNAL_KEYS. With "
        "--from-passphrase, read an old passphrase-style entry on standard input and print the "
        "32-byte key it was stretched to: the same key, so nothing needs re-encrypting."
    )
    # Must work while the checks it exists to satisfy are failing.
    requires_system_checks: list = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--from-passphrase",
            action="store_true",
            help="convert an old passphrase entry of JOURNAL_KEYS, read from standard input",
        )

    def handle(self, *args, from_passphrase: bool, **options) -> None:
        if not from_passphrase:
            self.stdout.write(new_master_key())
            return
        if sys.stdin.isatty():
            passphrase = getpass.getpass("Old JOURNAL_KEYS entry: ")
        else:
            passphrase = sys.stdin.readline()
        passphrase = passphrase.strip()
        if not passphrase:
            raise CommandError("Nothing was read: give the old entry on standard input.")
        if is_master_key(passphrase):
            raise CommandError("That entry already is a 32-byte base64 key: keep it as it is.")
        key = legacy_passphrase_key(passphrase)
        self.stderr.write(f"Fingerprint {key_fingerprint(key)} (unchanged). Replace the old entry with:")
        self.stdout.write(encode_master_key(key))
