"""Every write of the notification centre: notifications, their settings, and their emails.

The emails themselves go through the outbox (``notifications.delivery``); the functions here
decide which notifications are emailed, once each, alone or in a daily digest.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.delivery import deliver_email
from notifications.models import Notification, NotificationSettings
from notifications.registry import notification_kind
from notifications.selectors import digest_readers_due, email_wanted, notification_settings_for

DIGEST_INTERVAL = timedelta(hours=23)
DIGEST_KIND = "notifications.digest"


@transaction.atomic
def notify(*, recipient, kind: str, title: str, url: str = "", actor=None) -> Notification | None:
    """Write an in-app notification now; email it after commit if the person wants that.

    Nobody is notified of their own actions. ``title`` must never carry private text
    (journal, check-in, goals): it is shown in the centre and sent by email.
    """
    notification_kind(kind)  # an unregistered kind is a programming error, caught early
    if actor is not None and actor.pk == recipient.pk:
        return None
    notification = Notification.objects.create(
        recipient=recipient, actor=actor, kind=kind, title=title[:300], url=url[:500]
    )
    prefs = notification_settings_for(recipient)
    if prefs.email_mode == NotificationSettings.EmailMode.IMMEDIATE and email_wanted(prefs, kind):
        from notifications.tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
    return notification


@transaction.atomic
def notification_mark_read(*, user, notification: Notification) -> Notification:
    if notification.recipient_id != user.pk:
        raise PermissionError("Only the recipient can mark a notification read.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_settings_update(
    *, user, email_mode: str, email_kinds: dict[str, bool]
) -> NotificationSettings:
    prefs, _ = NotificationSettings.objects.get_or_create(user=user)
    prefs.email_mode = email_mode
    prefs.email_kinds = {key: bool(value) for key, value in email_kinds.items()}
    prefs.full_clean()
    prefs.save(update_fields=["email_mode", "email_kinds"])
    return prefs


@transaction.atomic
def digest_stop(user) -> NotificationSettings:
    """The digest's unsubscribe link: no more emails at all, until the person turns them on again."""
    prefs = notification_settings_for(user)
    prefs.email_mode = NotificationSettings.EmailMode.OFF
    prefs.save(update_fields=["email_mode"])
    return prefs


# --- emails of notifications ----------------------------------------------------------------


def _absolute(url: str) -> str:
    return url if url.startswith("http") else f"{settings.SITE_URL}{url}"


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification; idempotent: a notification is emailed at most once."""
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


def digests_send(*, now: datetime | None = None) -> int:
    """One email per digest reader with the unread events not emailed yet; at most one a day each."""
    now = now or timezone.now()
    due = digest_readers_due(now=now, interval=DIGEST_INTERVAL).values_list("user_id", flat=True)
    return sum(int(digest_send(user_id=user_id)) for user_id in due)


@transaction.atomic
def digest_send(*, user_id: int) -> bool:
    """Email one person's digest of what is unread and not emailed yet; each event goes once."""
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
