"""Reminder emails and notifications carry counts and encouragement, never private words or moods."""

import datetime

import pytest
from django.core import mail

from notifications.delivery import send_email_delivery
from notifications.models import Delivery, Notification
from reminders.models import Reminder
from reminders.services import reminder_deliver
from reminders.tests.conftest import at, make_reminder
from wellbeing.services import checkin_create, goal_create

pytestmark = pytest.mark.django_db

SECRET = "kestrel-umbrella my client's story stays with me"


def _all_text(message) -> str:
    parts = [message.subject, message.body, *(content for content, _ in message.alternatives)]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "kind", [Reminder.Kind.WEEKLY_SUMMARY, Reminder.Kind.HEAVY_DAY, Reminder.Kind.CHECKIN]
)
def test_reminder_content_has_no_private_text(person, kind):
    # Sunday 7 June 2026; the person checked in on five days, with a private note each time.
    for offset in range(5):
        day = datetime.date(2026, 6, 7) - datetime.timedelta(days=offset)
        moment = at(2026, 6, 7, 23)
        checkin_create(user=person, day=day, mood=1, energy=2, sleep=1, exposure=6, note=SECRET, now=moment)
    goal_create(user=person, title=SECRET[:40], now=at(2026, 6, 1, 12))
    time = "21:00"
    reminder = make_reminder(person, kind=kind, times=[time], weekdays=[6], now=at(2026, 6, 7, 12))
    if kind == Reminder.Kind.CHECKIN:
        # A check-in day with no check-in yet, so the reminder is sent.
        Reminder.objects.filter(pk=reminder.pk).update(weekdays=list(range(7)))
        reminder = make_reminder(person, kind=kind, times=[time], now=at(2026, 6, 8, 12))
    decision = reminder_deliver(
        reminder_id=reminder.pk, due_at=reminder.next_due_at, now=reminder.next_due_at
    )
    assert decision.outcome == "sent"
    email = Delivery.objects.get(user=person, channel="email")
    send_email_delivery(delivery_id=email.pk)
    text = _all_text(mail.outbox[0]) + "".join(n.title for n in Notification.objects.filter(recipient=person))
    for private in ("kestrel", "umbrella", "Struggling", "Drained", "Very poor", "story"):
        assert private not in text
    if kind == Reminder.Kind.WEEKLY_SUMMARY:
        assert "You checked in 5 of the last 7 days" in mail.outbox[0].body
