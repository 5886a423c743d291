import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from insights.models import DailyLevel, InsightSettings, Instrument, SelfCheck
from insights.selectors import active_user_ids
from insights.tasks import recompute_chunk
from insights.tests.factories import declining_month, steady_month
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_active_user_ids_skip_idle_accounts():
    busy, idle = UserFactory(), UserFactory()
    steady_month(busy)
    assert active_user_ids() == [busy.pk]
    assert idle.pk not in active_user_ids()


def test_recompute_chunk_stores_each_level_once(django_assert_max_num_queries):
    people = [UserFactory() for _ in range(3)]
    declining_month(people[0])
    steady_month(people[1])
    InsightSettings.objects.create(user=people[2], enabled=False)
    steady_month(people[2])
    assert recompute_chunk([p.pk for p in people]) == 3
    assert recompute_chunk([p.pk for p in people]) == 3
    levels = dict(DailyLevel.objects.values_list("user_id", "level"))
    assert levels[people[0].pk] in ("watch", "act")
    assert levels[people[1].pk] == "steady"
    assert people[2].pk not in levels  # turned off: nothing is computed or kept


def test_recompute_chunk_sends_one_recheck_reminder_after_thirty_days():
    user = UserFactory()
    steady_month(user)
    instrument = Instrument.objects.get(slug="vt-self-check")
    check = SelfCheck.objects.create(
        user=user, instrument=instrument, instrument_version="1.0", answers={}, scores={}, summary_band="x"
    )
    recompute_chunk([user.pk])
    assert not Notification.objects.filter(recipient=user).exists()
    SelfCheck.objects.filter(pk=check.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    recompute_chunk([user.pk])
    recompute_chunk([user.pk])
    reminders = Notification.objects.filter(recipient=user, kind="insights.recheck")
    assert reminders.count() == 1
    assert "self-check" in reminders.get().title
