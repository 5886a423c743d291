"""Housekeeping of the notification centre: read notifications do not stay forever."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone


def notifications_purge_read(*, older_than_days: int, now: datetime.datetime | None = None) -> int:
    """Delete notifications read and created more than ``older_than_days`` ago; unread ones stay."""
    from notifications.models import Notification

    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    deleted, _ = Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()
    return deleted


@shared_task(name="notifications.purge_read")
def purge_read() -> int:
    return notifications_purge_read(older_than_days=settings.NOTIFICATIONS_READ_RETENTION_DAYS)
