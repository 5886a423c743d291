"""The reminders pages: settings, the reminder itself, bad input, who may see what, query budgets."""

import datetime

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from notifications.models import Delivery
from reminders.models import Reminder, ReminderPreferences
from reminders.services import reminder_deliver
from reminders.tests.conftest import make_reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, person) -> Client:
    client.force_login(person)
    return client


CHECKIN_POST = {
    "section": "checkin",
    "checkin-enabled": "on",
    "checkin-weekdays": ["0", "2", "4"],
    "checkin-time_1": "08:45",
    "checkin-time_2": "17:30",
    "checkin-in_app": "on",
}


def test_settings_page_needs_sign_in(client):
    response = client.get("/reminders/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_settings_page_shows_defaults_and_zone(signed_in):
    response = signed_in.get("/reminders/")
    assert response.status_code == 200
    assert b"America/New_York" in response.content
    assert b"Daily check-in" in response.content and b"Quiet hours" in response.content


def test_settings_saves_checkin_reminder(signed_in, person):
    response = signed_in.post("/reminders/", CHECKIN_POST)
    assert response.status_code == 302
    reminder = Reminder.objects.get(user=person, kind="checkin")
    assert (reminder.weekdays, reminder.times) == ([0, 2, 4], ["08:45", "17:30"])
    assert (reminder.in_app, reminder.email) == (True, False)
    assert reminder.next_due_at is not None
    page = signed_in.get("/reminders/")
    assert b'value="08:45"' in page.content


def test_settings_bad_time_keeps_the_input_and_says_why(signed_in, person):
    response = signed_in.post("/reminders/", {**CHECKIN_POST, "checkin-time_1": "quarter to nine"})
    assert response.status_code == 422
    assert b"quarter to nine" in response.content
    assert b"hours and minutes" in response.content
    assert not Reminder.objects.filter(user=person).exists()


def test_settings_enabled_without_days_or_channel_is_refused(signed_in, person):
    no_days = {k: v for k, v in CHECKIN_POST.items() if k != "checkin-weekdays"}
    assert signed_in.post("/reminders/", no_days).status_code == 422
    no_channel = {k: v for k, v in CHECKIN_POST.items() if k != "checkin-in_app"}
    response = signed_in.post("/reminders/", no_channel)
    assert response.status_code == 422
    assert b"Choose how to be reminded" in response.content
    assert not Reminder.objects.filter(user=person).exists()


def test_settings_quiet_hours_need_both_ends(signed_in, person):
    response = signed_in.post("/reminders/", {"section": "quiet", "quiet-quiet_start": "22:00"})
    assert response.status_code == 422
    assert b"both a start and an end" in response.content
    assert (
        signed_in.post(
            "/reminders/", {"section": "quiet", "quiet-quiet_start": "22:00", "quiet-quiet_end": "07:00"}
        ).status_code
        == 302
    )
    prefs = ReminderPreferences.objects.get(user=person)
    assert (prefs.quiet_start, prefs.quiet_end) == (datetime.time(22), datetime.time(7))


def test_settings_heavy_day_and_weekly_summary(signed_in, person):
    heavy = {
        "section": "heavy_day",
        "heavy-enabled": "on",
        "heavy-heavy_threshold": "4",
        "heavy-time_1": "19:30",
        "heavy-in_app": "on",
    }
    assert signed_in.post("/reminders/", heavy).status_code == 302
    assert ReminderPreferences.objects.get(user=person).heavy_threshold == 4
    assert signed_in.post("/reminders/", {**heavy, "heavy-heavy_threshold": "99"}).status_code == 422
    weekly = {
        "section": "weekly_summary",
        "weekly-enabled": "on",
        "weekly-weekday": "6",
        "weekly-time_1": "18:00",
    }
    assert signed_in.post("/reminders/", weekly).status_code == 302
    summary = Reminder.objects.get(user=person, kind="weekly_summary")
    assert (summary.weekdays, summary.email, summary.in_app) == ([6], True, False)


def test_settings_unknown_section_is_a_clear_422(signed_in):
    assert signed_in.post("/reminders/", {"section": "nope"}).status_code == 422


def test_reminder_page_belongs_to_its_owner(signed_in, person):
    reminder = make_reminder(person, now=datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC))
    assert signed_in.get(f"/reminders/{reminder.pk}/").status_code == 200
    other = make_reminder(UserFactory(), now=datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC))
    assert signed_in.get(f"/reminders/{other.pk}/").status_code == 404
    assert signed_in.post(f"/reminders/{other.pk}/snooze/").status_code == 404
    assert signed_in.post(f"/reminders/{other.pk}/not-today/").status_code == 404


def test_reminder_page_snooze_without_a_reminder_today_explains(signed_in, person):
    reminder = make_reminder(person, now=datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC))
    response = signed_in.post(f"/reminders/{reminder.pk}/snooze/", follow=True)
    assert b"no reminder from today to snooze" in response.content


def test_reminder_page_not_today(signed_in, person):
    reminder = make_reminder(person, now=datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC))
    response = signed_in.post(f"/reminders/{reminder.pk}/not-today/", follow=True)
    assert b"back tomorrow" in response.content
    reminder.refresh_from_db()
    assert reminder.skip_through is not None


def _deliveries(person, count: int) -> None:
    Delivery.objects.bulk_create(
        Delivery(
            user=person,
            kind="reminders.checkin",
            channel="email",
            dedupe_key=f"k{person.pk}:{n}",
            status="sent",
            subject="[Zenora] Time for your check-in",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("size", [1, 40])
def test_settings_page_query_budget(signed_in, person, size, django_assert_max_num_queries):
    for kind in ("checkin", "heavy_day", "weekly_summary"):
        make_reminder(person, kind=kind, now=datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC))
    _deliveries(person, size)
    with django_assert_max_num_queries(13):
        assert signed_in.get("/reminders/").status_code == 200


def test_today_card_invites_then_shows_next(signed_in, person):
    assert b"Set up reminders" in signed_in.get("/today/").content
    make_reminder(person, now=datetime.datetime.now(datetime.UTC))
    assert b"Next check-in reminder" in signed_in.get("/today/").content


def test_personal_data_export_has_reminders(person):
    from reminders.selectors import reminders_export

    reminder = make_reminder(person, now=datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC))
    reminder_deliver(reminder_id=reminder.pk, due_at=reminder.next_due_at, now=reminder.next_due_at)
    data = reminders_export(person)
    assert data["reminders"][0]["times"] == ["09:00"]
    assert {d["channel"] for d in data["deliveries"]} == {"in_app", "email"}


def test_demo_seeder_is_idempotent(db):
    from accounts.demo import seed_demo_users
    from reminders.demo import seed_demo_reminders

    seed_demo_users()
    seed_demo_reminders()
    seed_demo_reminders()
    assert Reminder.objects.filter(user__email="clinician@zenora.example").count() == 1
