import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404

from accounts.tests.factories import UserFactory
from journals.crypto import DecryptionError, decrypt_for, destroy_data_key
from wellbeing.models import EXPOSURE_MAX, CheckIn, Goal, GoalCheck, WeeklyReflection
from wellbeing.selectors import checkin_note, goal_text
from wellbeing.services import (
    checkin_create,
    checkin_update,
    goal_check_set,
    goal_create,
    goal_set_status,
    goal_update,
    reflection_save,
)
from wellbeing.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# 11:30 UTC on 10 March 2026: already 00:30 on 11 March in Auckland, still 04:30 on 10 March in Los Angeles.
INSTANT = datetime.datetime(2026, 3, 10, 11, 30, tzinfo=UTC)
VALUES = {"mood": 3, "energy": 4, "sleep": 2, "exposure": 1}


def test_checkin_create_stores_numbers_and_an_encrypted_note(user):
    checkin = checkin_create(
        user=user, day=datetime.date(2026, 3, 10), note="Hard intake today", now=INSTANT, **VALUES
    )
    stored = CheckIn.objects.get(pk=checkin.pk)
    assert (stored.mood, stored.energy, stored.sleep, stored.exposure) == (3, 4, 2, 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM wellbeing_checkin WHERE id = %s", [checkin.pk])
        raw = bytes(cursor.fetchone()[0])
    assert b"Hard intake" not in raw
    assert checkin_note(user, stored) == "Hard intake today"


def test_checkin_note_is_bound_to_its_row_and_its_author(user):
    first = checkin_create(user=user, day=datetime.date(2026, 3, 9), note="mine", now=INSTANT, **VALUES)
    second = checkin_create(user=user, day=datetime.date(2026, 3, 10), now=INSTANT, **VALUES)
    with pytest.raises(DecryptionError):
        decrypt_for(user, first.note, context=second.note_context)
    other = UserFactory()
    with pytest.raises(DecryptionError):
        decrypt_for(other, first.note, context=first.note_context)


def test_checkin_day_follows_each_persons_time_zone_at_the_same_instant():
    auckland = UserFactory(time_zone="Pacific/Auckland")
    los_angeles = UserFactory(time_zone="America/Los_Angeles")
    kiwi_day = INSTANT.astimezone(zoneinfo.ZoneInfo("Pacific/Auckland")).date()
    assert kiwi_day == datetime.date(2026, 3, 11)
    checkin_create(user=auckland, day=datetime.date(2026, 3, 11), now=INSTANT, **VALUES)
    checkin_create(user=los_angeles, day=datetime.date(2026, 3, 10), now=INSTANT, **VALUES)
    # 11 March has not begun in Los Angeles yet: the same date is a future day there.
    with pytest.raises(ValidationError) as refused:
        checkin_create(user=los_angeles, day=datetime.date(2026, 3, 11), now=INSTANT, **VALUES)
    assert "hasn't happened yet" in str(refused.value.message_dict["day"])
    assert CheckIn.objects.get(user=auckland).day == datetime.date(2026, 3, 11)
    assert CheckIn.objects.get(user=los_angeles).day == datetime.date(2026, 3, 10)


def test_checkin_create_refuses_a_second_check_in_for_the_same_day(user):
    checkin_create(user=user, day=datetime.date(2026, 3, 10), now=INSTANT, **VALUES)
    with pytest.raises(ValidationError) as refused:
        checkin_create(user=user, day=datetime.date(2026, 3, 10), now=INSTANT, **VALUES)
    assert "already have a check-in" in str(refused.value.message_dict["day"])
    assert CheckIn.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mood", 0),
        ("mood", 6),
        ("energy", -1),
        ("sleep", 9),
        ("exposure", EXPOSURE_MAX + 1),
        ("exposure", -3),
    ],
)
def test_checkin_create_refuses_values_out_of_range(user, field, value):
    with pytest.raises(ValidationError) as refused:
        checkin_create(user=user, day=datetime.date(2026, 3, 10), now=INSTANT, **{**VALUES, field: value})
    assert field in refused.value.message_dict
    assert not CheckIn.objects.exists()


