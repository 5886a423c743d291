from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.delivery import deliver_email
from notifications.models import Notification, NotificationSettings
from notifications.selectors import email_wanted, notification_settings_for

DIGEST_INTERVAL = timedelta(hours=23)
DIGEST_KIND = "notifications.digest"


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


@shared_task(name="notifications.send_email")
def send_notification_email(notification_id: int) -> bool:
    """Email one notification; idempotent: a notification is emailed at most once."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        prefs = notification_settings_for(notification.recipient)
        if prefs.email_mode != NotificationSettings.EmailMode.IMMEDIATE or not email_wanted(
            prefs, notification.kind
        ):
            return False
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        context = {"notification": notification, "link": _absolute(notification.url)}
        deliver_email(
            user=notification.recipient,
            kind=notification.kind,
            subject=f"[Zenora] {notification.title}",
            text=render_to_string("notifications/email_notification.txt", context),
            html=render_to_string("notifications/email_notification.html", context),
            dedupe_key=f"notifications.notification:{notification.pk}",
            unsubscribe_kind=notification.kind,
        )
    return True


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    """One email per digest reader with the unread events not emailed yet; at most one a day each."""
    now = timezone.now()
    sent = 0
    due = NotificationSettings.objects.filter(email_mode=NotificationSettings.EmailMode.DIGEST).exclude(
        digest_sent_at__gt=now - DIGEST_INTERVAL
    )
    for prefs in due.select_related("user"):
        sent += int(send_digest_for(prefs.user_id))
    return sent


@shared_task(name="notifications.send_digest")
def send_digest_for(user_id: int) -> bool:
    with transaction.atomic():
        prefs = (
            NotificationSettings.objects.select_for_update()
            .select_related("user")
            .filter(user_id=user_id)
            .first()
        )
        if prefs is None or prefs.email_mode != NotificationSettings.EmailMode.DIGEST:
            return False
        pending = [
            n
            for n in Notification.objects.filter(
                recipient_id=user_id, read_at__isnull=True, emailed_at__isnull=True
            )
            .order_by("created_at")
            .select_for_update()
            if email_wanted(prefs, n.kind)
        ]
        prefs.digest_sent_at = timezone.now()
        prefs.save(update_fields=["digest_sent_at"])
        if not pending:
            return False
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=prefs.digest_sent_at)
        context = {"items": [{"title": n.title, "link": _absolute(n.url)} for n in pending]}
        count = len(pending)
        deliver_email(
            user=prefs.user,
            kind=DIGEST_KIND,
            subject=f"[Zenora] Your daily digest: {count} new notification{'s' if count != 1 else ''}",
            text=render_to_string("notifications/email_digest.txt", context),
            html=render_to_string("notifications/email_digest.html", context),
            dedupe_key=f"{DIGEST_KIND}:{user_id}:{prefs.digest_sent_at:%Y-%m-%dT%H}",
            unsubscribe_kind=DIGEST_KIND,
        )
    return True
