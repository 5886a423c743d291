from typing import Any

from django.db.models import QuerySet

from notifications.models import Notification, NotificationSettings
from notifications.registry import notification_kind, notification_kinds


def unread_notification_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor")


def notification_settings_for(user) -> NotificationSettings:
    """The person's settings, or unsaved defaults when they never changed them."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def email_wanted(settings_: NotificationSettings, kind_key: str) -> bool:
    """Does this person want this kind by email at all (now or in a digest)?"""
    if settings_.email_mode == NotificationSettings.EmailMode.OFF:
        return False
    try:
        default = notification_kind(kind_key).email_default
    except LookupError:
        return False
    return bool(settings_.email_kinds.get(kind_key, default))


def email_kind_choices(settings_: NotificationSettings) -> list[dict[str, Any]]:
    return [
        {"kind": kind, "enabled": bool(settings_.email_kinds.get(kind.key, kind.email_default))}
        for kind in notification_kinds()
    ]


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
