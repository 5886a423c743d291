"""Every write to check-ins, goals and reflections. Private words are encrypted before saving."""

import datetime
import json
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from journals.crypto import encrypt_for
from wellbeing.dates import local_today, week_start
from wellbeing.models import (
    EXPOSURE_MAX,
    EXPOSURE_THEMES,
    GOAL_REASON_MAX_LENGTH,
    GOAL_TITLE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SCALES,
    CheckIn,
    Goal,
    GoalCheck,
    WeeklyReflection,
)
from wellbeing.permissions import check_edit_checkin, check_owns

# How far back a day may be filled in: far enough for any real catch-up, not year 1.
BACKFILL_DAYS = 730


def validate_day(
    *, user, day: datetime.date, now: datetime.datetime | None = None, field: str = "day"
) -> None:
    today = local_today(user, now=now)
    if day > today:
        raise ValidationError(
            {field: f"That day hasn't happened yet where you are: today is {today:%A %-d %B %Y}."}
        )
    if day < today - datetime.timedelta(days=BACKFILL_DAYS):
        raise ValidationError({field: "Days can be filled in up to two years back."})


def _validate_checkin_values(
    *, mood: int, energy: int, sleep: int, exposure: int, themes: Iterable[str]
) -> None:
    errors: dict[str, str] = {}
    values = {"mood": mood, "energy": energy, "sleep": sleep}
    for field, label, _choices in SCALES:
        value = values[field]
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[field] = f"Choose {label.lower()} from 1 to 5."
    if not isinstance(exposure, int) or not 0 <= exposure <= EXPOSURE_MAX:
        errors["exposure"] = f"Enter a number from 0 to {EXPOSURE_MAX}."
    unknown = [theme for theme in themes if theme not in EXPOSURE_THEMES]
    if unknown:
        errors["themes"] = "Choose themes from the list."
    if errors:
        raise ValidationError(errors)


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": f"Keep the note under {NOTE_MAX_LENGTH} characters."})
    return note


def _ordered_themes(themes: Iterable[str]) -> list[str]:
    chosen = set(themes)
    return [slug for slug in EXPOSURE_THEMES if slug in chosen]


@sensitive_variables("note")
def _set_note(user, row, note: str) -> None:
    row.note = encrypt_for(user, note, context=row.note_context) if note else None


@transaction.atomic
@sensitive_variables("note")
def checkin_create(
    *,
    user,
    day: datetime.date,
    mood: int,
    energy: int,
    sleep: int,
    exposure: int = 0,
    themes: Iterable[str] = (),
    note: str = "",
    now: datetime.datetime | None = None,
) -> CheckIn:
    """Record a day's check-in: today's, or an earlier day's (back-filling counts as much)."""
    themes = list(themes)
    validate_day(user=user, day=day, now=now)
    _validate_checkin_values(mood=mood, energy=energy, sleep=sleep, exposure=exposure, themes=themes)
    note = _clean_note(note)
    if CheckIn.objects.filter(user=user, day=day).exists():
        raise ValidationError(
            {"day": f"You already have a check-in for {day:%A %-d %B}. You can change it instead."}
        )
    moment = now or timezone.now()
    checkin = CheckIn(
        user=user,
        day=day,
        mood=mood,
        energy=energy,
        sleep=sleep,
        exposure=exposure,
        themes=_ordered_themes(themes),
        created_at=moment,
        updated_at=moment,
    )
    _set_note(user, checkin, note)
    try:
        with transaction.atomic():
            checkin.save(force_insert=True)
    except IntegrityError as error:
        # Two tabs sending the same day at once: the second gets the same clear answer.
        raise ValidationError({"day": f"You already have a check-in for {day:%A %-d %B}."}) from error
    return checkin


@transaction.atomic
@sensitive_variables("note")
def checkin_update(
    *,
    user,
    checkin: CheckIn,
    mood: int,
    energy: int,
    sleep: int,
    exposure: int = 0,
    themes: Iterable[str] = (),
    note: str = "",
    now: datetime.datetime | None = None,
) -> CheckIn:
    """Change a check-in on the day it belongs to (or the day it was filled in)."""
    check_edit_checkin(user, checkin, now=now)
    themes = list(themes)
    _validate_checkin_values(mood=mood, energy=energy, sleep=sleep, exposure=exposure, themes=themes)
    note = _clean_note(note)
    checkin.mood, checkin.energy, checkin.sleep, checkin.exposure = mood, energy, sleep, exposure
    checkin.themes = _ordered_themes(themes)
    checkin.updated_at = now or timezone.now()
    _set_note(user, checkin, note)
    checkin.save(update_fields=["mood", "energy", "sleep", "exposure", "themes", "note", "updated_at"])
    return checkin


