from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communities.tests.factories import UserFactory
from notifications.context_processors import unread_notifications
from notifications.delivery import send_email_delivery
from notifications.models import Delivery, Notification, NotificationSettings
from notifications.registry import notification_kind, register_notification_kind
from notifications.selectors import email_wanted, notification_settings_for, unread_notification_count
from notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_settings_update,
    notify,
)
from notifications.tasks import send_digest_for, send_digests, send_notification_email

pytestmark = pytest.mark.django_db

KIND = "communities.reply"


def send_recorded_emails() -> None:
    """What the notifications.send_delivery task does for each email the tasks recorded."""
    for delivery in Delivery.objects.filter(status=Delivery.Status.PENDING):
        send_email_delivery(delivery_id=delivery.pk)


def test_notify_writes_in_app_now_and_enqueues_email_after_commit(django_capture_on_commit_callbacks):
    recipient, actor = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        notification = notify(
            recipient=recipient, actor=actor, kind=KIND, title="Sam replied", url="/groups/"
        )
    assert Notification.objects.get() == notification
    assert len(callbacks) == 1
    assert unread_notification_count(recipient) == 1


def test_notify_skips_the_actor_and_refuses_unknown_kinds():
    person = UserFactory()
    assert notify(recipient=person, actor=person, kind=KIND, title="me") is None
    with pytest.raises(LookupError):
        notify(recipient=person, kind="nobody.registered.this", title="x")
    assert not Notification.objects.exists()


def test_notify_enqueues_no_email_when_the_kind_is_switched_off(django_capture_on_commit_callbacks):
    recipient = UserFactory()
    notification_settings_update(user=recipient, email_mode="immediate", email_kinds={KIND: False})
    with django_capture_on_commit_callbacks() as callbacks:
        notify(recipient=recipient, kind=KIND, title="quiet")
    assert callbacks == []


def test_send_notification_email_sends_once_with_a_link_and_no_more():
    recipient = UserFactory()
    notification = notify(
        recipient=recipient, kind=KIND, title="Sam replied in “Hard week”", url="/groups/x/"
    )
    assert send_notification_email(notification.pk) is True
    assert send_notification_email(notification.pk) is False
    send_recorded_emails()
    send_recorded_emails()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [recipient.email]
    assert "Sam replied" in mail.outbox[0].subject
    assert "/groups/x/" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/groups/x/" in mail.outbox[0].alternatives[0][0]


def test_digest_collects_unread_events_into_one_email_a_day():
    recipient = UserFactory()
    notification_settings_update(user=recipient, email_mode="digest", email_kinds={})
    for n in range(3):
        notify(recipient=recipient, kind=KIND, title=f"Event {n}", url=f"/groups/{n}/")
    read = notify(recipient=recipient, kind=KIND, title="Already seen")
    notification_mark_read(user=recipient, notification=read)

    assert (
        send_notification_email(Notification.objects.first().pk) is False
    )  # digest readers get no single emails
    assert send_digests() == 1
    assert send_digests() == 0  # not twice a day
    send_recorded_emails()

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "3 new notifications" in mail.outbox[0].subject
    assert all(f"Event {n}" in body for n in range(3)) and "Already seen" not in body
    NotificationSettings.objects.filter(user=recipient).update(
        digest_sent_at=timezone.now() - timedelta(days=2)
    )
    assert send_digest_for(recipient.pk) is False  # nothing new since


def test_mark_read_and_mark_all_read_only_touch_the_recipients_notifications():
    alice, bob = UserFactory(), UserFactory()
    mine = notify(recipient=alice, kind=KIND, title="a1")
    notify(recipient=alice, kind=KIND, title="a2")
    notify(recipient=bob, kind=KIND, title="b1")
    with pytest.raises(PermissionError):
        notification_mark_read(user=bob, notification=mine)
    assert notification_mark_all_read(user=alice) == 2
    assert unread_notification_count(alice) == 0
    assert unread_notification_count(bob) == 1


def test_notification_centre_lists_opens_and_marks_read(client):
    alice, bob = UserFactory(), UserFactory()
    notification = notify(recipient=alice, kind=KIND, title="Sam replied", url="/groups/")
    others = notify(recipient=bob, kind=KIND, title="Private to Bob")
    client.force_login(alice)

    page = client.get(reverse("notifications:list"))
    html = page.content.decode()
    assert "Sam replied" in html and "Private to Bob" not in html
    assert '<span class="nav-badge">1<span class="visually-hidden"> unread</span>' in html

    response = client.post(reverse("notifications:open", args=[notification.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == "/groups/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert client.post(reverse("notifications:open", args=[others.pk])).status_code == 404


def test_notification_open_never_redirects_off_site(client):
    alice = UserFactory()
    notification = notify(recipient=alice, kind=KIND, title="x", url="https://evil.example/")
    client.force_login(alice)
    response = client.post(reverse("notifications:open", args=[notification.pk]), {"open": "1"})
    assert response.url == reverse("notifications:list")


def test_notification_settings_page_saves_mode_and_kinds(client):
    alice = UserFactory()
    client.force_login(alice)
    assert client.get(reverse("notifications:settings")).status_code == 200
    response = client.post(reverse("notifications:settings"), {"email_mode": "digest", f"kind_{KIND}": "on"})
    assert response.status_code == 302
    prefs = NotificationSettings.objects.get(user=alice)
    assert prefs.email_mode == "digest"
    assert prefs.email_kinds[KIND] is True
    assert prefs.email_kinds["communities.mention"] is False
    assert client.post(reverse("notifications:settings"), {"email_mode": "sometimes"}).status_code == 422


def test_unread_count_context_processor_is_lazy_and_anonymous_safe(rf, django_assert_num_queries):
    alice = UserFactory()
    notify(recipient=alice, kind=KIND, title="x")
    request = rf.get("/")
    request.user = alice
    with django_assert_num_queries(0):
        context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert int(str(context["unread_notification_count"])) == 1
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert unread_notifications(request)["unread_notification_count"] == 0


def test_registry_lets_other_apps_add_kinds():
    kind = register_notification_kind("tests.example", label="An example", email_default=False)
    assert notification_kind("tests.example") == kind


def test_notification_centre_requires_sign_in():
    response = Client().get(reverse("notifications:list"))
    assert response.status_code == 302


def test_kinds_emailed_by_their_own_app_are_never_emailed_by_the_centre(client):
    """A kind registered with ``centre_email=False``: no switch, no single email, no digest line,
    even when an older setting says yes."""
    own = "tests.own_email"
    register_notification_kind(
        own, label="Own emails", description="Set on their own page.", centre_email=False
    )
    alice = UserFactory()
    notification_settings_update(user=alice, email_mode="immediate", email_kinds={own: True})
    assert not email_wanted(notification_settings_for(alice), own)
    notification = notify(recipient=alice, kind=own, title="Not by email")
    assert send_notification_email(notification.pk) is False

    notification_settings_update(user=alice, email_mode="digest", email_kinds={own: True})
    assert send_digest_for(alice.pk) is False
    send_recorded_emails()
    assert mail.outbox == []

    client.force_login(alice)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert f"kind_{own}" not in page and f"kind_{KIND}" in page
    assert "Own emails" in page and "Set on their own page." in page
