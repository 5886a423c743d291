import datetime

import pytest

from accounts.tests.factories import UserFactory
from reminders.models import Reminder
from reminders.services import reminder_save
from reminders.tests.celery_harness import broker, outbox, worker, worker_env  # noqa: F401 - fixtures

UTC = datetime.UTC


def at(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.fixture
def person(db):
    return UserFactory(time_zone="America/New_York", email="robin@clinic.example")


def make_reminder(user, *, kind=Reminder.Kind.CHECKIN, times=("09:00",), weekdays=range(7), email=True,
                  in_app=True, now: datetime.datetime) -> Reminder:  # fmt: skip
    return reminder_save(
        user=user, kind=kind, enabled=True, weekdays=list(weekdays), times=list(times),
        in_app=in_app, email=email, now=now,
    )  # fmt: skip