@sensitive_variables("title", "reason")
def _goal_text(*, title: str, reason: str) -> tuple[str, str]:
    title, reason = (title or "").strip(), (reason or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "Give the goal a short name, for example “a walk after my last session”."
    elif len(title) > GOAL_TITLE_MAX_LENGTH:
        errors["title"] = f"Keep the name under {GOAL_TITLE_MAX_LENGTH} characters."
    if len(reason) > GOAL_REASON_MAX_LENGTH:
        errors["reason"] = f"Keep the reason under {GOAL_REASON_MAX_LENGTH} characters."
    if errors:
        raise ValidationError(errors)
    return title, reason


def _validate_cadence(*, cadence: str, times_per_week: int) -> int:
    if cadence not in Goal.Cadence.values:
        raise ValidationError({"cadence": "Choose every day or a number of times a week."})
    if cadence == Goal.Cadence.DAILY:
        return 7
    if not isinstance(times_per_week, int) or not 1 <= times_per_week <= 7:
        raise ValidationError({"times_per_week": "Choose from 1 to 7 times a week."})
    return times_per_week


@sensitive_variables("title", "reason")
def encrypt_goal_text(user, goal: Goal, *, title: str, reason: str) -> None:
    payload = json.dumps({"title": title, "reason": reason}, ensure_ascii=False)
    goal.content = encrypt_for(user, payload, context=goal.content_context)


@transaction.atomic
@sensitive_variables("title", "reason")
def goal_create(
    *,
    user,
    title: str,
    reason: str = "",
    cadence: str = Goal.Cadence.DAILY,
    times_per_week: int = 7,
    now: datetime.datetime | None = None,
) -> Goal:
    title, reason = _goal_text(title=title, reason=reason)
    times_per_week = _validate_cadence(cadence=cadence, times_per_week=times_per_week)
    moment = now or timezone.now()
    goal = Goal(
        user=user,
        cadence=cadence,
        times_per_week=times_per_week,
        start_day=local_today(user, now=moment),
        created_at=moment,
        updated_at=moment,
    )
    encrypt_goal_text(user, goal, title=title, reason=reason)
    goal.save(force_insert=True)
    return goal


@transaction.atomic
@sensitive_variables("title", "reason")
def goal_update(
    *, user, goal: Goal, title: str, reason: str = "", cadence: str, times_per_week: int = 7
) -> Goal:
    check_owns(user, goal)
    title, reason = _goal_text(title=title, reason=reason)
    goal.times_per_week = _validate_cadence(cadence=cadence, times_per_week=times_per_week)
    goal.cadence = cadence
    goal.updated_at = timezone.now()
    encrypt_goal_text(user, goal, title=title, reason=reason)
    goal.save(update_fields=["content", "cadence", "times_per_week", "updated_at"])
    return goal


@transaction.atomic
def goal_set_status(*, user, goal: Goal, status: str) -> Goal:
    """Pause, archive or bring back a goal; its history stays either way."""
    check_owns(user, goal)
    if status not in Goal.Status.values:
        raise ValidationError({"status": "Choose active, paused or archived."})
    goal.status = status
    goal.updated_at = timezone.now()
    goal.save(update_fields=["status", "updated_at"])
    return goal


@transaction.atomic
def goal_check_set(
    *, user, goal: Goal, day: datetime.date, done: bool, now: datetime.datetime | None = None
) -> bool:
    """Mark a goal done (or not) on a day; today or back-filled. Returns whether it is done."""
    check_owns(user, goal)
    validate_day(user=user, day=day, now=now)
    if goal.status == Goal.Status.ARCHIVED:
        raise ValidationError({"goal": "This goal is archived. Bring it back to tick it off again."})
    if done:
        # ON CONFLICT DO NOTHING: ticking twice (two taps, two tabs) is the same as once.
        GoalCheck.objects.bulk_create(
            [GoalCheck(goal=goal, user=user, day=day, created_at=now or timezone.now())],
            ignore_conflicts=True,
        )
    else:
        GoalCheck.objects.filter(goal=goal, day=day).delete()
    return done


@transaction.atomic
@sensitive_variables("note")
def reflection_save(
    *,
    user,
    week: datetime.date,
    helped: Iterable[Goal] = (),
    note: str = "",
    now: datetime.datetime | None = None,
) -> WeeklyReflection:
    """Keep (or replace) the reflection on the week that contains ``week``."""
    monday = week_start(week)
    validate_day(user=user, day=monday, now=now, field="week")
    helped = list(helped)
    for goal in helped:
        check_owns(user, goal)
    note = _clean_note(note)
    reflection, _ = WeeklyReflection.objects.select_for_update().get_or_create(user=user, week_start=monday)
    reflection.updated_at = now or timezone.now()
    _set_note(user, reflection, note)
    reflection.save(update_fields=["note", "updated_at"])
    reflection.helped.set(helped)
    return reflection
