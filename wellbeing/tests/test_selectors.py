import datetime

import pytest

from accounts.services import account_delete, account_export
from accounts.tests.factories import UserFactory
from wellbeing.charts import trend_chart
from wellbeing.dates import days_between, week_start
from wellbeing.models import CheckIn, Goal, GoalCheck, WeeklyReflection
from wellbeing.selectors import (
    MIN_DAYS_FOR_COMPARISON,
    checkins_between,
    goals_with_progress,
    month_history,
    parse_month,
    parse_year,
    streak_for,
    weekday_averages,
    what_seems_to_help,
    year_history,
)
from wellbeing.services import checkin_create, goal_create, reflection_save
from wellbeing.tests.factories import CheckInFactory, GoalCheckFactory, GoalFactory

pytestmark = pytest.mark.django_db

NEW_YEAR = datetime.date(2027, 1, 2)  # a Saturday; its week began on Monday 28 December 2026


def _days(user, days, **values):
    for day in days:
        CheckInFactory(user=user, day=day, **values)


def test_streak_counts_backfilled_days_and_bridges_one_missed_day(user):
    today = datetime.date(2026, 6, 10)
    _days(user, [today - datetime.timedelta(days=n) for n in (1, 2, 4, 5, 6)])
    streak = streak_for(user, today)
    # Today not done yet and the 3rd missed: neither breaks the run.
    assert streak.run_days == 5
    assert not streak.checked_today
    CheckInFactory(user=user, day=today - datetime.timedelta(days=3))  # back-filled later
    CheckInFactory(user=user, day=today)
    streak = streak_for(user, today)
    assert (streak.run_days, streak.checked_today, streak.last_14) == (7, True, 7)


def test_streak_ends_after_two_missed_days_and_spans_new_year(user):
    _days(user, days_between(datetime.date(2026, 12, 20), datetime.date(2026, 12, 26)))
    _days(user, days_between(datetime.date(2026, 12, 29), NEW_YEAR))
    assert streak_for(user, NEW_YEAR).run_days == 5  # 29, 30, 31 Dec, 1, 2 Jan
    assert streak_for(user, datetime.date(2026, 12, 27)).run_days == 7
    assert streak_for(UserFactory(), NEW_YEAR).run_days == 0


def test_goal_progress_counts_this_week_across_new_year(user):
    goal = GoalFactory(
        user=user, cadence=Goal.Cadence.WEEKLY, times_per_week=3, start_day=datetime.date(2026, 11, 1)
    )
    for day in (
        datetime.date(2026, 12, 27),
        datetime.date(2026, 12, 28),
        datetime.date(2026, 12, 31),
        NEW_YEAR,
    ):
        GoalCheckFactory(goal=goal, day=day)
    [progress] = goals_with_progress(user, NEW_YEAR, weeks=8)
    assert week_start(NEW_YEAR) == datetime.date(2026, 12, 28)
    assert progress.done_this_week == 3
    assert progress.week_met
    assert progress.due_today  # done today, so it stays in the list to untick
    assert [week["done"] for week in progress.weeks][-2:] == [1, 3]
    assert len(progress.weeks) == 8


def test_weekly_goal_is_not_due_once_the_week_is_met(user):
    goal = GoalFactory(
        user=user, cadence=Goal.Cadence.WEEKLY, times_per_week=1, start_day=datetime.date(2026, 6, 1)
    )
    GoalCheckFactory(goal=goal, day=datetime.date(2026, 6, 8))  # a Monday
    [progress] = goals_with_progress(user, datetime.date(2026, 6, 10))
    assert not progress.due_today
    paused = GoalFactory(user=user, status=Goal.Status.PAUSED)
    assert [p.goal for p in goals_with_progress(user, datetime.date(2026, 6, 10))] == [goal]
    assert paused in [
        p.goal for p in goals_with_progress(user, datetime.date(2026, 6, 10), statuses=("paused",))
    ]


