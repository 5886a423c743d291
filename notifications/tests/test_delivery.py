"""The outbox: headers, parts, exactly once, retries, failures, the sweep and unsubscribing."""

import datetime
import socket

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.test import override_settings

from accounts.tests.factories import UserFactory
from notifications.delivery import (
    MAX_ATTEMPTS,
    deliver_email,
    delivery_record,
    register_unsubscribe_kind,
    requeue_stale_emails,
    retry_delay,
    send_email_delivery,
    unsubscribe_token,
    unsubscribe_with_token,
)
from notifications.models import Delivery
from notifications.selectors import delivery_decided, email_wanted, notification_settings_for

pytestmark = pytest.mark.django_db

KIND = "tests.outbox"
switched_off: list[int] = []
register_unsubscribe_kind(
    KIND,
    label="test emails",
    handler=lambda user: switched_off.append(user.pk),
    manage=("notifications:list", "Your test page"),
)


@pytest.fixture
def person(db):
    switched_off.clear()
    return UserFactory(email="robin@clinic.example")


def _email(user, key: str = "test:1", kind: str = KIND) -> Delivery:
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
    assert url.startswith(f"{settings.SITE_URL}/notifications/unsubscribe/")
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


def test_email_sweep_has_its_own_beat_entry(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notifications.requeue_stale_emails"]
    assert entry["task"] == "notifications.requeue_stale_emails"
    assert entry["schedule"] <= 60


def test_unsubscribe_link_works_once_and_only_as_signed(person, client):
    delivery = _email(person)
    token = unsubscribe_token(delivery)
    tampered = f"{delivery.pk + 1}:{token.split(':', 1)[1]}"
    assert client.post(f"/notifications/unsubscribe/{tampered}/").status_code == 400
    assert client.get(f"/notifications/unsubscribe/{token}x/").status_code == 400
    preview = client.get(f"/notifications/unsubscribe/{token}/")
    assert preview.status_code == 200 and b"Stop these emails?" in preview.content
    assert switched_off == []  # looking is not unsubscribing (link scanners)
    done = client.post(f"/notifications/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and b"unsubscribed" in done.content and b"test emails" in done.content
    assert switched_off == [person.pk]
    again = client.post(f"/notifications/unsubscribe/{token}/")
    assert b"Already unsubscribed" in again.content
    assert unsubscribe_with_token(token=token).status == "used"
    assert switched_off == [person.pk]


def test_unsubscribe_page_links_to_where_the_kind_is_managed(person, client):
    token = unsubscribe_token(_email(person))
    client.force_login(person)
    page = client.post(f"/notifications/unsubscribe/{token}/").content.decode()
    assert 'href="/notifications/">Your test page</a>' in page
    assert 'href="/notifications/settings/"' in page


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


def test_decisions_without_email_are_recorded_beside_the_emails(person):
    delivery_record(
        user=person, kind=KIND, channel="none", dedupe_key="slot", status="skipped", reason="late"
    )
    assert delivery_decided(["slot", "other"]) and not delivery_decided(["other"])
    shown = delivery_record(user=person, kind=KIND, channel="in_app", dedupe_key="slot:in_app", status="sent")
    assert shown.sent_at is not None
    with pytest.raises(ValueError, match="deliver_email"):
        delivery_record(user=person, kind=KIND, channel="email", dedupe_key="x", status="pending")


def test_email_queued_under_the_old_task_name_is_still_sent_once(person):
    """Messages queued as ``reminders.send_email`` before an upgrade: the name still runs the send."""
    from config.celery import app

    delivery = _email(person)
    assert "notifications.send_delivery" in app.tasks
    assert app.tasks["reminders.send_email"].apply(args=(delivery.pk,)).get() == "sent"
    assert app.tasks["reminders.send_email"].apply(args=(delivery.pk,)).get() == "gone"
    assert len(mail.outbox) == 1


def test_new_emails_are_queued_under_the_notifications_name(person, django_capture_on_commit_callbacks):
    from unittest import mock

    with (
        mock.patch("notifications.tasks.send_delivery.apply_async") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        delivery = _email(person)
    queued.assert_called_once_with((delivery.pk,), countdown=0)
    from notifications.tasks import send_delivery

    assert send_delivery.name == "notifications.send_delivery"
