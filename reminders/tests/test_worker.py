"""End to end with a real Celery worker (a subprocess) on the real Redis broker.

The worker uses the test database, writes email to a folder through Django's file backend,
and listens on a Redis database of its own so that the suite's cache clearing never touches
its queue. Rows are committed (transactional tests) so the worker sees them.
"""

import contextlib
import datetime
import os
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.models import Notification
from reminders.models import Delivery, Reminder
from reminders.services import preferences_save, reminders_tick
from reminders.tasks import deliver
from reminders.tests.conftest import make_reminder
from wellbeing.dates import local_today
from wellbeing.tests.factories import CheckInFactory
from zenora.celery import app as celery_app

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
CELERY = ROOT / ".venv" / "bin" / "celery"


def _broker_url() -> str:
    base, _, db = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rpartition("/")
    return f"{base}/{9 if db == '8' else 8}"


BROKER_URL = _broker_url()


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
    command = [str(CELERY), "-A", "zenora", "worker", "-P", "prefork", "-c", "2", "-n", name,
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


@pytest.fixture(scope="module")
def broker(django_db_setup):
    """Point this process's producer at the worker's broker, with an empty queue."""
    import redis

    redis.Redis.from_url(BROKER_URL).flushdb()
    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = BROKER_URL
    # The producer pool was built for the previous URL; drop it so the next send builds anew.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield BROKER_URL
    celery_app.conf.broker_url = previous
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(scope="module")
def worker_env(broker, tmp_path_factory) -> dict[str, str]:
    outbox = tmp_path_factory.mktemp("worker-outbox")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zenora.settings_test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
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


def due_reminder(user, **kwargs) -> Reminder:
    """A reminder whose slot was a minute ago: due now, well within the catch-up window."""
    now = timezone.now()
    slot = (now - datetime.timedelta(minutes=1)).astimezone(datetime.UTC)
    user.time_zone = "UTC"
    user.save(update_fields=["time_zone"])
    return make_reminder(
        user, times=[slot.strftime("%H:%M")], now=now - datetime.timedelta(minutes=10), **kwargs
    )


def test_worker_delivers_due_reminders(worker, outbox):
    people = [UserFactory() for _ in range(3)]
    for person in people:
        due_reminder(person)
    assert reminders_tick() == 3
    wait_for(lambda: len(emails_in(outbox)) == 3, message="three emails")
    messages = emails_in(outbox)
    assert sorted(str(m["To"]) for m in messages) == sorted(p.email for p in people)
    assert all(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in messages)
    assert {m.get_content_type() for m in messages} == {"multipart/alternative"}
    assert Notification.objects.filter(kind="reminders.checkin").count() == 3
    wait_for(lambda: Delivery.objects.filter(channel="email", status="sent").count() == 3)
    assert not Reminder.objects.filter(next_due_at__lte=timezone.now()).exists()


def test_worker_concurrent_ticks_and_repeated_tasks_do_not_duplicate(worker, outbox):
    people = [UserFactory() for _ in range(20)]
    reminders = [due_reminder(person) for person in people]
    counts: list[int] = []
    start = threading.Barrier(2)

    def tick() -> None:
        start.wait()
        try:
            counts.append(reminders_tick())
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 20
    # A restarted beat or a redelivered message sends the same task again: still one email each.
    for reminder in reminders[:5]:
        deliver.delay(reminder.pk, reminder.next_due_at.isoformat())
        deliver.delay(reminder.pk, reminder.next_due_at.isoformat())
    wait_for(lambda: Delivery.objects.filter(channel="email", status="sent").count() == 20, message="20 sent")
    time.sleep(1.5)  # time for any duplicate to surface
    recipients = [str(m["To"]) for m in emails_in(outbox)]
    assert sorted(recipients) == sorted(p.email for p in people)
    assert Notification.objects.count() == 20


def test_worker_skips_when_already_checked_in_or_in_quiet_hours(worker, outbox):
    checked_in, quiet, plain = UserFactory(), UserFactory(), UserFactory()
    for person in (checked_in, quiet, plain):
        due_reminder(person)
    CheckInFactory(user=checked_in, day=local_today(checked_in))
    now = timezone.now()
    preferences_save(
        user=quiet,
        quiet_start=(now - datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0),
        quiet_end=(now + datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0),
    )
    reminders_tick()
    wait_for(lambda: Delivery.objects.filter(status="skipped").count() == 2, message="two skipped")
    wait_for(lambda: len(emails_in(outbox)) == 1, message="one email")
    assert dict(Delivery.objects.filter(status="skipped").values_list("user__email", "reason")) == {
        checked_in.email: "checked_in",
        quiet.email: "quiet_hours",
    }
    assert [str(m["To"]) for m in emails_in(outbox)] == [plain.email]
    assert list(Notification.objects.values_list("recipient__email", flat=True)) == [plain.email]


def test_worker_unsubscribe_link_from_the_email_works_once_and_is_tamper_proof(worker, outbox, client):
    person = UserFactory()
    reminder = due_reminder(person)
    reminders_tick()
    message = wait_for(lambda: emails_in(outbox), message="the email")[0]
    link = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert link in message.get_body(preferencelist=("plain",)).get_content()
    path = urlsplit(link).path
    assert client.post(path.replace("/unsubscribe/", "/unsubscribe/9")).status_code == 400
    first = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert first.status_code == 200 and b"unsubscribed" in first.content
    second = client.post(path)
    assert b"Already unsubscribed" in second.content
    reminder.refresh_from_db()
    assert (reminder.email, reminder.in_app) == (False, True)


def test_worker_killed_during_a_send_leads_to_exactly_one_email(broker, worker_env, outbox, tmp_path):
    """SIGKILL the pool process while it holds the delivery row, before SMTP: the worker
    rejects the task (task_reject_on_worker_lost), another process runs it, one email goes."""
    markers = tmp_path / "markers"
    markers.mkdir()
    env = {**worker_env, "ZENORA_FAULT_PAUSE_DIR": str(markers), "ZENORA_FAULT_PAUSE_SECONDS": "2"}
    person = UserFactory()
    due_reminder(person)
    with celery_worker(env, tmp_path / "worker.log") as process:
        reminders_tick()
        first = wait_for(lambda: sorted(markers.glob("send-*")), message="the send to begin")[0]
        victim = int(first.name.removeprefix("send-"))
        assert victim != process.pid  # a pool process, not the worker itself
        os.kill(victim, signal.SIGKILL)
        wait_for(lambda: len(emails_in(outbox)) >= 1, timeout=30, message="the email after the crash")
        time.sleep(2.5)  # the longest a second copy could still take
        log = (tmp_path / "worker.log").read_text()
    assert len(emails_in(outbox)) == 1
    delivery = Delivery.objects.get(user=person, channel="email")
    assert (delivery.status, delivery.attempts) == ("sent", 1)  # the killed attempt left no trace
    assert len(list(markers.glob("send-*"))) == 2  # it was tried twice, in two processes
    assert "WorkerLostError" in log or "SIGKILL" in log