def test_what_seems_to_help_compares_mood_on_done_and_other_days(user):
    today = datetime.date(2027, 1, 10)
    goal = GoalFactory(user=user, start_day=datetime.date(2026, 12, 20))
    days = days_between(datetime.date(2026, 12, 20), today)  # 22 days, across New Year
    for index, day in enumerate(days):
        done = index % 2 == 0
        CheckInFactory(user=user, day=day, mood=4 if done else 2)
        if done:
            GoalCheckFactory(goal=goal, day=day)
    # A check-in from before the goal began is not a "not done" day.
    CheckInFactory(user=user, day=datetime.date(2026, 12, 1), mood=1)
    [progress] = goals_with_progress(user, today)
    [comparison] = what_seems_to_help(user, [progress], today)
    assert (comparison.done_days, comparison.done_mood) == (11, 4.0)
    assert (comparison.other_days, comparison.other_mood) == (11, 2.0)
    assert comparison.enough
    assert comparison.difference == 2.0


def test_what_seems_to_help_says_nothing_with_too_few_days(user):
    today = datetime.date(2026, 6, 30)
    goal = GoalFactory(user=user, start_day=datetime.date(2026, 6, 1))
    for index, day in enumerate(days_between(datetime.date(2026, 6, 1), today)):
        CheckInFactory(user=user, day=day, mood=5 if index < MIN_DAYS_FOR_COMPARISON - 1 else 3)
        if index < MIN_DAYS_FOR_COMPARISON - 1:
            GoalCheckFactory(goal=goal, day=day)
    [progress] = goals_with_progress(user, today)
    [comparison] = what_seems_to_help(user, [progress], today)
    assert comparison.done_days == MIN_DAYS_FOR_COMPARISON - 1
    assert comparison.other_days == 30 - (MIN_DAYS_FOR_COMPARISON - 1)
    assert not comparison.enough
    assert comparison.difference is None


def test_what_seems_to_help_counts_only_days_with_a_check_in(user):
    today = datetime.date(2026, 6, 30)
    goal = GoalFactory(user=user, start_day=datetime.date(2026, 6, 1))
    for day in days_between(datetime.date(2026, 6, 1), today):
        GoalCheckFactory(goal=goal, day=day)  # done every day, but never checked in
    [comparison] = what_seems_to_help(user, goals_with_progress(user, today), today)
    assert (comparison.done_days, comparison.other_days, comparison.done_mood) == (0, 0, None)


def test_weekday_averages_group_by_weekday(user):
    _days(user, [datetime.date(2026, 6, 1), datetime.date(2026, 6, 8)], mood=2, exposure=4)  # Mondays
    CheckInFactory(user=user, day=datetime.date(2026, 6, 7), mood=5)  # a Sunday
    rows = weekday_averages(list(CheckIn.objects.filter(user=user)))
    assert rows[0] == {
        "weekday": "Monday",
        "days": 2,
        "mood": 2.0,
        "energy": 3.0,
        "sleep": 3.0,
        "exposure": 4.0,
    }
    assert rows[6]["mood"] == 5.0
    assert rows[2]["days"] == 0
    assert rows[2]["mood"] is None


def test_month_history_builds_whole_weeks_with_reflections_beside_them(user):
    today = datetime.date(2027, 1, 20)
    _days(user, [datetime.date(2026, 12, 30), datetime.date(2027, 1, 1), datetime.date(2027, 1, 15)], mood=4)
    goal = goal_create(user=user, title="A walk", now=datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))
    reflection_save(
        user=user,
        week=datetime.date(2026, 12, 30),
        helped=[goal],
        now=datetime.datetime(2027, 1, 20, 12, tzinfo=datetime.UTC),
    )
    history = month_history(user, datetime.date(2027, 1, 1), today)
    assert history["weeks"][0]["week_start"] == datetime.date(2026, 12, 28)
    assert history["weeks"][0]["reflection"]["helped"] == ["A walk"]
    assert history["weeks"][0]["cells"][2]["checkin"].day == datetime.date(2026, 12, 30)
    assert not history["weeks"][0]["cells"][2]["in_month"]
    assert history["summary"]["days"] == 2  # December's check-in is shown, not counted in January
    assert history["previous_month"] == datetime.date(2026, 12, 1)
    assert history["next_month"] is None


