"""Housekeeping of the email outbox: what an old email said does not stay in the database.

``deliveries_blank_old`` is the whole of it, so it can move with the ``Delivery`` model."""

import datetime

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone


def deliveries_blank_old(*, older_than_days: int, now: datetime.datetime | None = None) -> int:
    """Blank the subject and text of emails settled more than ``older_than_days`` ago.

    The row stays (it is the exactly-once ledger and holds the unsubscribe link's state); only
    what the email said goes. Emails still waiting to be sent keep their text. Returns rows blanked."""
    from reminders.models import Delivery

    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    return (
        Delivery.objects.filter(created_at__lt=cutoff)
        .exclude(status=Delivery.Status.PENDING)
        .filter(~Q(subject="") | ~Q(text="") | ~Q(html=""))
        .update(subject="", text="", html="")
    )


@shared_task(name="reminders.blank_old_emails")
def blank_old_emails() -> int:
    return deliveries_blank_old(older_than_days=settings.EMAIL_CONTENT_RETENTION_DAYS)
