"""Nightly recomputation: every active person's level and self-check reminder, in chunks."""

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

CHUNK_SIZE = 250
ACTIVE_DAYS = 40


def active_user_ids(now: datetime.datetime | None = None) -> list[int]:
    """People with a check-in or an entry lately: one query. Idle accounts cost nothing."""
    from django.db.models import Exists, OuterRef, Q

    from journals.models import Entry
    from wellbeing.models import CheckIn

    since = (now or timezone.now()) - datetime.timedelta(days=ACTIVE_DAYS)
    recent_checkin = CheckIn.objects.filter(user=OuterRef("pk"), day__gte=since.date())
    recent_entry = Entry.objects.filter(user=OuterRef("pk"), created_at__gte=since)
    users = get_user_model().objects.filter(is_active=True)
    return list(
        users.filter(Q(Exists(recent_checkin)) | Q(Exists(recent_entry)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@shared_task(name="insights.recompute_all")
def recompute_all(chunk_size: int = CHUNK_SIZE) -> int:
    """Split active people into chunks, each its own task, so workers share the night's work."""
    ids = active_user_ids()
    for start in range(0, len(ids), chunk_size):
        recompute_chunk.delay(ids[start : start + chunk_size])
    return len(ids)


@shared_task(name="insights.recompute_chunk")
def recompute_chunk(user_ids: list[int]) -> int:
    """Store today's level for each person and send due self-check reminders. Idempotent."""
    from insights.services import daily_level_record, recheck_notify

    done = 0
    for user in get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk"):
        daily_level_record(user=user)
        recheck_notify(user=user)
        done += 1
    return done
