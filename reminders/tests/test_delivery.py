"""Reminder emails through the outbox: what their unsubscribe links switch off, old links included."""

import pytest
from django.urls import reverse

from notifications.delivery import deliver_email, unsubscribe_token, unsubscribe_with_token
from notifications.models import Delivery
from reminders.models import Reminder
from reminders.tests.conftest import at, make_reminder

pytestmark = pytest.mark.django_db


def _email(user, kind: str = "reminders.checkin") -> Delivery:
    return deliver_email(
        user=user,
        kind=kind,
        subject="[Zenora] Time for your check-in",
        text="A gentle nudge.",
        html="<p>A gentle nudge.</p>",
        dedupe_key=f"{kind}:test",
        unsubscribe_kind=kind,
    )


@pytest.mark.parametrize("prefix", ["/notifications", "/reminders"])
def test_unsubscribe_reminder_email_turns_off_its_email_only(person, client, prefix):
    """New links are notifications' URLs; links sent before the move (``/reminders/…``) still work."""
    reminder = make_reminder(person, now=at(2026, 6, 1, 10))
    token = unsubscribe_token(_email(person))
    url = f"{prefix}/unsubscribe/{token}/"
    assert client.get(f"{prefix}/unsubscribe/{token}x/").status_code == 400
    preview = client.get(url)
    assert preview.status_code == 200 and b"Stop these emails?" in preview.content
    reminder.refresh_from_db()
    assert reminder.email is True  # looking is not unsubscribing (link scanners)
    done = client.post(url, {"List-Unsubscribe": "One-Click"})  # one click: no cookies, no CSRF
    assert done.status_code == 200 and b"unsubscribed" in done.content
    reminder.refresh_from_db()
    assert (reminder.email, reminder.in_app, reminder.enabled) == (False, True, True)
    assert b"Already unsubscribed" in client.post(url).content


def test_old_unsubscribe_url_name_still_resolves(person):
    token = unsubscribe_token(_email(person))
    assert reverse("reminders:unsubscribe", kwargs={"token": token}) == f"/reminders/unsubscribe/{token}/"
    assert (
        reverse("notifications:unsubscribe", kwargs={"token": token})
        == f"/notifications/unsubscribe/{token}/"
    )


def test_unsubscribe_page_for_a_reminder_links_to_the_reminders(person, client):
    make_reminder(person, now=at(2026, 6, 1, 10))
    token = unsubscribe_token(_email(person))
    client.force_login(person)
    page = client.post(f"/notifications/unsubscribe/{token}/").content.decode()
    assert 'href="/reminders/">Your reminders</a>' in page


def test_unsubscribe_with_email_as_only_channel_switches_the_reminder_off(person):
    reminder = make_reminder(person, kind=Reminder.Kind.WEEKLY_SUMMARY, in_app=False, now=at(2026, 6, 1, 10))
    delivery = _email(person, kind="reminders.weekly_summary")
    assert unsubscribe_with_token(token=unsubscribe_token(delivery)).status == "done"
    reminder.refresh_from_db()
    assert (reminder.enabled, reminder.next_due_at) == (False, None)
