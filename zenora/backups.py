"""Backups of Zenora's PostgreSQL database: a pg_dump archive beside a JSON manifest.

The manifest says which Zenora made the backup, which migrations were applied, when, and the
fingerprints of the JOURNAL_KEYS in use — never a key. The keys are backed up apart from the
database (README, "Backup"): with both, journals can be read; with the dump alone, they cannot.
"""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from zenora import __version__
from zenora.keys import fingerprint_of

MANIFEST = "manifest.json"
DUMP = "database.dump"
FORMAT = "zenora-backup"
FORMAT_VERSION = 1


class BackupError(Exception):
    """Why a backup or restore cannot go ahead; the message says what to do."""


@dataclass(frozen=True)
class Database:
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, config: dict[str, Any]) -> "Database":
        if "postgresql" not in config.get("ENGINE", ""):
            raise BackupError(
                "Backups need PostgreSQL. The embedded default keeps everything in "
                f"{config.get('NAME')}: stop Zenora and copy that file (with var/journal_key) instead."
            )
        return cls(
            name=str(config["NAME"]),
            user=config.get("USER") or "",
            password=config.get("PASSWORD") or "",
            host=config.get("HOST") or "",
            port=str(config.get("PORT") or ""),
        )

    def env(self) -> dict[str, str]:
        """libpq's variables, so no password ever appears on a command line."""
        values = {
            "PGDATABASE": self.name,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGHOST": self.host,
            "PGPORT": self.port,
        }
        return {**os.environ, **{k: v for k, v in values.items() if v}}

    def conninfo(self) -> dict[str, str]:
        keys = {
            "dbname": self.name,
            "user": self.user,
            "password": self.password,
            "host": self.host,
            "port": self.port,
        }
        return {k: v for k, v in keys.items() if v}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client tools (e.g. postgresql-client)."
        )
    return path


def journal_key_fingerprints(keys: list[str] | None = None) -> list[str]:
    return [fingerprint_of(key) for key in (settings.JOURNAL_KEYS if keys is None else keys) if key.strip()]


def applied_migrations(alias: str = "default") -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_create(*, output_dir: Path, now: datetime.datetime | None = None) -> Path:
    """Dump the default database into a new folder under ``output_dir``; returns the folder."""
    database = Database.from_settings(settings.DATABASES["default"])
    now = now or datetime.datetime.now(datetime.UTC)
    folder = Path(output_dir) / f"zenora-{now:%Y%m%dT%H%M%SZ}"
    folder.mkdir(parents=True, exist_ok=False)
    folder.chmod(0o700)
    dump = folder / DUMP
    result = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-password", f"--file={dump}"],
        env=database.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "zenora_version": __version__,
        "created_at": now.isoformat(),
        "database": {"name": database.name, "server_version": server_version},
        "migrations": applied_migrations(),
        # Fingerprints only (the same ones stored beside every wrapped data key): enough to
        # tell at restore time whether these JOURNAL_KEYS can open the backup's journals.
        "journal_keys": journal_key_fingerprints(),
        "dump": {"file": DUMP, "bytes": dump.stat().st_size, "sha256": _sha256(dump)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return folder


def read_manifest(folder: Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{path} is missing: is this a folder `manage.py backup` made?") from error
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path} is not a Zenora backup manifest this version can read.")
    dump = Path(folder) / manifest["dump"]["file"]
    if not dump.exists() or _sha256(dump) != manifest["dump"]["sha256"]:
        raise BackupError(f"{dump} is missing or does not match its manifest (damaged or incomplete copy).")
    return manifest


def missing_journal_keys(manifest: dict[str, Any], keys: list[str] | None = None) -> list[str]:
    """Fingerprints of the backup's master keys that the current JOURNAL_KEYS lacks."""
    current = set(journal_key_fingerprints(keys))
    return [fingerprint for fingerprint in manifest.get("journal_keys", []) if fingerprint not in current]


def unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    """Migrations the backup had applied that this code does not have (a newer Zenora made it)."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]


def _table_count(database: Database) -> int:
    import psycopg

    with psycopg.connect(**database.conninfo()) as conn:
        return conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()[0]


def backup_restore(*, folder: Path, database: Database, ignore_key_mismatch: bool = False) -> list[str]:
    """Restore ``folder`` into ``database``, which must be empty. Returns warnings for the operator."""
    manifest = read_manifest(folder)
    warnings: list[str] = []
    missing = missing_journal_keys(manifest)
    if missing:
        message = (
            f"This backup's journals were wrapped by master key(s) {', '.join(missing)}, which JOURNAL_KEYS "
            "does not hold: its journals, check-in notes and goals would be unreadable."
        )
        if not ignore_key_mismatch:
            raise BackupError(
                message + " Set JOURNAL_KEYS as it was when the backup was made (a key of a later rotation "
                "first is fine), or pass --ignore-key-mismatch to restore anyway."
            )
        warnings.append(message)
    unknown = unknown_migrations(manifest)
    if unknown:
        raise BackupError(
            f"A newer Zenora made this backup (migrations {', '.join(unknown[:5])} are unknown here): "
            f"restore it with Zenora {manifest.get('zenora_version')} or later."
        )
    if _table_count(database) != 0:
        raise BackupError(
            f"Database {database.name!r} is not empty. Restore into a fresh database "
            f"(e.g. `createdb {database.name}_restored`), then point DATABASE_URL at it."
        )
    result = subprocess.run(
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         "--no-password", f"--dbname={database.name}", str(Path(folder) / manifest["dump"]["file"])],
        env=database.env(),
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed (nothing was restored): {result.stderr.strip()}")
    if manifest.get("zenora_version") != __version__:
        warnings.append(
            f"The backup was made by Zenora {manifest.get('zenora_version')}; this is {__version__}: "
            "run `manage.py migrate` before starting Zenora."
        )
    return warnings
