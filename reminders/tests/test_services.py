"""Reminder decisions on the real database: sent, skipped by rule, exactly once, rescheduled."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.services import profile_update
from notifications.models import Delivery, Notification
from reminders.models import BeatTick, Reminder
from reminders.selectors import last_beat_tick
from reminders.services import (
    CATCH_UP,
    RECLAIM_AFTER,
    preferences_save,
    reminder_deliver,
    reminder_not_today,
    reminder_save,
    reminder_snooze,
    reminders_tick,
)
from reminders.tests.conftest import at, make_reminder
from wellbeing.tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db

# 2026-06-01 is a Monday; New York is UTC-4 in June, so 09:00 there is 13:00 UTC.
MONDAY_EARLY = at(2026, 6, 1, 10)
NINE_NEW_YORK = at(2026, 6, 1, 13)


def _deliver(reminder: Reminder, now: datetime.datetime):
    reminder.refresh_from_db()
    return reminder_deliver(reminder_id=reminder.pk, due_at=reminder.next_due_at, now=now)


def test_reminder_save_computes_next_due_in_the_persons_zone(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    assert reminder.next_due_at == NINE_NEW_YORK
    assert (reminder.next_day, reminder.next_time) == (datetime.date(2026, 6, 1), datetime.time(9))
    assert reminder.time_zone == "America/New_York"


def test_reminder_save_rejects_bad_schedules(person):
    with pytest.raises(ValidationError) as error:
        reminder_save(
            user=person, kind="checkin", enabled=True, weekdays=[], times=["09:00"], in_app=True, email=False
        )
    assert "weekdays" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        reminder_save(
            user=person, kind="checkin", enabled=True, weekdays=[1], times=["25:99"], in_app=True, email=False
        )
    assert "times" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        reminder_save(
            user=person,
            kind="checkin",
            enabled=True,
            weekdays=[1],
            times=["09:00"],
            in_app=False,
            email=False,
        )
    assert "in_app" in error.value.message_dict
    assert not Reminder.objects.exists()


def test_reminder_switched_off_is_never_due(person):
    reminder = reminder_save(
        user=person, kind="checkin", enabled=False, weekdays=[1], times=["09:00"], in_app=True, email=False
    )
    assert reminder.next_due_at is None
    assert reminders_tick(now=at(2027, 1, 1)) == 0


def test_tick_claims_due_reminders_once(person):
    make_reminder(person, now=MONDAY_EARLY)
    assert reminders_tick(now=NINE_NEW_YORK - datetime.timedelta(seconds=1)) == 0
    assert reminders_tick(now=NINE_NEW_YORK) == 1
    assert reminders_tick(now=NINE_NEW_YORK + datetime.timedelta(seconds=30)) == 0
    # A claim whose task was lost with its worker is claimed again later.
    assert reminders_tick(now=NINE_NEW_YORK + RECLAIM_AFTER + datetime.timedelta(seconds=1)) == 1
    assert BeatTick.objects.get().claimed == 1


def test_tick_claims_in_batches(person):
    from accounts.tests.factories import UserFactory

    for _ in range(5):
        make_reminder(UserFactory(time_zone="UTC"), times=["08:00"], now=at(2026, 6, 1, 7))
    assert reminders_tick(now=at(2026, 6, 1, 8), batch_size=2) == 5


def test_deliver_sends_in_app_and_queues_email_then_moves_on(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    decision = _deliver(reminder, NINE_NEW_YORK)
    assert decision.outcome == "sent"
    notification = Notification.objects.get(recipient=person)
    assert notification.kind == "reminders.checkin"
    assert notification.url == f"/reminders/{reminder.pk}/"
    rows = {d.channel: d for d in Delivery.objects.filter(user=person)}
    assert rows["in_app"].status == "sent"
    assert rows["email"].status == "pending"
    assert rows["email"].dedupe_key == f"reminders.checkin:{person.pk}:2026-06-01:0900:email"
    reminder.refresh_from_db()
    assert reminder.next_due_at == at(2026, 6, 2, 13)
    assert reminder.claimed_at is None


def test_deliver_twice_for_the_same_due_instant_sends_once(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    first = reminder_deliver(reminder_id=reminder.pk, due_at=NINE_NEW_YORK, now=NINE_NEW_YORK)
    again = reminder_deliver(reminder_id=reminder.pk, due_at=NINE_NEW_YORK, now=NINE_NEW_YORK)
    assert (first.outcome, again.outcome) == ("sent", "stale")
    assert Notification.objects.filter(recipient=person).count() == 1
    assert Delivery.objects.filter(user=person, channel="email").count() == 1


def test_deliver_a_slot_already_recorded_is_not_sent_again(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    _deliver(reminder, NINE_NEW_YORK)
    # Saving the same schedule within the minute brings the 09:00 slot back: its record stops it.
    reminder_save(user=person, kind="checkin", enabled=True, weekdays=list(range(7)), times=["09:00"],
                  in_app=True, email=True, now=NINE_NEW_YORK + datetime.timedelta(seconds=20))  # fmt: skip
    assert _deliver(reminder, NINE_NEW_YORK + datetime.timedelta(seconds=30)).outcome == "duplicate"
    assert Notification.objects.filter(recipient=person).count() == 1


def test_deliver_skips_when_already_checked_in_that_day(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    CheckInFactory(user=person, day=datetime.date(2026, 6, 1))
    decision = _deliver(reminder, NINE_NEW_YORK)
    assert (decision.outcome, decision.reason) == ("skipped", "checked_in")
    assert not Notification.objects.filter(recipient=person).exists()
    assert Delivery.objects.get(user=person).reason == "checked_in"
    reminder.refresh_from_db()
    assert reminder.next_day == datetime.date(2026, 6, 2)


def test_deliver_checkin_of_another_day_does_not_count(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    CheckInFactory(user=person, day=datetime.date(2026, 5, 31))
    assert _deliver(reminder, NINE_NEW_YORK).outcome == "sent"


def test_deliver_respects_quiet_hours(person):
    preferences_save(user=person, quiet_start=datetime.time(22), quiet_end=datetime.time(9, 30))
    reminder = make_reminder(person, now=MONDAY_EARLY)
    decision = _deliver(reminder, NINE_NEW_YORK)
    assert (decision.outcome, decision.reason) == ("skipped", "quiet_hours")
    assert not Notification.objects.exists()


def test_deliver_after_an_outage_skips_what_is_too_late(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    late = NINE_NEW_YORK + CATCH_UP + datetime.timedelta(minutes=1)
    decision = _deliver(reminder, late)
    assert (decision.outcome, decision.reason) == ("skipped", "late")
    assert not Notification.objects.exists()
    # Within the catch-up window it is still sent.
    reminder.refresh_from_db()
    assert (
        _deliver(reminder, reminder.next_due_at + CATCH_UP - datetime.timedelta(minutes=1)).outcome == "sent"
    )


def test_deliver_after_days_of_outage_does_not_replay_each_missed_day(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    week_later = NINE_NEW_YORK + datetime.timedelta(days=7, hours=5)
    _deliver(reminder, week_later)
    reminder.refresh_from_db()
    assert reminder.next_due_at > week_later
    assert reminder.next_day == datetime.date(2026, 6, 9)


def test_snooze_sends_the_same_reminder_an_hour_later_once(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    _deliver(reminder, NINE_NEW_YORK)
    snoozed_at = NINE_NEW_YORK + datetime.timedelta(minutes=5)
    reminder = reminder_snooze(user=person, reminder=reminder, now=snoozed_at)
    assert reminder.next_due_at == snoozed_at + datetime.timedelta(hours=1)
    assert reminders_tick(now=snoozed_at + datetime.timedelta(hours=1)) == 1
    assert _deliver(reminder, snoozed_at + datetime.timedelta(hours=1)).outcome == "sent"
    assert Notification.objects.filter(recipient=person).count() == 2
    assert Delivery.objects.filter(dedupe_key__endswith=":snooze1:email").count() == 1
    reminder.refresh_from_db()
    assert reminder.next_day == datetime.date(2026, 6, 2)


def test_snooze_needs_a_reminder_from_today_and_stops_after_three(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    with pytest.raises(ValidationError):
        reminder_snooze(user=person, reminder=reminder, now=MONDAY_EARLY)
    now = NINE_NEW_YORK
    _deliver(reminder, now)
    for _ in range(3):
        reminder = reminder_snooze(user=person, reminder=reminder, now=now)
        now = reminder.next_due_at
        assert _deliver(reminder, now).outcome == "sent"
    with pytest.raises(ValidationError):
        reminder_snooze(user=person, reminder=reminder, now=now)


def test_not_today_moves_to_tomorrow_and_cancels_a_snooze(person):
    reminder = make_reminder(person, times=["09:00", "17:00"], now=MONDAY_EARLY)
    _deliver(reminder, NINE_NEW_YORK)
    reminder = reminder_snooze(user=person, reminder=reminder, now=NINE_NEW_YORK)
    reminder = reminder_not_today(user=person, reminder=reminder, now=NINE_NEW_YORK)
    assert (reminder.next_day, reminder.next_time) == (datetime.date(2026, 6, 2), datetime.time(9))
    assert reminder.snooze_count == 0


def test_another_persons_reminder_cannot_be_snoozed(person):
    from django.core.exceptions import PermissionDenied

    from accounts.tests.factories import UserFactory

    reminder = make_reminder(person, now=MONDAY_EARLY)
    with pytest.raises(PermissionDenied):
        reminder_not_today(user=UserFactory(), reminder=reminder)


def test_changing_time_zone_recomputes_next_due(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    profile_update(
        user=person,
        display_name=person.display_name,
        role=person.role,
        time_zone="Asia/Kolkata",
        language="en",
    )
    reminder.refresh_from_db()
    assert reminder.time_zone == "Asia/Kolkata"
    assert reminder.next_due_at.astimezone(
        datetime.timezone(datetime.timedelta(hours=5, minutes=30))
    ).time() == datetime.time(9)


def test_deliver_computed_in_an_old_zone_is_rescheduled_not_sent(person):
    reminder = make_reminder(person, now=MONDAY_EARLY)
    Reminder.objects.filter(pk=reminder.pk).update(time_zone="Europe/London")
    assert _deliver(reminder, NINE_NEW_YORK).outcome == "rescheduled"
    assert not Notification.objects.exists()


def test_heavy_day_nudge_only_after_a_heavy_day(person):
    preferences_save(user=person, quiet_start=None, quiet_end=None, heavy_threshold=4)
    reminder = make_reminder(person, kind="heavy_day", times=["19:00"], now=MONDAY_EARLY)
    seven_pm = at(2026, 6, 1, 23)
    CheckInFactory(user=person, day=datetime.date(2026, 6, 1), exposure=3)
    decision = _deliver(reminder, seven_pm)
    assert (decision.outcome, decision.reason) == ("skipped", "not_heavy")
    CheckInFactory(user=person, day=datetime.date(2026, 6, 2), exposure=5)
    assert _deliver(reminder, seven_pm + datetime.timedelta(days=1)).outcome == "sent"
    assert Notification.objects.get(recipient=person).kind == "reminders.heavy_day"


def test_tick_records_the_beat_for_health(person):
    assert last_beat_tick()["ok"] is False
    reminders_tick()
    report = last_beat_tick()
    assert report["ok"] is True
    assert report["age_seconds"] < 5
    assert (
        last_beat_tick(now=BeatTick.objects.get().finished_at + datetime.timedelta(minutes=10))["ok"] is False
    )


def test_healthz_reports_the_beat(client, person):
    reminders_tick()
    body = client.get("/healthz").json()
    assert body["beat"]["ok"] is True
    assert body["beat"]["last_tick"]


def test_reminder_emails_follow_only_the_reminders_own_channel(person, django_capture_on_commit_callbacks):
    """The notification centre's "Reminders: check-in" email switch adds and removes nothing:
    an in-app reminder sends no email, an email reminder sends exactly one, and neither joins a
    digest. (Before the fix: three emails, two of them identical to robin, one to sam.)"""
    from django.core import mail

    from accounts.tests.factories import UserFactory
    from config.celery import app
    from notifications.services import digest_send, notification_settings_update

    in_app_only = UserFactory(time_zone="America/New_York", email="sam@clinic.example")
    for user in (person, in_app_only):
        notification_settings_update(
            user=user, email_mode="immediate", email_kinds={"reminders.checkin": True}
        )
    emailed = make_reminder(person, email=True, now=MONDAY_EARLY)
    quiet = make_reminder(in_app_only, email=False, now=MONDAY_EARLY)

    app.conf.task_always_eager = True
    try:
        for reminder in (emailed, quiet):
            with django_capture_on_commit_callbacks(execute=True):
                assert _deliver(reminder, NINE_NEW_YORK).outcome == "sent"
    finally:
        app.conf.task_always_eager = False

    assert [message.to for message in mail.outbox] == [["robin@clinic.example"]]
    assert Notification.objects.filter(kind="reminders.checkin").count() == 2  # in-app still there
    notification_settings_update(
        user=in_app_only, email_mode="digest", email_kinds={"reminders.checkin": True}
    )
    assert digest_send(user_id=in_app_only.pk) is False
    assert len(mail.outbox) == 1
