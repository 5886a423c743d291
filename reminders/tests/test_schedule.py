"""Next-due computation across daylight-saving transitions, by example and by property."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from reminders.schedule import (
    UTC,
    Occurrence,
    in_quiet_hours,
    local_time_exists,
    next_occurrence,
    slot_instant,
)

EVERY_DAY = range(7)
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KOLKATA = ZoneInfo("Asia/Kolkata")


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def firings(zone, times, start: dt.datetime, count: int, weekdays=EVERY_DAY) -> list[Occurrence]:
    result, after = [], start
    for _ in range(count):
        after = next_occurrence(zone=zone, weekdays=weekdays, times=times, after=after)
        result.append(after)
    return result


def test_schedule_new_york_spring_forward_fires_at_the_next_valid_minute():
    fired = firings(NEW_YORK, [dt.time(2, 30)], utc(2026, 3, 7, 0), 3)
    assert [o.day for o in fired] == [dt.date(2026, 3, 7), dt.date(2026, 3, 8), dt.date(2026, 3, 9)]
    assert [o.due_at for o in fired] == [
        utc(2026, 3, 7, 7, 30),
        utc(2026, 3, 8, 7, 0),
        utc(2026, 3, 9, 6, 30),
    ]
    assert fired[1].due_at.astimezone(NEW_YORK).time() == dt.time(3, 0)


def test_schedule_new_york_fall_back_fires_once_at_the_first_occurrence():
    fired = firings(NEW_YORK, [dt.time(1, 30)], utc(2026, 10, 31, 12), 2)
    assert [o.day for o in fired] == [dt.date(2026, 11, 1), dt.date(2026, 11, 2)]
    assert fired[0].due_at == utc(2026, 11, 1, 5, 30)  # 01:30 EDT, not 01:30 EST an hour later
    assert fired[1].due_at == utc(2026, 11, 2, 6, 30)


def test_schedule_london_spring_forward_and_fall_back():
    spring = firings(LONDON, [dt.time(1, 30)], utc(2026, 3, 28, 12), 2)
    assert spring[0].day == dt.date(2026, 3, 29)
    assert spring[0].due_at == utc(2026, 3, 29, 1, 0)  # 02:00 BST: the first minute after the gap
    assert spring[1].due_at == utc(2026, 3, 30, 0, 30)
    autumn = firings(LONDON, [dt.time(1, 30)], utc(2026, 10, 24, 12), 2)
    assert autumn[0].due_at == utc(2026, 10, 25, 0, 30)  # 01:30 BST, once
    assert autumn[1].due_at == utc(2026, 10, 26, 1, 30)


def test_schedule_lord_howe_half_hour_transitions():
    # October: 02:00 jumps to 02:30, so 02:15 fires at 02:30 (+11:00).
    spring = firings(LORD_HOWE, [dt.time(2, 15)], utc(2026, 10, 2, 0), 2)
    assert spring[0].day == dt.date(2026, 10, 3)
    assert spring[1].day == dt.date(2026, 10, 4)
    assert spring[1].due_at == utc(2026, 10, 3, 15, 30)
    assert spring[1].due_at.astimezone(LORD_HOWE).time() == dt.time(2, 30)
    # April: 02:00 goes back to 01:30, so 01:45 happens twice and fires at the first.
    autumn = firings(LORD_HOWE, [dt.time(1, 45)], utc(2026, 4, 4, 0), 2)
    assert autumn[0].day == dt.date(2026, 4, 5)
    assert autumn[0].due_at == utc(2026, 4, 4, 14, 45)  # +11:00
    assert autumn[1].due_at == utc(2026, 4, 5, 15, 15)  # +10:30


def test_schedule_kolkata_has_no_transitions_at_either_date():
    for start in (utc(2026, 3, 7), utc(2026, 10, 31)):
        fired = firings(KOLKATA, [dt.time(9, 0)], start, 4)
        assert {o.due_at.time() for o in fired} == {dt.time(3, 30)}
        assert [o.day for o in fired] == [fired[0].day + dt.timedelta(days=n) for n in range(4)]


def test_schedule_two_times_in_one_gap_fire_one_after_the_other():
    fired = firings(NEW_YORK, [dt.time(2, 15), dt.time(2, 45)], utc(2026, 3, 8, 6), 3)
    assert [(o.day, o.at) for o in fired[:2]] == [
        (dt.date(2026, 3, 8), dt.time(2, 15)),
        (dt.date(2026, 3, 8), dt.time(2, 45)),
    ]
    assert fired[0].due_at == fired[1].due_at == utc(2026, 3, 8, 7, 0)
    assert fired[2].day == dt.date(2026, 3, 9)


def test_schedule_weekdays_and_not_today():
    monday_noon = utc(2026, 6, 1, 12)  # a Monday, London is UTC+1
    fired = next_occurrence(zone=LONDON, weekdays=[2], times=[dt.time(9)], after=monday_noon)
    assert fired.day == dt.date(2026, 6, 3)
    early = utc(2026, 6, 1, 6)
    today = next_occurrence(zone=LONDON, weekdays=EVERY_DAY, times=[dt.time(9)], after=early)
    assert today.day == dt.date(2026, 6, 1)
    skipped = next_occurrence(
        zone=LONDON, weekdays=EVERY_DAY, times=[dt.time(9)], after=early, skip_through=dt.date(2026, 6, 1)
    )
    assert skipped.day == dt.date(2026, 6, 2)


def test_schedule_without_days_or_times_is_never_due():
    assert next_occurrence(zone=LONDON, weekdays=[], times=[dt.time(9)], after=utc(2026, 1, 1)) is None
    assert next_occurrence(zone=LONDON, weekdays=[1], times=[], after=utc(2026, 1, 1)) is None


def test_schedule_quiet_hours_across_midnight():
    assert in_quiet_hours(dt.time(23), dt.time(22), dt.time(7))
    assert in_quiet_hours(dt.time(6, 59), dt.time(22), dt.time(7))
    assert not in_quiet_hours(dt.time(7), dt.time(22), dt.time(7))
    assert in_quiet_hours(dt.time(13), dt.time(12), dt.time(14))
    assert not in_quiet_hours(dt.time(14), dt.time(12), dt.time(14))
    assert not in_quiet_hours(dt.time(3), None, None)


# --- properties -------------------------------------------------------------------------------

ZONES = st.sampled_from([NEW_YORK, LONDON, LORD_HOWE, KOLKATA])
# Starts near each zone's transitions (and an ordinary week), where mistakes would hide.
STARTS = st.sampled_from(
    [
        utc(2026, 3, 5),
        utc(2026, 3, 26),
        utc(2026, 4, 2),
        utc(2026, 10, 1),
        utc(2026, 10, 22),
        utc(2026, 10, 29),
        utc(2026, 6, 10),
    ]
)
TIMES = st.lists(
    st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 1, 15, 29, 30, 45, 59])),
    min_size=1,
    max_size=3,
)
WEEKDAYS = st.sets(st.integers(0, 6), min_size=1)


@settings(max_examples=150, deadline=None)
@given(zone=ZONES, start=STARTS, times=TIMES, weekdays=WEEKDAYS, hours=st.integers(0, 23))
def test_schedule_property_every_slot_once_in_order(zone, start, times, weekdays, hours):
    start = start + dt.timedelta(hours=hours)
    horizon = start + dt.timedelta(days=10)
    fired: list[Occurrence] = []
    after: Occurrence | dt.datetime = start
    while True:
        occurrence = next_occurrence(zone=zone, weekdays=weekdays, times=times, after=after)
        if occurrence.due_at > horizon:
            break
        fired.append(occurrence)
        after = occurrence
    slots = [(o.day, o.at) for o in fired]
    # Never twice: each chosen time fires at most once on each local day.
    assert len(slots) == len(set(slots))
    # In order, never back in time.
    assert [o.due_at for o in fired] == sorted(o.due_at for o in fired)
    # Never skipped: every slot of a chosen weekday whose instant lies in the window fired.
    first_day = start.astimezone(zone).date() - dt.timedelta(days=1)
    expected = set()
    for offset in range(13):
        day = first_day + dt.timedelta(days=offset)
        if day.weekday() not in weekdays:
            continue
        for at in set(times):
            if start < slot_instant(day, at, zone) <= horizon:
                expected.add((day, at))
    assert set(slots) == expected
    for o in fired:
        local = o.due_at.astimezone(zone).replace(tzinfo=None)
        wanted = dt.datetime.combine(o.day, o.at)
        if local_time_exists(wanted, zone):
            # On time, and at the first of two occurrences when the clocks went back.
            assert local == wanted
            assert o.due_at == wanted.replace(tzinfo=zone, fold=0).astimezone(UTC)
            assert o.due_at <= wanted.replace(tzinfo=zone, fold=1).astimezone(UTC)
        else:
            # Skipped over by the clocks: the first minute after the gap, the same day.
            assert wanted < local <= wanted + dt.timedelta(hours=1)
            minute_before = local - dt.timedelta(minutes=1)
            assert minute_before < wanted or not local_time_exists(minute_before, zone)
