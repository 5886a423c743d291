"""Thin Celery adapters: ids in, load, call a service. Each is safe to run twice."""

import datetime

from celery import shared_task

from notifications.delivery import send_email_delivery
from reminders.services import reminder_deliver, reminders_tick


@shared_task(name="reminders.tick")
def tick() -> int:
    return reminders_tick()


@shared_task(name="reminders.deliver")
def deliver(reminder_id: int, due_at: str) -> str:
    return reminder_deliver(reminder_id=reminder_id, due_at=datetime.datetime.fromisoformat(due_at)).outcome


@shared_task(name="reminders.send_email", bind=True, max_retries=None)
def send_email(self, delivery_id: int) -> str:
    result = send_email_delivery(delivery_id=delivery_id)
    if result.outcome == "retry":
        # The attempt count lives on the delivery row, so Celery's own limit is not needed.
        raise self.retry(countdown=result.retry_in)
    return result.outcome
