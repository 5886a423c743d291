"""Backup and restore, round trip on the real PostgreSQL: an encrypted entry comes back readable."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings

from journals.tests.factories import UserFactory, make_entry
from zenora.keys import decode_master_key, fingerprint_of, new_master_key

ROOT = Path(__file__).resolve().parents[2]
SECRET_TEXT = "The session with the Marlow family stays with me tonight"


def _admin_conninfo() -> dict:
    db = settings.DATABASES["default"]
    info = {"dbname": "postgres", "user": db.get("USER") or "postgres", "host": db.get("HOST") or "127.0.0.1"}
    if db.get("PORT"):
        info["port"] = str(db["PORT"])
    if db.get("PASSWORD"):
        info["password"] = db["PASSWORD"]
    return info


def _url(name: str) -> str:
    info = _admin_conninfo()
    return f"postgres://{info['user']}@{info['host']}:{info.get('port', 5432)}/{name}"


@pytest.fixture
def fresh_database():
    """Empty PostgreSQL databases named after this test run, dropped afterwards."""
    made: list[str] = []

    def make(suffix: str) -> str:
        name = f"{settings.DATABASES['default']['NAME']}_restore_{suffix}"[:63]
        with psycopg.connect(**_admin_conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return name

    yield make
    with psycopg.connect(**_admin_conninfo(), autocommit=True) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _read_back(database: str, user_pk: int, entry_pk) -> subprocess.CompletedProcess:
    """Another process on the restored database, with this run's JOURNAL_KEYS, reads the entry."""
    script = (
        "import django; django.setup();"
        "from accounts.models import User; from journals.models import Entry;"
        "from journals.selectors import read_entry;"
        f"user = User.objects.get(pk={user_pk}); entry = Entry.objects.get(pk='{entry_pk}');"
        "print(read_entry(user, entry).content.body)"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": _url(database),
        "JOURNAL_KEYS": ",".join(settings.JOURNAL_KEYS),
    }
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_keeps_journals_readable(tmp_path, fresh_database):
    user = UserFactory()
    entry = make_entry(user, body=SECRET_TEXT)

    folder = Path(call_command("backup", output_dir=str(tmp_path)))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["zenora_version"]
    assert "journals" in manifest["migrations"] and "accounts" in manifest["migrations"]
    assert manifest["created_at"]
    assert manifest["journal_keys"] == [fingerprint_of(key) for key in settings.JOURNAL_KEYS]
    dump = (folder / "database.dump").read_bytes()
    for key in settings.JOURNAL_KEYS:
        raw = decode_master_key(key)
        for form in (key.encode(), raw, base64.b64encode(raw)):
            assert form not in dump
            assert form not in (folder / "manifest.json").read_bytes()
    assert SECRET_TEXT.encode() not in dump  # encrypted at rest, in the backup too

    target = fresh_database("ok")
    call_command("restore", str(folder), database_url=_url(target))
    result = _read_back(target, user.pk, entry.pk)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == SECRET_TEXT

    # A database that is not empty is never overwritten.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(folder), database_url=_url(target))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_when_journal_keys_differ(tmp_path, fresh_database):
    make_entry(UserFactory(), body=SECRET_TEXT)
    folder = Path(call_command("backup", output_dir=str(tmp_path)))
    target = fresh_database("keys")
    with override_settings(JOURNAL_KEYS=[new_master_key()]):
        with pytest.raises(CommandError, match="JOURNAL_KEYS"):
            call_command("restore", str(folder), database_url=_url(target))
        with psycopg.connect(**{**_admin_conninfo(), "dbname": target}) as conn:
            tables = conn.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchone()[0]
        assert tables == 0
        # Knowingly: restored, with a warning that journals will not open.
        call_command("restore", str(folder), database_url=_url(target), ignore_key_mismatch=True)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_dump(tmp_path, fresh_database):
    folder = Path(call_command("backup", output_dir=str(tmp_path)))
    with (folder / "database.dump").open("ab") as dump:
        dump.write(b"x")
    with pytest.raises(CommandError, match="does not match"):
        call_command("restore", str(folder), database_url=_url(fresh_database("damaged")))
