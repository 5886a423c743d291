"""Reads for the reminders pages, the Today card, /healthz and "export my data"."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from notifications.models import Delivery
from notifications.selectors import deliveries_for
from reminders.models import BeatTick, Reminder, ReminderPreferences
from wellbeing.dates import user_zone

BEAT_STALE_AFTER = datetime.timedelta(minutes=3)


def reminders_of(user) -> dict[str, Reminder]:
    return {reminder.kind: reminder for reminder in Reminder.objects.filter(user=user)}


def recent_deliveries(user, *, limit: int = 10) -> QuerySet[Delivery]:
    return deliveries_for(user).exclude(channel=Delivery.Channel.IN_APP)[:limit]


def local_next_due(reminder: Reminder | None, user) -> datetime.datetime | None:
    if reminder is None or reminder.next_due_at is None:
        return None
    return reminder.next_due_at.astimezone(user_zone(user))


def today_card_context(user) -> dict[str, Any] | None:
    """One query: the next check-in reminder, or an invitation to set one up."""
    reminder = Reminder.objects.filter(user=user, kind=Reminder.Kind.CHECKIN).first()
    return {"reminder": reminder, "next_due": local_next_due(reminder, user)}


def last_beat_tick(*, now: datetime.datetime | None = None) -> dict[str, Any]:
    """For /healthz: when the beat's tick last finished, and whether that is recent enough."""
    now = now or timezone.now()
    tick = BeatTick.objects.filter(name="reminders.tick").first()
    if tick is None:
        return {"ok": False, "last_tick": None}
    age = (now - tick.finished_at).total_seconds()
    return {
        "ok": age <= BEAT_STALE_AFTER.total_seconds(),
        "last_tick": tick.finished_at.isoformat(),
        "age_seconds": round(age, 1),
        "claimed": tick.claimed,
    }


def reminders_export(user) -> dict[str, Any]:
    prefs = ReminderPreferences.objects.filter(user=user).first()
    return {
        "reminders": [
            {
                "kind": reminder.kind,
                "enabled": reminder.enabled,
                "weekdays": reminder.weekday_names,
                "times": list(reminder.times),
                "in_app": reminder.in_app,
                "email": reminder.email,
                "time_zone": reminder.time_zone,
                "next_due_at": reminder.next_due_at.isoformat() if reminder.next_due_at else None,
            }
            for reminder in Reminder.objects.filter(user=user)
        ],
        "quiet_hours": {
            "start": prefs.quiet_start.isoformat() if prefs and prefs.quiet_start else None,
            "end": prefs.quiet_end.isoformat() if prefs and prefs.quiet_end else None,
        },
        "heavy_day_threshold": prefs.heavy_threshold if prefs else None,
        "deliveries": [
            {
                "kind": d.kind,
                "channel": d.channel,
                "status": d.status,
                "reason": d.reason,
                "subject": d.subject,
                "created_at": d.created_at.isoformat(),
                "sent_at": d.sent_at.isoformat() if d.sent_at else None,
            }
            for d in deliveries_for(user).order_by("created_at")
        ],
    }
