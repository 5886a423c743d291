"""Reads for check-ins, goals and patterns. Each page reads a fixed number of queries."""

import calendar
import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from django.urls import NoReverseMatch, reverse

from journals.crypto import DecryptionError, decrypt_for
from wellbeing.charts import trend_chart
from wellbeing.dates import days_between, local_today, week_start
from wellbeing.models import EXPOSURE_THEMES, CheckIn, Goal, GoalCheck, WeeklyReflection

UNREADABLE = "(This text can no longer be read.)"
# "What seems to help" needs at least this many days on each side before it says anything.
MIN_DAYS_FOR_COMPARISON = 5
HELP_WINDOW_DAYS = 365
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --- private text ---------------------------------------------------------------------------


def checkin_note(user, checkin: CheckIn) -> str:
    if not checkin.note:
        return ""
    try:
        return decrypt_for(user, checkin.note, context=checkin.note_context)
    except DecryptionError:
        return UNREADABLE


def reflection_note(user, reflection: WeeklyReflection) -> str:
    if not reflection.note:
        return ""
    try:
        return decrypt_for(user, reflection.note, context=reflection.note_context)
    except DecryptionError:
        return UNREADABLE


def goal_text(user, goal: Goal) -> tuple[str, str]:
    """(title, reason) of a goal, decrypted for its author."""
    try:
        data = json.loads(decrypt_for(user, goal.content, context=goal.content_context))
    except (DecryptionError, ValueError):
        return UNREADABLE, ""
    return data.get("title", ""), data.get("reason", "")


# --- check-ins and streak -------------------------------------------------------------------


def checkins_between(user, first: datetime.date, last: datetime.date) -> dict[datetime.date, CheckIn]:
    rows = CheckIn.objects.filter(user=user, day__gte=first, day__lte=last).order_by("day")
    return {row.day: row for row in rows}


def checkin_for_day(user, day: datetime.date) -> CheckIn | None:
    return CheckIn.objects.filter(user=user, day=day).first()


@dataclass(frozen=True)
class Streak:
    """A forgiving run: back-filled days count and one missed day never resets it."""

    run_days: int
    last_14: int
    checked_today: bool


def streak_for(user, today: datetime.date) -> Streak:
    days = list(
        CheckIn.objects.filter(user=user, day__lte=today).order_by("-day").values_list("day", flat=True)
    )
    run = 0
    expected_after = today + datetime.timedelta(days=1)
    for day in days:
        # A gap of one missed day (a day off, a sick day) is bridged; two in a row end the run.
        if (expected_after - day).days > 2:
            break
        run += 1
        expected_after = day
    fortnight_start = today - datetime.timedelta(days=13)
    return Streak(
        run_days=run,
        last_14=sum(1 for day in days if day >= fortnight_start),
        checked_today=bool(days) and days[0] == today,
    )


# --- goals ----------------------------------------------------------------------------------


@dataclass
class GoalProgress:
    goal: Goal
    title: str
    reason: str
    done_days: set[datetime.date] = field(default_factory=set)
    today: datetime.date | None = None
    weeks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def done_today(self) -> bool:
        return self.today in self.done_days

    @property
    def done_this_week(self) -> int:
        monday = week_start(self.today)
        return sum(1 for day in self.done_days if monday <= day <= self.today)

    @property
    def target(self) -> int:
        return self.goal.weekly_target

    @property
    def due_today(self) -> bool:
        """Daily goals are due every day; weekly ones until this week's count is reached."""
        if self.goal.status != Goal.Status.ACTIVE:
            return False
        return self.done_today or self.done_this_week < self.target

    @property
    def week_met(self) -> bool:
        return self.done_this_week >= self.target


