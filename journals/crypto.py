"""Encryption at rest for private text: journal entries, check-in notes, goals.

The scheme (envelope encryption, AES-256-GCM throughout):

* Each user has one random 32-byte **data key**, stored only *wrapped* in ``DataKey``:
  ``nonce (12 bytes) || AES-GCM(master key, data key, aad="zenora/datakey|<user pk>")``.
* ``settings.JOURNAL_KEYS`` is the **key ring** of master keys. The first key wraps; every
  key unwraps (the wrapped key records which master key wrapped it by a short fingerprint),
  so an operator rotates by putting a new key first and running
  ``manage.py rotate_journal_keys``, which re-wraps every data key with the first key.
* Key format: each entry of ``JOURNAL_KEYS`` is 32 random bytes in url-safe base64 (padding
  optional), as ``manage.py generate_journal_key`` prints them (``zenora.keys``). Earlier
  versions stretched any other string, as a passphrase, with unsalted HKDF; such an entry is
  now refused outside ``DEBUG`` (a system check says so before anything starts), and
  ``manage.py generate_journal_key --from-passphrase`` converts it into the 32-byte key it
  always stood for — the same bytes and fingerprint, so nothing needs re-wrapping.
* Private text is encrypted with the user's data key, a fresh random nonce each time and
  *associated data* binding it to its owner and its row: ``aad = "zenora/v1|<user pk>|<context>"``,
  where ``context`` names the row and field, e.g. ``f"journal_entry:{entry.pk}"``. A
  ciphertext copied to another row or another user fails to decrypt. Rows therefore need
  their identity before they are encrypted: give them a UUID primary key generated in Python.
  Blob layout: ``0x01 || nonce (12) || ciphertext || tag (16)``.
* Deleting a user's ``DataKey`` (``destroy_data_key``) makes their ciphertexts in the *live*
  database unreadable: crypto-shredding. It does **not** reach old backups: a backup taken
  earlier still holds that person's wrapped data key, and it unwraps with any master key still
  in ``JOURNAL_KEYS``. Old backups become unreadable only once every master key that wrapped
  their data keys is gone: put a new key first, run ``manage.py rotate_journal_keys``, remove
  the old key from ``JOURNAL_KEYS`` and destroy every copy of it (README, "Key rotation").

Usage::

    blob = encrypt_for(user, "text", context=f"checkin_note:{note.pk}")
    text = decrypt_for(user, blob, context=f"checkin_note:{note.pk}")

Failures (tampered bytes, wrong row, shredded or unknown key) raise ``DecryptionError``,
whose message never contains the text.
"""

import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from zenora.keys import KEY_BYTES, NotAMasterKey, decode_master_key, key_fingerprint, legacy_passphrase_key

BLOB_VERSION = b"\x01"
NONCE_BYTES = 12
# Data keys are cached on the user object for one request; never across users.
_CACHE_ATTR = "_zenora_data_key"


class DecryptionError(Exception):
    """A ciphertext could not be read: tampered, moved, shredded or its key is missing."""


class KeyConfigurationError(Exception):
    """JOURNAL_KEYS is empty or holds something that is not a master key."""


def _master_key_bytes(value: str) -> bytes:
    try:
        return decode_master_key(value)
    except NotAMasterKey:
        if settings.DEBUG:
            return legacy_passphrase_key(value)
        raise KeyConfigurationError(
            "An entry of JOURNAL_KEYS is not a 32-byte base64 key. Convert it with "
            "`manage.py generate_journal_key --from-passphrase` (the same key: nothing to re-encrypt)."
        ) from None


@lru_cache(maxsize=8)
def _ring(keys: tuple[str, ...], debug: bool) -> tuple[tuple[str, bytes], ...]:
    return tuple((key_fingerprint(k), k) for k in (_master_key_bytes(v) for v in keys if v.strip()))


def key_ring() -> tuple[tuple[str, bytes], ...]:
    """(fingerprint, key) pairs from settings.JOURNAL_KEYS; the first one wraps."""
    ring = _ring(tuple(settings.JOURNAL_KEYS), settings.DEBUG)
    if not ring:
        raise KeyConfigurationError("JOURNAL_KEYS is empty: set at least one master key.")
    return ring


