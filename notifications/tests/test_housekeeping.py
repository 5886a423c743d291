import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.housekeeping import notifications_purge_read
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _notification(user, *, days_ago: int, read: bool) -> Notification:
    notification = Notification.objects.create(recipient=user, kind="test", title="A reply")
    created = timezone.now() - datetime.timedelta(days=days_ago)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=created, read_at=created if read else None
    )
    return notification


def test_housekeeping_removes_old_read_notifications_only():
    user = UserFactory()
    old_read = _notification(user, days_ago=100, read=True)
    old_unread = _notification(user, days_ago=100, read=False)
    recent_read = _notification(user, days_ago=3, read=True)

    assert notifications_purge_read(older_than_days=90) == 1
    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert remaining == {old_unread.pk, recent_read.pk}
    assert old_read.pk not in remaining