def goals_with_progress(
    user, today: datetime.date, *, statuses: tuple[str, ...] = (Goal.Status.ACTIVE,), weeks: int = 1
) -> list[GoalProgress]:
    """The person's goals, decrypted, with check-offs from ``weeks`` weeks back: two queries."""
    goals = list(Goal.objects.filter(user=user, status__in=statuses).order_by("created_at"))
    if not goals:
        return []
    first_monday = week_start(today) - datetime.timedelta(weeks=weeks - 1)
    checks = GoalCheck.objects.filter(user=user, day__gte=first_monday, day__lte=today).values_list(
        "goal_id", "day"
    )
    done: dict[Any, set[datetime.date]] = defaultdict(set)
    for goal_id, day in checks:
        done[goal_id].add(day)
    progress = []
    for goal in goals:
        title, reason = goal_text(user, goal)
        item = GoalProgress(goal=goal, title=title, reason=reason, done_days=done[goal.pk], today=today)
        item.weeks = _weekly_counts(item, first_monday, weeks)
        progress.append(item)
    return progress


def _weekly_counts(item: GoalProgress, first_monday: datetime.date, weeks: int) -> list[dict[str, Any]]:
    result = []
    for n in range(weeks):
        monday = first_monday + datetime.timedelta(weeks=n)
        sunday = monday + datetime.timedelta(days=6)
        count = sum(1 for day in item.done_days if monday <= day <= sunday)
        target = item.target
        result.append(
            {
                "week_start": monday,
                "done": count,
                "target": target,
                "met": count >= target,
                "percent": min(100, round(100 * count / target)),
            }
        )
    return result


def goal_for(user, goal_id) -> Goal:
    """A goal of this person's, or 404 (also for someone else's id)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Goal, pk=goal_id, user=user)


def goal_days_done(goal: Goal, first: datetime.date, last: datetime.date) -> set[datetime.date]:
    return set(
        GoalCheck.objects.filter(goal=goal, day__gte=first, day__lte=last).values_list("day", flat=True)
    )


# --- Today card -----------------------------------------------------------------------------


def journal_prompt(exposure: int | None) -> dict[str, str] | None:
    """A prompt from the journal, when the journal offers prompts and a page to write in."""
    try:
        from journals.prompts import random_prompt

        url = reverse("journals:entry_create")
    except (ImportError, NoReverseMatch):
        return None
    group = "after-a-difficult-session" if exposure and exposure >= 3 else "end-of-day"
    try:
        prompt = random_prompt(group)
    except (LookupError, OSError, ValueError):
        return None
    return {"text": prompt.text, "url": url}


def today_card_context(
    user, *, form=None, saved: bool = False, now: datetime.datetime | None = None
) -> dict[str, Any]:
    from wellbeing.forms import CheckInForm

    today = local_today(user, now=now)
    first = today - datetime.timedelta(days=13)
    recent = checkins_between(user, first, today)
    todays = recent.get(today)
    goals = [item for item in goals_with_progress(user, today) if item.due_today]
    return {
        "today": today,
        "yesterday": today - datetime.timedelta(days=1),
        "saved": saved,
        "checkin": todays,
        "note": checkin_note(user, todays) if todays else "",
        "form": form
        if form is not None
        else (None if todays else CheckInForm(user=user, initial={"day": today})),
        "streak": streak_for(user, today),
        "goals": goals,
        "chart": trend_chart(days_between(first, today), recent),
        "prompt": journal_prompt(todays.exposure if todays else None),
    }


# --- history --------------------------------------------------------------------------------


def weekday_averages(checkins: list[CheckIn]) -> list[dict[str, Any]]:
    by_weekday: dict[int, list[CheckIn]] = defaultdict(list)
    for checkin in checkins:
        by_weekday[checkin.day.weekday()].append(checkin)
    rows = []
    for index, name in enumerate(WEEKDAYS):
        items = by_weekday[index]
        rows.append(
            {
                "weekday": name,
                "days": len(items),
                "mood": _avg([c.mood for c in items]),
                "energy": _avg([c.energy for c in items]),
                "sleep": _avg([c.sleep for c in items]),
                "exposure": _avg([c.exposure for c in items]),
            }
        )
    return rows


def _avg(values: list[int]) -> float | None:
    return round(mean(values), 1) if values else None


@dataclass(frozen=True)
class HelpComparison:
    goal_id: Any
    title: str
    done_days: int
    done_mood: float | None
    other_days: int
    other_mood: float | None

    @property
    def enough(self) -> bool:
        return self.done_days >= MIN_DAYS_FOR_COMPARISON and self.other_days >= MIN_DAYS_FOR_COMPARISON

    @property
    def difference(self) -> float | None:
        if not self.enough:
            return None
        return round(self.done_mood - self.other_mood, 1)

    @property
    def abs_difference(self) -> float | None:
        return None if self.difference is None else abs(self.difference)


def what_seems_to_help(user, goals: list[GoalProgress], today: datetime.date) -> list[HelpComparison]:
    """For each goal: mean mood on check-in days it was done against days it was not.

    Uses the last 365 days (so 1 January never empties it); a goal's "not done" days start
    when the goal did (or its first back-filled check-off, if earlier). Two queries.
    """
    first = today - datetime.timedelta(days=HELP_WINDOW_DAYS - 1)
    moods = dict(CheckIn.objects.filter(user=user, day__gte=first, day__lte=today).values_list("day", "mood"))
    done: dict[Any, set[datetime.date]] = defaultdict(set)
    for goal_id, day in GoalCheck.objects.filter(user=user, day__gte=first, day__lte=today).values_list(
        "goal_id", "day"
    ):
        done[goal_id].add(day)
    result = []
    for item in goals:
        days_done = done[item.goal.pk]
        since = min([item.goal.start_day, *days_done])
        done_moods = [mood for day, mood in moods.items() if day in days_done]
        other_moods = [mood for day, mood in moods.items() if day >= since and day not in days_done]
        result.append(
            HelpComparison(
                goal_id=item.goal.pk,
                title=item.title,
                done_days=len(done_moods),
                done_mood=_avg(done_moods),
                other_days=len(other_moods),
                other_mood=_avg(other_moods),
            )
        )
    return result


def reflections_between(
    user, first: datetime.date, last: datetime.date
) -> dict[datetime.date, dict[str, Any]]:
    """Weekly reflections whose week starts in [first, last], with the goals that helped: two queries."""
    rows = WeeklyReflection.objects.filter(
        user=user, week_start__gte=first, week_start__lte=last
    ).prefetch_related("helped")
    result = {}
    for reflection in rows:
        result[reflection.week_start] = {
            "reflection": reflection,
            "helped": [goal_text(user, goal)[0] for goal in reflection.helped.all()],
            "note": reflection_note(user, reflection),
        }
    return result


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    """The first of the month asked for as YYYY-MM; this month when missing, malformed or ahead."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)
    return min(first, today.replace(day=1))


