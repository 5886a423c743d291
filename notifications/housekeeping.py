"""Housekeeping of the notification centre and the email outbox: nothing is kept forever.

Read notifications are deleted after a while; an old email keeps its ledger row (the
exactly-once record and its unsubscribe state) but loses what it said."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone


def notifications_purge_read(*, older_than_days: int, now: datetime.datetime | None = None) -> int:
    """Delete notifications read and created more than ``older_than_days`` ago; unread ones stay."""
    from notifications.models import Notification

    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    deleted, _ = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()
    return deleted


def deliveries_blank_old(*, older_than_days: int, now: datetime.datetime | None = None) -> int:
    """Blank the subject and text of emails settled more than ``older_than_days`` ago.

    Emails still waiting to be sent keep their text. Returns the number of rows blanked."""
    from notifications.models import Delivery

    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    return (
        Delivery.objects.filter(created_at__lt=cutoff)
        .exclude(status=Delivery.Status.PENDING)
        .filter(~Q(subject="") | ~Q(text="") | ~Q(html=""))
        .update(subject="", text="", html="")
    )


@shared_task(name="notifications.purge_read")
def purge_read() -> int:
    return notifications_purge_read(older_than_days=settings.NOTIFICATIONS_READ_RETENTION_DAYS)


@shared_task(name="notifications.blank_old_emails")
def blank_old_emails() -> int:
    return deliveries_blank_old(older_than_days=settings.EMAIL_CONTENT_RETENTION_DAYS)