def test_checkin_create_refuses_unknown_themes_and_orders_known_ones(user):
    with pytest.raises(ValidationError):
        checkin_create(user=user, day=datetime.date(2026, 3, 10), themes=["gossip"], now=INSTANT, **VALUES)
    checkin = checkin_create(
        user=user, day=datetime.date(2026, 3, 10), themes=["death", "suicide", "death"], now=INSTANT, **VALUES
    )
    assert checkin.themes == ["suicide", "death"]


def test_checkin_backfill_counts_but_not_beyond_two_years(user):
    checkin_create(user=user, day=datetime.date(2026, 2, 1), now=INSTANT, **VALUES)
    with pytest.raises(ValidationError):
        checkin_create(user=user, day=datetime.date(2020, 1, 1), now=INSTANT, **VALUES)
    assert CheckIn.objects.filter(user=user).count() == 1


def test_checkin_update_works_on_its_day_and_on_the_day_it_was_backfilled(user):
    today = checkin_create(user=user, day=datetime.date(2026, 3, 10), now=INSTANT, **VALUES)
    backfilled = checkin_create(user=user, day=datetime.date(2026, 3, 1), now=INSTANT, **VALUES)
    checkin_update(user=user, checkin=today, note="later that evening", now=INSTANT, **{**VALUES, "mood": 5})
    checkin_update(user=user, checkin=backfilled, now=INSTANT, **{**VALUES, "exposure": 4})
    today.refresh_from_db()
    backfilled.refresh_from_db()
    assert today.mood == 5
    assert checkin_note(user, today) == "later that evening"
    assert backfilled.exposure == 4


def test_checkin_update_keeps_a_past_day_as_it_was(user):
    yesterday = INSTANT - datetime.timedelta(days=1)
    checkin = checkin_create(user=user, day=datetime.date(2026, 3, 9), now=yesterday, **VALUES)
    with pytest.raises(ValidationError):
        checkin_update(user=user, checkin=checkin, now=INSTANT, **{**VALUES, "mood": 1})
    checkin.refresh_from_db()
    assert checkin.mood == 3


def test_checkin_update_of_someone_elses_check_in_is_not_found(user):
    other = checkin_create(user=UserFactory(), day=datetime.date(2026, 3, 10), now=INSTANT, **VALUES)
    with pytest.raises(Http404):
        checkin_update(user=user, checkin=other, now=INSTANT, **VALUES)


def test_goal_create_encrypts_title_and_reason(user):
    goal = goal_create(user=user, title="No case notes after 7 pm", reason="Evenings are mine", now=INSTANT)
    assert b"case notes" not in bytes(Goal.objects.get(pk=goal.pk).content)
    assert goal_text(user, goal) == ("No case notes after 7 pm", "Evenings are mine")
    assert goal.start_day == datetime.date(2026, 3, 10)


def test_goal_create_validates_title_and_cadence(user):
    with pytest.raises(ValidationError) as refused:
        goal_create(user=user, title="  ", cadence="weekly", times_per_week=9)
    assert set(refused.value.message_dict) == {"title"}
    with pytest.raises(ValidationError) as refused:
        goal_create(user=user, title="Swim", cadence="weekly", times_per_week=9)
    assert "times_per_week" in refused.value.message_dict
    with pytest.raises(ValidationError):
        goal_create(user=user, title="Swim", cadence="hourly")
    weekly = goal_create(user=user, title="Swim", cadence="weekly", times_per_week=2)
    assert weekly.weekly_target == 2
    daily = goal_create(user=user, title="Walk", cadence="daily", times_per_week=3)
    assert daily.weekly_target == 7