def month_history(user, month: datetime.date, today: datetime.date) -> dict[str, Any]:
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    grid_first, grid_last = week_start(first), week_start(last) + datetime.timedelta(days=6)
    checkins = checkins_between(user, grid_first, grid_last)
    reflections = reflections_between(user, grid_first, grid_last)
    weeks = []
    for monday in days_between(grid_first, grid_last)[::7]:
        cells = []
        for day in days_between(monday, monday + datetime.timedelta(days=6)):
            cells.append(
                {
                    "day": day,
                    "in_month": day.month == first.month,
                    "future": day > today,
                    "checkin": checkins.get(day),
                }
            )
        weeks.append(
            {
                "week_start": monday,
                "cells": cells,
                "reflection": reflections.get(monday),
                "past": monday <= today,
            }
        )
    in_month = [checkins[day] for day in sorted(checkins) if first <= day <= last]
    for checkin in in_month:
        checkin.note_text = checkin_note(user, checkin)
    goals = goals_with_progress(user, today, statuses=(Goal.Status.ACTIVE, Goal.Status.PAUSED))
    return {
        "month": first,
        "previous_month": (first - datetime.timedelta(days=1)).replace(day=1),
        "next_month": (last + datetime.timedelta(days=1)) if last < today else None,
        "weeks": weeks,
        "checkins": in_month,
        "summary": _period_summary(in_month),
        "weekdays": weekday_averages(in_month),
        "help": what_seems_to_help(user, goals, today),
    }


