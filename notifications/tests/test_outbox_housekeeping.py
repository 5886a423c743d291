import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.housekeeping import deliveries_blank_old
from notifications.models import Delivery

pytestmark = pytest.mark.django_db


def _email(user, key: str, *, days_ago: int, status: str = Delivery.Status.SENT) -> Delivery:
    return Delivery.objects.create(
        user=user,
        kind="reminders.checkin",
        channel=Delivery.Channel.EMAIL,
        dedupe_key=key,
        status=status,
        subject="Time for your check-in",
        text="Open Zenora: http://testserver/wellbeing/",
        html="<p>Open Zenora</p>",
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_housekeeping_blanks_old_emails_text_and_keeps_the_rows():
    user = UserFactory()
    old = _email(user, "old", days_ago=40)
    recent = _email(user, "recent", days_ago=5)
    waiting = _email(user, "waiting", days_ago=40, status=Delivery.Status.PENDING)

    assert deliveries_blank_old(older_than_days=30) == 1
    old.refresh_from_db()
    assert (old.subject, old.text, old.html) == ("", "", "")
    assert old.status == Delivery.Status.SENT
    recent.refresh_from_db()
    waiting.refresh_from_db()
    assert recent.subject and waiting.subject
    assert deliveries_blank_old(older_than_days=30) == 0  # idempotent
