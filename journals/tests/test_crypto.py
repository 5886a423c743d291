import base64
import secrets

import pytest
from django.test import override_settings

from journals.crypto import (
    DecryptionError,
    KeyConfigurationError,
    data_key_for,
    decrypt_for,
    destroy_data_key,
    encrypt_for,
    forget_cached_key,
    key_fingerprint,
    key_ring,
    rotate_data_keys,
)
from journals.models import DataKey
from journals.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fresh(user):
    """The same person as a new request would see them: no cached data key."""
    forget_cached_key(user)
    return user


def test_crypto_round_trip_returns_the_text():
    user = UserFactory()
    blob = encrypt_for(user, "Heavy day — ünïcode too", context="note:1")
    assert decrypt_for(_fresh(user), blob, context="note:1") == "Heavy day — ünïcode too"


def test_crypto_uses_a_fresh_nonce_every_time():
    user = UserFactory()
    first = encrypt_for(user, "same words", context="note:1")
    second = encrypt_for(user, "same words", context="note:1")
    assert first != second
    assert b"same words" not in first


def test_crypto_ciphertext_cannot_move_to_another_row():
    user = UserFactory()
    blob = encrypt_for(user, "mine", context="journal_entry:a")
    with pytest.raises(DecryptionError):
        decrypt_for(user, blob, context="journal_entry:b")


def test_crypto_ciphertext_cannot_move_to_another_user():
    alice, bob = UserFactory(), UserFactory()
    blob = encrypt_for(alice, "mine", context="journal_entry:a")
    encrypt_for(bob, "his", context="x")  # bob has a key of his own
    with pytest.raises(DecryptionError):
        decrypt_for(bob, blob, context="journal_entry:a")


def test_crypto_flipped_byte_is_detected():
    user = UserFactory()
    blob = bytearray(encrypt_for(user, "do not alter me", context="c"))
    blob[20] ^= 0x01
    with pytest.raises(DecryptionError):
        decrypt_for(user, bytes(blob), context="c")


def test_crypto_data_key_is_stored_only_wrapped():
    user = UserFactory()
    key = data_key_for(user)
    record = DataKey.objects.get(user=user)
    assert key not in bytes(record.wrapped_key)
    assert record.master_key_id == key_ring()[0][0]


def test_crypto_destroyed_key_leaves_ciphertext_unreadable():
    user = UserFactory()
    blob = encrypt_for(user, "shred me", context="c")
    destroy_data_key(user=user)
    with pytest.raises(DecryptionError):
        decrypt_for(_fresh(user), blob, context="c")
    assert not DataKey.objects.filter(user=user).exists()


def test_crypto_rotation_rewraps_every_key_and_keeps_text_readable(settings):
    old = settings.JOURNAL_KEYS[0]
    users = [UserFactory() for _ in range(3)]
    blobs = [encrypt_for(user, f"entry {i}", context="c") for i, user in enumerate(users)]
    new = secrets.token_urlsafe(32)
    with override_settings(JOURNAL_KEYS=[new, old]):
        assert rotate_data_keys() == (3, 0)
        assert rotate_data_keys() == (0, 3)
    # Only the new key remains: every entry still opens.
    with override_settings(JOURNAL_KEYS=[new]):
        for i, (user, blob) in enumerate(zip(users, blobs, strict=True)):
            assert decrypt_for(_fresh(user), blob, context="c") == f"entry {i}"


def test_crypto_dropping_a_key_before_rotation_makes_text_unreadable(settings):
    user = UserFactory()
    blob = encrypt_for(user, "text", context="c")
    with override_settings(JOURNAL_KEYS=[secrets.token_urlsafe(32)]), pytest.raises(DecryptionError):
        decrypt_for(_fresh(user), blob, context="c")


def test_crypto_key_formats_base64_key_works_and_passphrases_only_in_debug():
    raw = secrets.token_bytes(32)
    encoded = base64.urlsafe_b64encode(raw).decode()
    with override_settings(JOURNAL_KEYS=[encoded]):
        assert key_ring()[0] == (key_fingerprint(raw), raw)
    passphrase = "a long passphrase that is not base64 of 32 bytes"
    with override_settings(JOURNAL_KEYS=[passphrase], DEBUG=False), pytest.raises(KeyConfigurationError):
        key_ring()
    with override_settings(JOURNAL_KEYS=[passphrase], DEBUG=True):
        fingerprint, key = key_ring()[0]
        assert len(key) == 32 and key != raw


def test_crypto_a_converted_passphrase_keeps_reading_what_it_wrapped():
    """Rows wrapped under an old passphrase entry open with the key it converts to."""
    from zenora.keys import encode_master_key, legacy_passphrase_key

    passphrase = "an old deployment's passphrase entry"
    user = UserFactory()
    with override_settings(JOURNAL_KEYS=[passphrase], DEBUG=True):
        blob = encrypt_for(user, "written before the upgrade", context="c")
    converted = encode_master_key(legacy_passphrase_key(passphrase))
    with override_settings(JOURNAL_KEYS=[converted], DEBUG=False):
        assert decrypt_for(_fresh(user), blob, context="c") == "written before the upgrade"