def parse_year(value: str | None, today: datetime.date) -> int:
    try:
        year = int(value or today.year)
    except ValueError:
        return today.year
    return min(max(year, today.year - 100), today.year)


def year_history(user, year: int, today: datetime.date) -> dict[str, Any]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    checkins = checkins_between(user, first, last)
    months = []
    for month in range(1, 13):
        month_first = datetime.date(year, month, 1)
        month_days = days_between(month_first, month_first.replace(day=calendar.monthrange(year, month)[1]))
        items = [checkins[day] for day in month_days if day in checkins]
        months.append(
            {
                "month": month_first,
                "future": month_first > today,
                "lead_blanks": range(month_first.weekday()),
                "cells": [
                    {"day": day, "future": day > today, "checkin": checkins.get(day)} for day in month_days
                ],
                "summary": _period_summary(items),
            }
        )
    ordered = [checkins[day] for day in sorted(checkins)]
    goals = goals_with_progress(user, today, statuses=(Goal.Status.ACTIVE, Goal.Status.PAUSED))
    return {
        "year": year,
        "previous_year": year - 1,
        "next_year": year + 1 if year < today.year else None,
        "months": months,
        "summary": _period_summary(ordered),
        "weekdays": weekday_averages(ordered),
        "help": what_seems_to_help(user, goals, today),
    }


def _period_summary(checkins: list[CheckIn]) -> dict[str, Any]:
    return {
        "days": len(checkins),
        "mood": _avg([c.mood for c in checkins]),
        "energy": _avg([c.energy for c in checkins]),
        "sleep": _avg([c.sleep for c in checkins]),
        "exposure_total": sum(c.exposure for c in checkins),
        "heavy_days": sum(1 for c in checkins if c.exposure >= 3),
    }


# --- export ---------------------------------------------------------------------------------


def checkins_for_export(user) -> list[dict[str, Any]]:
    rows = []
    for checkin in CheckIn.objects.filter(user=user).order_by("day"):
        rows.append(
            {
                "day": checkin.day.isoformat(),
                "mood": checkin.mood,
                "mood_label": checkin.mood_label,
                "energy": checkin.energy,
                "energy_label": checkin.energy_label,
                "sleep": checkin.sleep,
                "sleep_label": checkin.sleep_label,
                "exposure": checkin.exposure,
                "themes": list(checkin.themes or []),
                "note": checkin_note(user, checkin),
                "created_at": checkin.created_at.isoformat(),
                "updated_at": checkin.updated_at.isoformat(),
            }
        )
    return rows


def wellbeing_export(user) -> dict[str, Any]:
    """Everything of this person's wellbeing data, numbers and words, for "export my data"."""
    checks: dict[Any, list[str]] = defaultdict(list)
    for goal_id, day in GoalCheck.objects.filter(user=user).order_by("day").values_list("goal_id", "day"):
        checks[goal_id].append(day.isoformat())
    goals = []
    for goal in Goal.objects.filter(user=user).order_by("created_at"):
        title, reason = goal_text(user, goal)
        goals.append(
            {
                "id": str(goal.pk),
                "title": title,
                "reason": reason,
                "cadence": goal.cadence,
                "times_per_week": goal.times_per_week,
                "status": goal.status,
                "start_day": goal.start_day.isoformat(),
                "check_offs": checks[goal.pk],
            }
        )
    reflections = [
        {
            "week_start": reflection.week_start.isoformat(),
            "helped_goal_ids": [str(goal.pk) for goal in reflection.helped.all()],
            "note": reflection_note(user, reflection),
        }
        for reflection in WeeklyReflection.objects.filter(user=user)
        .prefetch_related("helped")
        .order_by("week_start")
    ]
    return {
        "scales": "mood, energy and sleep from 1 (lowest) to 5 (highest); exposure counts trauma-heavy sessions",
        "exposure_themes": EXPOSURE_THEMES,
        "check_ins": checkins_for_export(user),
        "goals": goals,
        "weekly_reflections": reflections,
    }
