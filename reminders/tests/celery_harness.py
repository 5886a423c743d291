"""A real Celery worker (a subprocess) on the real Redis broker, for the end-to-end tests.

The worker uses the test database, writes email to a folder through Django's file backend,
and keeps its Redis keys (queue and cache) under a prefix of its own, beside the suite's, so
the tasks the other tests enqueued without a worker never reach it. Rows are committed (transactional tests) so the worker sees them. Each test module
gets its own worker, stopped when the module ends.
"""

import contextlib
import datetime
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery import app as celery_app
from reminders.models import Reminder
from reminders.services import reminder_save

ROOT = Path(__file__).resolve().parents[2]
CELERY = ROOT / ".venv" / "bin" / "celery"


# The suite's own prefix (settings_test) with "-worker": never the same keys as the suite.
WORKER_KEY_PREFIX = os.environ.get("REDIS_KEY_PREFIX", "test") + "-worker"
BROKER_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def _database_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db.get('USER') or 'postgres'}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def wait_for(predicate: Callable[[], object], *, timeout: float = 20, message: str = "") -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(message or "condition not met in time")


def wait_until_idle(*, timeout: float = 30) -> None:
    """Every task sent so far has finished: nothing waits in the queue, and the worker holds
    nothing reserved, running or scheduled for a retry. Asked twice in a row, because a task
    that just ended may have enqueued its follow-up a moment before."""
    import redis

    client = redis.Redis.from_url(BROKER_URL)

    def queued() -> int:
        keys = client.scan_iter(match=f"{WORKER_KEY_PREFIX}:celery:celery*", count=100)
        return sum(client.llen(key) for key in keys if client.type(key) == b"list")

    def idle_once() -> bool:
        if queued():
            return False
        inspect = celery_app.control.inspect(timeout=1)
        replies = [inspect.active(), inspect.reserved(), inspect.scheduled()]
        return all(reply is not None and not any(reply.values()) for reply in replies)

    wait_for(lambda: idle_once() and idle_once(), timeout=timeout, message="the worker to finish every task")


def emails_in(outbox: Path) -> list[EmailMessage]:
    messages = []
    for path in sorted(outbox.glob("*.log")):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.strip() + b"\n", policy=policy.default))
    return messages


@contextlib.contextmanager
def celery_worker(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen]:
    """A prefork worker with two processes; stopped (its whole process group) on exit."""
    name = f"reminders-test-{uuid.uuid4().hex[:8]}@%h"
    command = [str(CELERY), "-A", "config", "worker", "-P", "prefork", "-c", "2", "-n", name,
               "--without-mingle", "--without-gossip", "-l", "info"]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_for(
            lambda: process.poll() is not None or b" ready." in log_path.read_bytes(),
            timeout=40,
            message="the worker did not start",
        )
        assert process.poll() is None, log_path.read_text()[-3000:]
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _delete_keys(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"{prefix}:*", count=500):
        client.unlink(key)


def _use_producer(*, url: str, key_prefix: str) -> None:
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "global_keyprefix": f"{key_prefix}:celery:",
    }
    # The producer pool was built for the previous broker; drop it so the next send builds anew.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def publishing_to(url: str) -> Iterator[str]:
    """Point this process's producer at the worker's keys (emptied first), and back afterwards."""
    previous_url, previous_options = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    _delete_keys(url, WORKER_KEY_PREFIX)
    _use_producer(url=url, key_prefix=WORKER_KEY_PREFIX)
    try:
        yield url
    finally:
        celery_app.conf.broker_url = previous_url
        celery_app.conf.broker_transport_options = previous_options
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        _delete_keys(url, WORKER_KEY_PREFIX)


@pytest.fixture(scope="module")
def broker(django_db_setup):
    with publishing_to(BROKER_URL) as url:
        yield url


@pytest.fixture(scope="module")
def worker_env(broker, tmp_path_factory) -> dict[str, str]:
    outbox = tmp_path_factory.mktemp("worker-outbox")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
        "REDIS_KEY_PREFIX": WORKER_KEY_PREFIX,
        "EMAIL_URL": f"filemail:///{outbox}",
        "SITE_URL": "http://testserver",
        "LOG_LEVEL": "WARNING",
        "OUTBOX": str(outbox),
    }


@pytest.fixture(scope="module")
def worker(worker_env, tmp_path_factory):
    log = tmp_path_factory.mktemp("worker-log") / "worker.log"
    with celery_worker(worker_env, log) as process:
        yield process


@pytest.fixture
def outbox(worker_env) -> Path:
    path = Path(worker_env["OUTBOX"])
    for old in path.glob("*.log"):
        old.unlink()
    return path


def due_reminder(user) -> Reminder:
    """A reminder whose slot was a minute ago: due now, well within the catch-up window."""
    now = timezone.now()
    slot = (now - datetime.timedelta(minutes=1)).astimezone(datetime.UTC)
    user.time_zone = "UTC"
    user.save(update_fields=["time_zone"])
    return reminder_save(
        user=user,
        kind=Reminder.Kind.CHECKIN,
        enabled=True,
        weekdays=list(range(7)),
        times=[slot.strftime("%H:%M")],
        in_app=True,
        email=True,
        now=now - datetime.timedelta(minutes=10),
    )
