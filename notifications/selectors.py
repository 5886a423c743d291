import datetime
from typing import Any

from django.db.models import QuerySet

from notifications.models import Delivery, Notification, NotificationSettings
from notifications.registry import centre_email_kinds, notification_kind


def unread_notification_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor")


def notification_settings_for(user) -> NotificationSettings:
    """The person's settings, or unsaved defaults when they never changed them."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def email_wanted(settings_: NotificationSettings, kind_key: str) -> bool:
    """Does this person want this kind emailed by the centre at all (now or in a digest)?

    Never for a kind its sender emails itself (``centre_email=False``), whatever an older
    setting saved for it says.
    """
    if settings_.email_mode == NotificationSettings.EmailMode.OFF:
        return False
    try:
        kind = notification_kind(kind_key)
    except LookupError:
        return False
    if not kind.centre_email:
        return False
    return bool(settings_.email_kinds.get(kind_key, kind.email_default))


def email_kind_choices(settings_: NotificationSettings) -> list[dict[str, Any]]:
    return [
        {"kind": kind, "enabled": bool(settings_.email_kinds.get(kind.key, kind.email_default))}
        for kind in centre_email_kinds()
    ]


def digest_readers_due(
    *, now: datetime.datetime, interval: datetime.timedelta
) -> QuerySet[NotificationSettings]:
    """Digest readers whose last digest is at least ``interval`` old (or who never had one)."""
    return (
        NotificationSettings.objects.filter(email_mode=NotificationSettings.EmailMode.DIGEST)
        .exclude(digest_sent_at__gt=now - interval)
        .order_by("user_id")
    )


def deliveries_for(user) -> QuerySet[Delivery]:
    """The person's outbox, newest first: every email, and the decisions recorded beside them."""
    return Delivery.objects.filter(user=user)


def delivery_decided(dedupe_keys: list[str]) -> bool:
    """Was any of these already recorded (sent, queued or skipped)? Then it is not sent again."""
    return Delivery.objects.filter(dedupe_key__in=dedupe_keys).exists()


def notifications_export(user) -> list[dict[str, Any]]:
    return [
        {
            "kind": n.kind,
            "title": n.title,
            "url": n.url,
            "created_at": n.created_at.isoformat(),
            "read_at": n.read_at.isoformat() if n.read_at else None,
        }
        for n in Notification.objects.filter(recipient=user).order_by("created_at")
    ]
