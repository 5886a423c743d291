"""Weak secrets stop a deployment: the system checks, the key format and generate_journal_key."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from zenora import checks
from zenora.keys import (
    decode_master_key,
    encode_master_key,
    fingerprint_of,
    is_master_key,
    key_fingerprint,
    legacy_passphrase_key,
)

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k3J9-vQ2xLm8_pR4tY7wZ1aB6cD0eF5gH2iJ8kL3mN9oP4qR7sT1uV6wX0yZ5aB2c"


def _ids(messages) -> list[str]:
    return [message.id for message in messages]


@pytest.mark.parametrize(
    "secret",
    [
        "change-me-to-a-long-random-string",
        "django-insecure-" + "x7" * 30,
        "short-but-random-9Qz",
        "ab" * 40,
    ],
)
def test_checks_weak_secret_key_is_an_error_outside_debug(secret):
    with override_settings(SECRET_KEY=secret, DEBUG=False):
        messages = checks.check_secret_key()
    assert _ids(messages) == ["zenora.E001"]
    assert messages[0].level >= 40  # ERROR


def test_checks_strong_secret_key_passes_and_debug_is_left_alone():
    with override_settings(SECRET_KEY=GOOD_SECRET, DEBUG=False):
        assert checks.check_secret_key() == []
    with override_settings(SECRET_KEY="change-me", DEBUG=True):
        assert checks.check_secret_key() == []


def test_checks_journal_keys_placeholder_is_an_error_outside_debug_and_a_warning_in_it():
    with override_settings(JOURNAL_KEYS=["change-me"], DEBUG=False):
        assert _ids(checks.check_journal_keys()) == ["zenora.E003"]
    with override_settings(JOURNAL_KEYS=["change-me"], DEBUG=True):
        assert _ids(checks.check_journal_keys()) == ["zenora.W002"]
    with override_settings(JOURNAL_KEYS=[], DEBUG=False):
        assert _ids(checks.check_journal_keys()) == ["zenora.E002"]


def test_checks_journal_keys_of_32_base64_bytes_pass():
    out = io.StringIO()
    call_command("generate_journal_key", stdout=out)
    key = out.getvalue().strip()
    assert len(decode_master_key(key)) == 32
    with override_settings(JOURNAL_KEYS=[key], DEBUG=False):
        assert checks.check_journal_keys() == []


def test_checks_the_embedded_default_key_is_a_proper_master_key(settings):
    assert all(is_master_key(key) for key in settings.JOURNAL_KEYS)


def _check_deploy(secret_key: str, journal_keys: str) -> subprocess.CompletedProcess:
    env = {
        # The browser tests' async escape hatch is for them alone; a deployment never sets it.
        **{name: value for name, value in os.environ.items() if name != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secret_key,
        "JOURNAL_KEYS": journal_keys,
        "SITE_URL": "https://zenora.example.org",
        "ALLOWED_HOSTS": "zenora.example.org",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_checks_manage_check_deploy_fails_on_the_old_example_values():
    """What .env.example used to ship now stops `check --deploy` (and so `migrate`)."""
    result = _check_deploy("change-me-to-a-long-random-string", "change-me")
    assert result.returncode != 0
    assert "zenora.E001" in result.stderr
    assert "zenora.E003" in result.stderr


def test_checks_manage_check_deploy_fails_when_the_keys_are_left_empty():
    result = _check_deploy("", "")
    assert result.returncode != 0
    assert "zenora.E004" in result.stderr
    assert "zenora.E005" in result.stderr


def test_checks_manage_check_deploy_passes_with_generated_keys():
    out = io.StringIO()
    call_command("generate_journal_key", stdout=out)
    result = _check_deploy(GOOD_SECRET, out.getvalue().strip())
    assert result.returncode == 0, result.stderr
    assert "zenora." not in result.stderr + result.stdout


def test_checks_env_example_holds_no_placeholder_that_would_pass():
    values = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#") and "=" in line
    )
    for name in ("SECRET_KEY", "JOURNAL_KEYS"):
        assert values[name] == "", f"{name} must be left empty in .env.example"


def test_checks_from_passphrase_prints_the_same_key_an_old_entry_stood_for():
    passphrase = "an old deployment's long passphrase"
    result = subprocess.run(
        [sys.executable, "manage.py", "generate_journal_key", "--from-passphrase"],
        cwd=ROOT,
        input=passphrase + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert decode_master_key(key) == legacy_passphrase_key(passphrase)
    assert (
        fingerprint_of(key)
        == fingerprint_of(passphrase)
        == key_fingerprint(legacy_passphrase_key(passphrase))
    )
    assert passphrase not in result.stdout + result.stderr


def test_checks_an_old_format_var_key_file_is_rewritten_as_the_same_key(tmp_path):
    """The embedded default migrates a var/journal_key an older version wrote as a passphrase."""
    (tmp_path / "journal_key").write_text("an-old-style-embedded-passphrase")
    env = {**os.environ, "ZENORA_VAR_DIR": str(tmp_path)}
    env.pop("JOURNAL_KEYS", None)
    script = "from django.conf import settings; print(settings.JOURNAL_KEYS[0])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip().splitlines()[-1]
    assert key == (tmp_path / "journal_key").read_text().strip()
    assert decode_master_key(key) == legacy_passphrase_key("an-old-style-embedded-passphrase")
    assert encode_master_key(decode_master_key(key)) == key
