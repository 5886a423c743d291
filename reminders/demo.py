"""Demo data: the demo clinician has a weekday check-in reminder and quiet hours."""

import datetime

from accounts.demo import demo_user
from accounts.models import User
from reminders.models import Reminder
from reminders.services import preferences_save, reminder_save

DEMO_EMAIL = "clinician@zenora.example"


def seed_demo_reminders() -> list[str]:
    try:
        user = demo_user(DEMO_EMAIL)
    except User.DoesNotExist:
        return []
    if not Reminder.objects.filter(user=user, kind=Reminder.Kind.CHECKIN).exists():
        reminder_save(
            user=user,
            kind=Reminder.Kind.CHECKIN,
            enabled=True,
            weekdays=[0, 1, 2, 3, 4],
            times=["09:00", "17:30"],
            in_app=True,
            email=True,
        )
        preferences_save(user=user, quiet_start=datetime.time(21, 0), quiet_end=datetime.time(7, 0))
    return [f"Reminders: {DEMO_EMAIL} has a weekday check-in reminder at 09:00 and 17:30."]
