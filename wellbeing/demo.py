"""Demo data: 90 days of the demo clinician's check-ins and goals, with a recent heavy stretch."""

import datetime
import random
import uuid

from accounts.demo import demo_user
from accounts.models import User
from wellbeing.dates import local_today
from wellbeing.models import CheckIn, Goal, GoalCheck
from wellbeing.services import checkin_create, encrypt_goal_text

DEMO_EMAIL = "clinician@zenora.example"
DEMO_DAYS = 90
HEAVY_STRETCH_DAYS = 6
DEMO_GOALS = (
    # title, reason, cadence, times a week, how likely on an ordinary day
    (
        "A walk after my last session",
        "It lets the day drain out before I get home.",
        Goal.Cadence.DAILY,
        7,
        0.6,
    ),
    ("No case notes after 7 pm", "Evenings are for my own life.", Goal.Cadence.WEEKLY, 5, 0.55),
    ("Peer supervision", "Hard cases are lighter when they are shared.", Goal.Cadence.WEEKLY, 1, 0.15),
)
DEMO_NOTES = (
    "Long day, but the team lunch helped.",
    "Slept badly; back-to-back intakes.",
    "Quiet afternoon, caught up on reading.",
    "Felt present with every client today.",
)


def seed_demo_wellbeing() -> list[str]:
    try:
        user = demo_user(DEMO_EMAIL)
    except User.DoesNotExist:
        return []
    today = local_today(user)
    rng = random.Random(f"zenora-wellbeing-{user.email}")  # the same story on every run, whatever the ids
    goals = _demo_goals(user)
    existing = set(CheckIn.objects.filter(user=user).values_list("day", flat=True))
    created = 0
    for offset in range(DEMO_DAYS - 1, -1, -1):
        day = today - datetime.timedelta(days=offset)
        heavy = offset < HEAVY_STRETCH_DAYS + 1 and offset > 0
        did = {goal.pk: rng.random() < (0.25 if heavy else chance) for goal, chance in goals}
        values = _demo_values(rng, day, heavy=heavy, did_walk=did[goals[0][0].pk])
        skipped = rng.random() < 0.08 and not heavy  # a few days off, as in any real record
        if offset == 0 or skipped or day in existing:
            continue  # today is left for the person to fill in
        checkin_create(user=user, day=day, **values)
        created += 1
        GoalCheck.objects.bulk_create(
            [
                GoalCheck(goal=goal, user=user, day=day)
                for goal, _ in goals
                if did[goal.pk] and day >= goal.start_day
            ],
            ignore_conflicts=True,
        )
    return [f"Wellbeing: {created} demo check-ins added for {DEMO_EMAIL}."] if created else []


def _demo_goals(user: User) -> list[tuple[Goal, float]]:
    result = []
    start = local_today(user) - datetime.timedelta(days=DEMO_DAYS)
    for index, (title, reason, cadence, times, chance) in enumerate(DEMO_GOALS):
        # A stable id per demo goal makes the seeder idempotent without reading encrypted titles.
        goal_id = uuid.uuid5(uuid.NAMESPACE_URL, f"zenora-demo-goal/{user.pk}/{index}")
        goal = Goal.objects.filter(pk=goal_id).first() or _goal_with_id(
            user, goal_id, title=title, reason=reason, cadence=cadence, times=times, start=start
        )
        result.append((goal, chance))
    return result


def _goal_with_id(
    user: User, goal_id: uuid.UUID, *, title: str, reason: str, cadence: str, times: int, start: datetime.date
) -> Goal:
    goal = Goal(id=goal_id, user=user, cadence=cadence, times_per_week=times, start_day=start)
    encrypt_goal_text(user, goal, title=title, reason=reason)
    goal.save(force_insert=True)
    return goal


def _demo_values(rng: random.Random, day: datetime.date, *, heavy: bool, did_walk: bool) -> dict:
    weekend = day.weekday() >= 5
    if heavy:
        exposure = rng.randint(4, 7)
        themes = rng.sample(["suicide", "self-harm", "child-abuse", "violence", "death"], k=2)
    elif weekend:
        exposure, themes = 0, []
    else:
        exposure = rng.choice([0, 1, 1, 2, 2, 3])
        themes = rng.sample(["violence", "death", "self-harm", "other"], k=1) if exposure else []
    base = 3 + (0.6 if did_walk else 0) + (0.5 if weekend else 0) - exposure * 0.3
    if heavy:
        # The heavy stretch reads as low whichever weekdays it falls on, so the demo's story
        # (and the tests built on it) do not depend on today's date.
        base = min(base, 1.9)
    mood = _clamp(round(base + rng.uniform(-0.8, 0.8)))
    energy = _clamp(round(base - 0.2 + rng.uniform(-1, 1)))
    sleep = _clamp(round(3.4 - (0.8 if heavy else 0) + rng.uniform(-1.2, 1.2)))
    note = rng.choice(DEMO_NOTES) if rng.random() < 0.2 else ""
    return {
        "mood": mood,
        "energy": energy,
        "sleep": sleep,
        "exposure": exposure,
        "themes": themes,
        "note": note,
    }


def _clamp(value: int) -> int:
    return max(1, min(5, value))