def _wrap_aad(user_pk) -> bytes:
    return f"zenora/datakey|{user_pk}".encode()


def wrap_data_key(data_key: bytes, *, user_pk) -> tuple[bytes, str]:
    fingerprint, master = key_ring()[0]
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(master).encrypt(nonce, data_key, _wrap_aad(user_pk)), fingerprint


def unwrap_data_key(wrapped: bytes, *, fingerprint: str, user_pk) -> bytes:
    wrapped = bytes(wrapped)
    for candidate, master in key_ring():
        if candidate == fingerprint:
            try:
                return AESGCM(master).decrypt(
                    wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _wrap_aad(user_pk)
                )
            except InvalidTag as error:
                raise DecryptionError("The data key does not unwrap with its master key.") from error
    raise DecryptionError("The master key that wrapped this data key is not in JOURNAL_KEYS.")


def data_key_for(user, *, create: bool = True) -> bytes:
    """The user's unwrapped data key, created on first use. Cached on this user object only."""
    from journals.models import DataKey

    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    record = DataKey.objects.filter(user_id=user.pk).first()
    if record is None:
        if not create:
            raise DecryptionError("This person has no data key (it was destroyed or never made).")
        record = _create_data_key(user)
    key = unwrap_data_key(record.wrapped_key, fingerprint=record.master_key_id, user_pk=user.pk)
    setattr(user, _CACHE_ATTR, key)
    return key


def _create_data_key(user):
    from journals.models import DataKey

    wrapped, fingerprint = wrap_data_key(os.urandom(KEY_BYTES), user_pk=user.pk)
    # get_or_create settles the race of two first writes: the loser reads the winner's key.
    with transaction.atomic():
        record, _ = DataKey.objects.get_or_create(
            user_id=user.pk, defaults={"wrapped_key": wrapped, "master_key_id": fingerprint}
        )
    return record


def _aad(user_pk, context: str) -> bytes:
    return f"zenora/v1|{user_pk}|{context}".encode()


@sensitive_variables("plaintext")
def encrypt_bytes(key: bytes, plaintext: bytes, *, user_pk, context: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return BLOB_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, _aad(user_pk, context))


def decrypt_bytes(key: bytes, blob: bytes, *, user_pk, context: str) -> bytes:
    blob = bytes(blob)
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != BLOB_VERSION:
        raise DecryptionError("The ciphertext is not in a format Zenora wrote.")
    try:
        return AESGCM(key).decrypt(blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :], _aad(user_pk, context))
    except InvalidTag as error:
        raise DecryptionError("The ciphertext was altered, moved or belongs to someone else.") from error


@sensitive_variables("plaintext")
def encrypt_for(user, plaintext: str, *, context: str) -> bytes:
    """Encrypt text for ``user``, bound to ``context`` (the row and field it will live in)."""
    return encrypt_bytes(data_key_for(user), plaintext.encode(), user_pk=user.pk, context=context)


def decrypt_for(user, blob: bytes, *, context: str) -> str:
    """Decrypt what ``encrypt_for`` produced for this user and context; DecryptionError otherwise."""
    key = data_key_for(user, create=False)
    return decrypt_bytes(key, blob, user_pk=user.pk, context=context).decode()


def forget_cached_key(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


@transaction.atomic
def destroy_data_key(*, user) -> None:
    """Crypto-shred: without the data key no ciphertext of this user can ever be read again."""
    from journals.models import DataKey

    DataKey.objects.filter(user_id=user.pk).delete()
    forget_cached_key(user)


@transaction.atomic
def rotate_data_keys() -> tuple[int, int]:
    """Re-wrap every data key with the first master key. Returns (re-wrapped, already current)."""
    from journals.models import DataKey

    current = key_ring()[0][0]
    rewrapped = unchanged = 0
    for record in list(DataKey.objects.select_for_update().order_by("pk")):
        if record.master_key_id == current:
            unchanged += 1
            continue
        key = unwrap_data_key(record.wrapped_key, fingerprint=record.master_key_id, user_pk=record.user_id)
        record.wrapped_key, record.master_key_id = wrap_data_key(key, user_pk=record.user_id)
        record.rotated_at = timezone.now()
        record.save(update_fields=["wrapped_key", "master_key_id", "rotated_at"])
        rewrapped += 1
    return rewrapped, unchanged
