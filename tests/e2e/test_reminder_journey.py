"""A clinician sets a check-in reminder two minutes ahead in their own time zone; it arrives in
Zenora and by email, and the email's unsubscribe link works without signing in."""

import datetime
import re
import zoneinfo

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from notifications.delivery import send_email_delivery
from notifications.models import Delivery
from reminders.models import Reminder
from reminders.services import reminder_deliver
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZONE = "Australia/Lord_Howe"  # a half-hour offset, to catch anything that assumes whole hours


def _sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/today/$"))
    assert_accessible(page)


def test_reminder_journey_set_receive_snooze_and_unsubscribe(page: Page, new_context, zenora_server):
    user = UserFactory(email="ren@clinic.example", display_name="Ren", time_zone="Europe/London")
    _sign_in(page, user.email)
    expect(page.locator("#card-reminders")).to_contain_text("Set up reminders")

    page.goto("/me/settings/")
    assert_accessible(page)
    page.get_by_label("Time zone").select_option(ZONE)
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".message")).to_contain_text("saved")
    assert_accessible(page)

    page.goto("/reminders/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text(ZONE)
    in_two_minutes = timezone.now().astimezone(zoneinfo.ZoneInfo(ZONE)) + datetime.timedelta(minutes=2)
    wanted = in_two_minutes.strftime("%H:%M")
    page.locator("#id_checkin-enabled").check()
    for day in range(7):
        page.locator(f"#id_checkin-weekdays_{day}").check()
    page.locator("#id_checkin-time_1").fill(wanted)
    page.locator("#id_checkin-in_app").check()
    page.locator("#id_checkin-email").check()
    page.get_by_role("button", name="Save check-in reminder").click()
    expect(page.locator(".message")).to_contain_text(f"Saved. Your reminders follow your time zone, {ZONE}")
    expect(page.locator(".reminder-next")).to_contain_text(wanted)
    assert_accessible(page)

    reminder = Reminder.objects.get(user=user, kind="checkin")
    assert reminder.next_time.strftime("%H:%M") == wanted
    assert timezone.now() < reminder.next_due_at <= timezone.now() + datetime.timedelta(minutes=2)

    # Two minutes on, without waiting them: the delivery runs as the worker would run it, at the
    # due instant, and the email goes out with links to the live server.
    decision = reminder_deliver(
        reminder_id=reminder.pk, due_at=reminder.next_due_at, now=reminder.next_due_at
    )
    assert decision.outcome == "sent"
    with override_settings(SITE_URL=zenora_server.url):
        send_email_delivery(delivery_id=Delivery.objects.get(user=user, channel="email").pk)

    page.goto("/notifications/")
    assert_accessible(page)
    expect(page.locator(".nav-badge")).to_contain_text("1")
    page.get_by_role("button", name="Time for your check-in", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/reminders/{reminder.pk}/$"))
    expect(page.get_by_role("link", name="Check in now")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Snooze 1 hour").click()
    expect(page.locator(".message")).to_contain_text("in an hour")
    assert_accessible(page)
    reminder.refresh_from_db()
    assert reminder.snooze_count == 1

    [email] = mail.outbox
    assert email.to == [user.email]
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith(f"{zenora_server.url}/notifications/unsubscribe/") and link in email.body

    stranger = new_context().new_page()  # nobody signed in: the link alone is enough
    stranger.goto(link)
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Stop these emails?")
    assert_accessible(stranger)
    stranger.get_by_role("button", name="Unsubscribe").click()
    expect(stranger.get_by_role("heading", level=1)).to_have_text("You're unsubscribed")
    assert_accessible(stranger)
    stranger.goto(link)
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Already unsubscribed")
    assert_accessible(stranger)
    reminder.refresh_from_db()
    assert (reminder.email, reminder.in_app) == (False, True)

    page.goto("/reminders/")
    expect(page.locator("#id_checkin-email")).not_to_be_checked()
    assert_accessible(page)
