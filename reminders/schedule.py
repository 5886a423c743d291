"""When a reminder is next due: wall-clock times in the person's IANA zone, turned into UTC.

A reminder has weekdays (0 = Monday) and one or more local times. Each (local day, local
time) pair is a *slot*; every slot fires once, in order:

- a time that does not exist that day (the clocks jumped over it) fires at the next minute
  that does exist, so 02:30 on the spring-forward day in New York fires at 03:00;
- a time that occurs twice (the clocks went back) fires once, at its first occurrence.

Slots are ordered by (instant, day, time), so two slots that land on the same instant inside
a gap still fire one after the other instead of one swallowing the other.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

UTC = dt.UTC
# Enough to reach the next slot of any schedule with at least one weekday, plus a skipped day.
SEARCH_DAYS = 16
# No zone has jumped more than a day (Samoa skipped 30 December 2011 whole).
LONGEST_GAP = dt.timedelta(days=1, hours=1)


@dataclass(frozen=True, order=True)
class Occurrence:
    due_at: dt.datetime  # UTC
    day: dt.date  # the person's own day the slot belongs to
    at: dt.time  # the local time they chose (before any shift out of a gap)


def local_time_exists(naive: dt.datetime, zone: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def slot_instant(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant a slot fires: its first occurrence, or the first minute after a gap."""
    local = dt.datetime.combine(day, at.replace(second=0, microsecond=0))
    limit = local + LONGEST_GAP
    while not local_time_exists(local, zone) and local < limit:
        local += dt.timedelta(minutes=1)
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def parse_times(values: Iterable[str]) -> list[dt.time]:
    return sorted({dt.time.fromisoformat(value) for value in values})


def next_occurrence(
    *,
    zone: ZoneInfo,
    weekdays: Iterable[int],
    times: Iterable[dt.time],
    after: Occurrence | dt.datetime,
    skip_through: dt.date | None = None,
) -> Occurrence | None:
    """The first slot strictly after ``after`` (an instant, or the slot that fired last).

    Slots on days up to and including ``skip_through`` ("not today") are left out.
    """
    days_of_week = set(weekdays)
    chosen = sorted(set(times))
    if not days_of_week or not chosen:
        return None
    if isinstance(after, Occurrence):
        floor = (after.due_at, after.day, after.at)
        start = after.day
    else:
        floor = (after, dt.date.max, dt.time.max)  # strictly after the instant
        # A day back: a slot of "yesterday" may still lie ahead when shifted out of a gap.
        start = after.astimezone(zone).date() - dt.timedelta(days=1)
    if skip_through is not None and skip_through >= start:
        start = skip_through + dt.timedelta(days=1)
    for offset in range(SEARCH_DAYS):
        day = start + dt.timedelta(days=offset)
        if day.weekday() not in days_of_week:
            continue
        for at in chosen:
            candidate = Occurrence(slot_instant(day, at, zone), day, at)
            if (candidate.due_at, candidate.day, candidate.at) > floor:
                return candidate
    return None


def in_quiet_hours(local: dt.time, start: dt.time | None, end: dt.time | None) -> bool:
    """Quiet from ``start`` up to ``end``; a span across midnight (22:00–07:00) works too."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end
