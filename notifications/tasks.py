"""Thin Celery adapters: ids in, call a service. Each is safe to run twice."""

from celery import shared_task

from notifications.delivery import requeue_stale_emails, send_email_delivery
from notifications.services import digest_send, digests_send, notification_email_send


@shared_task(name="notifications.send_email")
def send_notification_email(notification_id: int) -> bool:
    return notification_email_send(notification_id=notification_id)


@shared_task(name="notifications.send_digests")
def send_digests() -> int:
    return digests_send()


@shared_task(name="notifications.send_digest")
def send_digest_for(user_id: int) -> bool:
    return digest_send(user_id=user_id)


def _send_delivery(task, delivery_id: int) -> str:
    result = send_email_delivery(delivery_id=delivery_id)
    if result.outcome == "retry":
        # The attempt count lives on the delivery row, so Celery's own limit is not needed.
        raise task.retry(countdown=result.retry_in)
    return result.outcome


@shared_task(name="notifications.send_delivery", bind=True, max_retries=None)
def send_delivery(self, delivery_id: int) -> str:
    """Send one email of the outbox."""
    return _send_delivery(self, delivery_id)


# The name the outbox's send had while it lived in reminders: messages queued under it before an
# upgrade (and their retries) are still sent, exactly once like any other.
@shared_task(name="reminders.send_email", bind=True, max_retries=None)
def send_delivery_queued_as_reminders(self, delivery_id: int) -> str:
    return _send_delivery(self, delivery_id)


@shared_task(name="notifications.requeue_stale_emails")
def requeue_stale() -> int:
    return requeue_stale_emails()
