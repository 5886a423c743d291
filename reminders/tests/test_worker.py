"""End to end with a real Celery worker on the real Redis broker: delivery, no duplicates, skips."""

import datetime
import threading
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.models import Delivery, Notification
from reminders.models import Reminder
from reminders.services import preferences_save, reminders_tick
from reminders.tasks import deliver
from reminders.tests.celery_harness import due_reminder, emails_in, wait_for, wait_until_idle
from wellbeing.dates import local_today
from wellbeing.tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db(transaction=True)


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
    wait_until_idle()  # every repeated task has run: any duplicate would be in the outbox now
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
