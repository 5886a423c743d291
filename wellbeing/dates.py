"""Days as the person lives them: their own time zone, weeks from Monday to Sunday."""

import datetime
import zoneinfo

from django.utils import timezone


def user_zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_today(user, *, now: datetime.datetime | None = None) -> datetime.date:
    """The date it is for this person now: a check-in at 00:30 belongs to the day they live in."""
    return (now or timezone.now()).astimezone(user_zone(user)).date()


def local_date_of(user, moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(user_zone(user)).date()


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week; plain date arithmetic, so weeks span New Year unbroken."""
    return day - datetime.timedelta(days=day.weekday())


def days_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
