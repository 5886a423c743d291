"""Today and History read a fixed number of queries whether there are 14 or 730 days of data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wellbeing.dates import local_today
from wellbeing.models import CheckIn, GoalCheck
from wellbeing.services import goal_create, reflection_save

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("today"),
    reverse("wellbeing:history"),
    reverse("wellbeing:history_year"),
    reverse("wellbeing:goal_list"),
]


def _fill(user, goals, first: int, last: int) -> None:
    today = local_today(user)
    days = [today - datetime.timedelta(days=n) for n in range(first, last)]
    CheckIn.objects.bulk_create(
        [
            CheckIn(user=user, day=day, mood=1 + day.day % 5, energy=3, sleep=2, exposure=day.day % 4)
            for day in days
        ]
    )
    GoalCheck.objects.bulk_create(
        [GoalCheck(goal=goal, user=user, day=day) for day in days for goal in goals if day.toordinal() % 2]
    )


def _counts(client) -> list[int]:
    counts = []
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def test_today_and_history_query_counts_do_not_grow_with_data(
    signed_in_client, user, django_assert_max_num_queries
):
    goals = [goal_create(user=user, title=f"Goal {n}") for n in range(3)]
    today = local_today(user)
    reflection_save(user=user, week=today, helped=goals[:2], note="a week")
    _fill(user, goals, 0, 14)
    _counts(signed_in_client)  # the first request of a session records it once; not the page's cost
    small = _counts(signed_in_client)
    _fill(user, goals, 14, 730)
    for week in range(1, 100):
        reflection_save(user=user, week=today - datetime.timedelta(weeks=week), helped=goals)
    large = _counts(signed_in_client)
    assert small == large
    for url, count in zip(PAGES, small, strict=True):
        with django_assert_max_num_queries(count):
            signed_in_client.get(url)
