from django.db import transaction
from django.utils import timezone

from notifications.models import Notification, NotificationSettings
from notifications.registry import notification_kind
from notifications.selectors import email_wanted, notification_settings_for


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
