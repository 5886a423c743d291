"""Thin Celery adapters: ids in, load, call a service. Each is safe to run twice."""

import datetime

from celery import shared_task

from reminders.services import reminder_deliver, reminders_tick


@shared_task(name="reminders.tick")
def tick() -> int:
    return reminders_tick()


@shared_task(name="reminders.deliver")
def deliver(reminder_id: int, due_at: str) -> str:
    return reminder_deliver(reminder_id=reminder_id, due_at=datetime.datetime.fromisoformat(due_at)).outcome
