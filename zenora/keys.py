"""The format of Zenora's master keys (``JOURNAL_KEYS``), kept apart from the journal's crypto so
settings, system checks and management commands can read it without importing an app.

A master key is 32 random bytes written as url-safe base64 (padding optional), e.g. what
``manage.py generate_journal_key`` prints. Earlier versions also accepted any other string as a
*passphrase* and stretched it with unsalted HKDF-SHA256; that derivation stays here, only so a
passphrase can be converted into the 32-byte key it always stood for (same bytes, same
fingerprint: nothing needs re-encrypting) and so ``DEBUG`` setups keep working.
"""

import base64
import binascii
import hashlib
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32


class NotAMasterKey(ValueError):
    """The text is not url-safe base64 of exactly 32 bytes."""


def decode_master_key(value: str) -> bytes:
    """The 32 key bytes of a base64 master key; ``NotAMasterKey`` for anything else."""
    text = value.strip()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    # As lenient as earlier versions were (standard or url-safe alphabet, stray characters
    # ignored): a key they read as 32 bytes must keep meaning the same 32 bytes.
    if len(raw) != KEY_BYTES:
        raise NotAMasterKey("a journal master key is url-safe base64 of exactly 32 bytes")
    return raw


def is_master_key(value: str) -> bool:
    try:
        decode_master_key(value)
    except NotAMasterKey:
        return False
    return True


def legacy_passphrase_key(passphrase: str) -> bytes:
    """The 32 bytes an old passphrase-style entry of JOURNAL_KEYS was stretched to."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"zenora master key").derive(
        passphrase.strip().encode()
    )


def encode_master_key(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def new_master_key() -> str:
    return encode_master_key(os.urandom(KEY_BYTES))


def key_fingerprint(key: bytes) -> str:
    """A short public name for a master key (stored beside every data key it wraps)."""
    return hashlib.sha256(b"zenora key id|" + key).hexdigest()[:16]


def fingerprint_of(value: str) -> str:
    """The fingerprint of one JOURNAL_KEYS entry, whichever format it is in."""
    try:
        return key_fingerprint(decode_master_key(value))
    except NotAMasterKey:
        return key_fingerprint(legacy_passphrase_key(value))
