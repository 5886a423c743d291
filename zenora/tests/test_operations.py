"""Operational limits: SMTP cannot hold a worker, tasks have time limits, housekeeping is scheduled."""

import logging
import socket
import threading
import time

import pytest
from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from config.celery import app as celery_app
from zenora.mail import LoggingEmailBackend


@pytest.fixture
def silent_smtp_server():
    """Accepts connections and never says a word, like a stuck SMTP server."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=2)
    for conn in accepted:
        conn.close()
    server.close()


def test_smtp_timeout_comes_from_settings_and_a_silent_server_fails_fast(silent_smtp_server, settings):
    settings.EMAIL_TIMEOUT = 1
    connection = get_connection(
        "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=silent_smtp_server
    )
    assert connection.timeout == 1
    started = time.monotonic()
    with pytest.raises((TimeoutError, OSError)):
        EmailMessage("s", "b", "a@zenora.example", ["b@zenora.example"], connection=connection).send()
    assert time.monotonic() - started < 5


def test_smtp_timeout_default_is_short():
    assert 0 < settings.EMAIL_TIMEOUT <= 30


def test_celery_tasks_have_soft_and_hard_time_limits():
    soft, hard = celery_app.conf.task_soft_time_limit, celery_app.conf.task_time_limit
    assert soft and hard and soft < hard


def test_housekeeping_is_scheduled_and_its_tasks_exist():
    celery_app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("zenora.clear_sessions", "notifications.purge_read", "notifications.blank_old_emails"):
        assert name in scheduled
        assert name in celery_app.tasks


def test_console_email_is_one_readable_log_record(caplog):
    message = EmailMessage("Confirm your email", "Open http://x/confirm/abc", to=["a@zenora.example"])
    with caplog.at_level(logging.INFO, logger="zenora.email"):
        assert LoggingEmailBackend().send_messages([message]) == 1
    (record,) = [r for r in caplog.records if r.name == "zenora.email"]
    assert record.getMessage() == "Email to a@zenora.example: Confirm your email"
    assert record.email_text == "Open http://x/confirm/abc"


def test_console_email_url_uses_the_logging_backend(monkeypatch):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "EMAIL_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={**env, "ZENORA_VAR_DIR": env.get("ZENORA_VAR_DIR", "var")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "zenora.mail.LoggingEmailBackend", result.stderr