def test_goal_update_status_and_checks_refuse_another_persons_goal(user):
    other_goal = GoalFactory()
    with pytest.raises(Http404):
        goal_update(user=user, goal=other_goal, title="mine now", cadence="daily")
    with pytest.raises(Http404):
        goal_set_status(user=user, goal=other_goal, status="archived")
    with pytest.raises(Http404):
        goal_check_set(user=user, goal=other_goal, day=datetime.date(2026, 3, 10), done=True, now=INSTANT)
    other_goal.refresh_from_db()
    assert other_goal.status == Goal.Status.ACTIVE
    assert not GoalCheck.objects.exists()


def test_goal_check_set_is_once_per_day_backfillable_and_reversible(user):
    goal = goal_create(user=user, title="A walk", now=INSTANT)
    for _ in range(2):
        goal_check_set(user=user, goal=goal, day=datetime.date(2026, 3, 10), done=True, now=INSTANT)
    goal_check_set(user=user, goal=goal, day=datetime.date(2026, 3, 2), done=True, now=INSTANT)
    assert sorted(GoalCheck.objects.filter(goal=goal).values_list("day", flat=True)) == [
        datetime.date(2026, 3, 2),
        datetime.date(2026, 3, 10),
    ]
    goal_check_set(user=user, goal=goal, day=datetime.date(2026, 3, 10), done=False, now=INSTANT)
    assert list(GoalCheck.objects.filter(goal=goal).values_list("day", flat=True)) == [
        datetime.date(2026, 3, 2)
    ]
    with pytest.raises(ValidationError):
        goal_check_set(user=user, goal=goal, day=datetime.date(2026, 3, 12), done=True, now=INSTANT)


def test_goal_pause_archive_and_restore(user):
    goal = goal_create(user=user, title="A walk", now=INSTANT)
    goal_set_status(user=user, goal=goal, status="paused")
    goal_check_set(user=user, goal=goal, day=datetime.date(2026, 3, 10), done=True, now=INSTANT)
    goal_set_status(user=user, goal=goal, status="archived")
    with pytest.raises(ValidationError):
        goal_check_set(user=user, goal=goal, day=datetime.date(2026, 3, 9), done=True, now=INSTANT)
    with pytest.raises(ValidationError):
        goal_set_status(user=user, goal=goal, status="deleted")
    goal_set_status(user=user, goal=goal, status="active")
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACTIVE
    assert GoalCheck.objects.filter(goal=goal).count() == 1


def test_reflection_save_keeps_one_per_week_with_the_goals_that_helped(user):
    walk = goal_create(user=user, title="A walk", now=INSTANT)
    notes = goal_create(user=user, title="No notes after 7", now=INSTANT)
    reflection_save(
        user=user, week=datetime.date(2026, 3, 4), helped=[walk], note="walks helped", now=INSTANT
    )
    again = reflection_save(user=user, week=datetime.date(2026, 3, 8), helped=[walk, notes], now=INSTANT)
    assert WeeklyReflection.objects.filter(user=user).count() == 1
    assert again.week_start == datetime.date(2026, 3, 2)
    assert set(again.helped.all()) == {walk, notes}
    with pytest.raises(Http404):
        reflection_save(user=user, week=datetime.date(2026, 3, 4), helped=[GoalFactory()], now=INSTANT)
    with pytest.raises(ValidationError):
        reflection_save(user=user, week=datetime.date(2026, 3, 20), now=INSTANT)


def test_shredding_the_data_key_leaves_notes_and_goals_unreadable_but_pages_working(user):
    checkin = checkin_create(user=user, day=datetime.date(2026, 3, 10), note="private", now=INSTANT, **VALUES)
    goal = goal_create(user=user, title="A walk", now=INSTANT)
    destroy_data_key(user=user)
    assert checkin_note(user, checkin) == "(This text can no longer be read.)"
    assert goal_text(user, goal)[0] == "(This text can no longer be read.)"
