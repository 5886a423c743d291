"""Kinds of notification: each app registers its own, so the centre grows without knowing the apps.

A kind has a key (``<app>.<event>``), a label shown in preferences, and whether email is on
by default. Register from ``AppConfig.ready``.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str
    description: str = ""
    email_default: bool = True


_kinds: dict[str, NotificationKind] = {}


def register_notification_kind(
    key: str, *, label: str, description: str = "", email_default: bool = True
) -> NotificationKind:
    kind = NotificationKind(key=key, label=label, description=description, email_default=email_default)
    _kinds[key] = kind
    return kind


def notification_kind(key: str) -> NotificationKind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"Unknown notification kind {key!r}; register it first.") from None


def notification_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)
