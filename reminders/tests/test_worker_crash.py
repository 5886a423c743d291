"""A worker killed in the middle of a delivery: exactly one email. In a module of its own, so
no other worker shares its queue."""

import os
import signal

import pytest

from accounts.tests.factories import UserFactory
from notifications.models import Delivery
from reminders.services import reminders_tick
from reminders.tests.celery_harness import celery_worker, due_reminder, emails_in, wait_for, wait_until_idle

pytestmark = pytest.mark.django_db(transaction=True)


def test_worker_killed_during_a_send_leads_to_exactly_one_email(broker, worker_env, outbox, tmp_path):
    """SIGKILL the pool process while it holds the delivery row, before SMTP: the worker
    rejects the task (task_reject_on_worker_lost), another process runs it, one email goes."""
    markers = tmp_path / "markers"
    markers.mkdir()
    env = {
        **worker_env,
        "ZENORA_FAULT_PAUSE_DIR": str(markers),
        "ZENORA_FAULT_PAUSE_SECONDS": "2",
    }
    person = UserFactory()
    due_reminder(person)
    with celery_worker(env, tmp_path / "worker.log") as process:
        reminders_tick()
        first = wait_for(lambda: sorted(markers.glob("send-*")), message="the send to begin")[0]
        victim = int(first.name.removeprefix("send-"))
        assert victim != process.pid  # a pool process, not the worker itself
        os.kill(victim, signal.SIGKILL)
        wait_for(lambda: len(emails_in(outbox)) >= 1, timeout=30, message="the email after the crash")
        wait_until_idle()  # the redelivered copy has run; a second send would show now
        log = (tmp_path / "worker.log").read_text()
    assert len(emails_in(outbox)) == 1
    delivery = Delivery.objects.get(user=person, channel="email")
    assert (delivery.status, delivery.attempts) == ("sent", 1)  # the killed attempt left no trace
    assert len(list(markers.glob("send-*"))) == 2  # it was tried twice, in two processes
    assert "WorkerLostError" in log or "SIGKILL" in log