def test_year_history_keeps_years_apart(user):
    _days(user, [datetime.date(2026, 12, 31)], mood=1, exposure=6)
    _days(user, [datetime.date(2027, 1, 1)], mood=5)
    history_2026 = year_history(user, 2026, datetime.date(2027, 1, 5))
    history_2027 = year_history(user, 2027, datetime.date(2027, 1, 5))
    assert history_2026["summary"]["days"] == 1
    assert history_2026["months"][11]["summary"] == {
        "days": 1,
        "mood": 1.0,
        "energy": 3.0,
        "sleep": 3.0,
        "exposure_total": 6,
        "heavy_days": 1,
    }
    assert history_2027["summary"]["mood"] == 5.0
    assert history_2027["next_year"] is None
    assert history_2027["months"][1]["future"]


def test_parse_month_and_year_fall_back_instead_of_failing():
    today = datetime.date(2026, 6, 15)
    assert parse_month("2026-02", today) == datetime.date(2026, 2, 1)
    assert parse_month("2026-13", today) == datetime.date(2026, 6, 1)
    assert parse_month("'; drop table", today) == datetime.date(2026, 6, 1)
    assert parse_month("2031-01", today) == datetime.date(2026, 6, 1)
    assert parse_year("abc", today) == 2026
    assert parse_year("99999", today) == 2026
    assert parse_year("1", today) == 1926


def test_trend_chart_breaks_lines_at_missing_days_and_describes_itself(user):
    days = days_between(datetime.date(2026, 6, 1), datetime.date(2026, 6, 14))
    _days(user, days[:5], mood=2, exposure=1)
    _days(user, days[7:], mood=4, exposure=8)
    chart = trend_chart(days, checkins_between(user, days[0], days[-1]))
    assert len(chart["mood_lines"]) == 2
    assert len(chart["bars"]) == 12
    assert chart["exposure_max"] == 8
    assert len(chart["rows"]) == 14
    assert "12 check-ins in the last 14 days" in chart["summary"]
    assert "the most (8) on Sunday 14 June" in chart["summary"]


def test_export_has_numbers_words_goals_and_check_offs(user):
    checkin_create(
        user=user,
        day=datetime.date(2026, 3, 10),
        mood=2,
        energy=3,
        sleep=4,
        exposure=5,
        themes=["violence"],
        note="for me",
        now=datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC),
    )
    goal = goal_create(user=user, title="A walk", reason="air")
    GoalCheckFactory(goal=goal, day=datetime.date(2026, 3, 9))
    data = account_export(user=user)["wellbeing"]
    [row] = data["check_ins"]
    assert (row["day"], row["mood"], row["mood_label"], row["exposure"], row["themes"], row["note"]) == (
        "2026-03-10",
        2,
        "Low",
        5,
        ["violence"],
        "for me",
    )
    [exported_goal] = data["goals"]
    assert (exported_goal["title"], exported_goal["reason"], exported_goal["check_offs"]) == (
        "A walk",
        "air",
        ["2026-03-09"],
    )


def test_account_deletion_removes_every_wellbeing_row(user):
    goal = goal_create(user=user, title="A walk")
    CheckInFactory(user=user, day=datetime.date(2026, 3, 10))
    GoalCheckFactory(goal=goal, day=datetime.date(2026, 3, 10))
    reflection_save(user=user, week=datetime.date(2026, 3, 10), helped=[goal])
    keeper = CheckInFactory(day=datetime.date(2026, 3, 10))
    account_delete(user=user)
    assert not CheckIn.objects.exclude(pk=keeper.pk).exists()
    assert not Goal.objects.exists()
    assert not GoalCheck.objects.exists()
    assert not WeeklyReflection.objects.exists()
    assert CheckIn.objects.filter(pk=keeper.pk).exists()
