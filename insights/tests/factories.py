import datetime

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from insights.models import InsightSettings, TeamShare
from journals.content_types import EntryContent
from journals.services import entry_create
from wellbeing.dates import local_today
from wellbeing.tests.factories import CheckInFactory


class InsightSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsightSettings

    user = factory.SubFactory(UserFactory)


class TeamShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamShare

    user = factory.SubFactory(UserFactory)
    opted_in_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=90))


def write_entry(user, body: str, *, days_ago: int = 0):
    """An entry through the journal's own service, so it is encrypted as the app does it."""
    created = timezone.now() - datetime.timedelta(days=days_ago)
    return entry_create(user=user, content=EntryContent(body=body), created_at=created)


def declining_month(user, *, entries: bool = True) -> None:
    """Five steady weeks, then eight days clearly below them, with entries naming the signs."""
    today = local_today(user)
    for offset in range(42):
        day = today - datetime.timedelta(days=offset)
        recent = offset < 8
        CheckInFactory(
            user=user,
            day=day,
            mood=2 if recent else (4 if offset % 5 else 5),
            energy=2 if recent else 4,
            sleep=2 if recent else 4,
            exposure=4 if recent else 1,
        )
    if entries:
        for days_ago in (0, 2, 4):
            write_entry(
                user, "I can't stop thinking about what she told me. Completely drained.", days_ago=days_ago
            )


def steady_month(user) -> None:
    today = local_today(user)
    for offset in range(42):
        CheckInFactory(
            user=user,
            day=today - datetime.timedelta(days=offset),
            mood=4 if offset % 3 else 3,
            energy=4,
            exposure=1,
        )
