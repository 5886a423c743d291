"""The shared email path: headers, parts, exactly once, retries, failures and unsubscribing."""

import datetime
import socket

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from notifications.delivery import (
    MAX_ATTEMPTS,
    deliver_email,
    requeue_stale_emails,
    retry_delay,
    send_email_delivery,
    unsubscribe_token,
    unsubscribe_with_token,
)
from notifications.selectors import email_wanted, notification_settings_for
from reminders.models import Delivery, Reminder
from reminders.tests.conftest import at, make_reminder

pytestmark = pytest.mark.django_db


def _email(user, key: str = "test:1", kind: str = "reminders.checkin") -> Delivery:
    return deliver_email(
        user=user,
        kind=kind,
        subject="[Zenora] Time for your check-in",
        text="A gentle nudge.",
        html="<p>A gentle nudge.</p>",
        dedupe_key=key,
        unsubscribe_kind=kind,
    )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_email_has_text_html_and_one_click_unsubscribe_headers(person):
    delivery = _email(person)
    assert send_email_delivery(delivery_id=delivery.pk).outcome == "sent"
    [message] = mail.outbox
    assert message.to == ["robin@clinic.example"]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http") and "/reminders/unsubscribe/" in url
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and url.replace("&", "&amp;") in html
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)


def test_email_same_key_is_recorded_once_and_sent_once(person):
    first = _email(person)
    assert _email(person) is None
    send_email_delivery(delivery_id=first.pk)
    assert send_email_delivery(delivery_id=first.pk).outcome == "gone"
    assert len(mail.outbox) == 1


def test_email_smtp_failure_retries_with_backoff_then_fails_visibly(person, settings):
    delivery = _email(person)
    port = _closed_port()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_TIMEOUT=2,
    ):
        results = [send_email_delivery(delivery_id=delivery.pk) for _ in range(MAX_ATTEMPTS)]
    assert [r.outcome for r in results] == ["retry"] * (MAX_ATTEMPTS - 1) + ["failed"]
    assert [r.retry_in for r in results[:3]] == [60, 120, 240]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "failed",
        MAX_ATTEMPTS,
        "ConnectionRefusedError",
    )
    assert send_email_delivery(delivery_id=delivery.pk).outcome == "gone"  # no endless loop
    assert mail.outbox == []


def test_email_retry_never_waits_past_the_visibility_timeout(settings):
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    assert all(retry_delay(n) < visibility for n in range(1, 30))


def test_email_lost_task_is_sent_again_by_the_sweep_and_late_ones_dropped(
    person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        fresh = _email(person, key="fresh")
        old = _email(person, key="old")
    now = fresh.created_at + datetime.timedelta(minutes=10)
    Delivery.objects.filter(pk=old.pk).update(due_at=now - datetime.timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert requeue_stale_emails(now=now) == 1
    assert len(callbacks) == 1
    old.refresh_from_db()
    assert (old.status, old.reason) == ("skipped", "late")


def test_unsubscribe_link_works_once_and_only_as_signed(person, client):
    reminder = make_reminder(person, now=at(2026, 6, 1, 10))
    delivery = _email(person)
    token = unsubscribe_token(delivery)
    tampered = f"{delivery.pk + 1}:{token.split(':', 1)[1]}"
    assert client.post(f"/reminders/unsubscribe/{tampered}/").status_code == 400
    assert client.get(f"/reminders/unsubscribe/{token}x/").status_code == 400
    preview = client.get(f"/reminders/unsubscribe/{token}/")
    assert preview.status_code == 200 and b"Stop these emails?" in preview.content
    reminder.refresh_from_db()
    assert reminder.email is True  # looking is not unsubscribing (link scanners)
    done = client.post(f"/reminders/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b"unsubscribed" in done.content
    reminder.refresh_from_db()
    assert (reminder.email, reminder.in_app, reminder.enabled) == (False, True, True)
    again = client.post(f"/reminders/unsubscribe/{token}/")
    assert b"Already unsubscribed" in again.content
    assert unsubscribe_with_token(token=token).status == "used"


def test_unsubscribe_with_email_as_only_channel_switches_the_reminder_off(person):
    reminder = make_reminder(person, kind=Reminder.Kind.WEEKLY_SUMMARY, in_app=False, now=at(2026, 6, 1, 10))
    delivery = _email(person, kind="reminders.weekly_summary")
    assert unsubscribe_with_token(token=unsubscribe_token(delivery)).status == "done"
    reminder.refresh_from_db()
    assert (reminder.enabled, reminder.next_due_at) == (False, None)


def test_unsubscribe_a_notification_kind_turns_off_that_kind_only(person):
    with transaction.atomic():
        delivery = _email(person, kind="communities.reply")
    prefs = notification_settings_for(person)
    assert email_wanted(prefs, "communities.reply")
    assert unsubscribe_with_token(token=unsubscribe_token(delivery)).status == "done"
    prefs = notification_settings_for(person)
    assert not email_wanted(prefs, "communities.reply")
    assert email_wanted(prefs, "communities.mention")


def test_email_without_an_address_is_recorded_as_skipped(person):
    person.email = ""
    delivery = _email(person)
    assert (delivery.status, delivery.reason) == ("skipped", "no_address")
