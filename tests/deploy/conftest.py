"""Helpers for the deployment tests: the compose file, and daphne with production's settings."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
# What the test run sets for itself; a deployment has none of them.
TEST_ONLY = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_POOL_SIZE",
    "CONN_MAX_AGE",
    "STATIC_MANIFEST",
    "EMAIL_URL",
}
# The documented configuration (.env.example, README "Production").
DOCUMENTED = {
    "DEBUG": "0",
    "SITE_URL": "https://zenora.example.org",
    "ALLOWED_HOSTS": "zenora.example.org",
    "SECRET_KEY": "a-long-and-varied-secret-key-for-the-deployment-tests-0123456789",
    "JOURNAL_KEYS": "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",  # 32 bytes in base64, as generate_journal_key prints
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def database_url() -> str:
    db = settings.DATABASES["default"]
    user, host, port = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def production_env(compose, transactional_db, tmp_path) -> dict[str, str]:
    """Production's settings module and the documented .env, on the test database and Redis
    keys (REDIS_KEY_PREFIX stays, so nothing leaks out of this run's namespace)."""
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    env.update(DOCUMENTED)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        TRUSTED_PROXY=compose["x-zenora"]["environment"]["TRUSTED_PROXY"],
        ZENORA_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        # The image has collected static files (the Dockerfile replay checks that); here the
        # pages read them from the work tree instead of a manifest.
        STATIC_MANIFEST="0",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    return env


def wait_for_port(process: subprocess.Popen, port: int, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited: {log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listened on {port} within {timeout}s")


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str], log: Path, port: int | None = None):
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            if port:
                wait_for_port(process, port, log)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def production_daphne(env: dict[str, str], log: Path):
    """Daphne as the image's CMD runs it (Dockerfile), on a free port instead of 8000."""
    port = free_port()
    command = [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"]
    with running(command, env, log, port) as process:
        yield process, port
