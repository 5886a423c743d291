"""Kinds of notification: each app registers its own, so the centre grows without knowing the apps.

A kind has a key (``<app>.<event>``), a label shown in preferences, and whether email is on
by default. Register from ``AppConfig.ready``.

A kind whose sender chooses its own emails (a reminder is emailed when the reminder's own email
channel is on) registers with ``centre_email=False``: the centre then never emails it, alone or
in a digest, and offers no switch for it, so one email decision has one place.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str
    description: str = ""
    email_default: bool = True
    centre_email: bool = True


_kinds: dict[str, NotificationKind] = {}


def register_notification_kind(
    key: str, *, label: str, description: str = "", email_default: bool = True, centre_email: bool = True
) -> NotificationKind:
    kind = NotificationKind(
        key=key,
        label=label,
        description=description,
        email_default=email_default and centre_email,
        centre_email=centre_email,
    )
    _kinds[key] = kind
    return kind


def notification_kind(key: str) -> NotificationKind:
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"Unknown notification kind {key!r}; register it first.") from None


def notification_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)


def centre_email_kinds() -> list[NotificationKind]:
    """The kinds the notification centre emails, each with its switch in the person's settings."""
    return [kind for kind in notification_kinds() if kind.centre_email]
