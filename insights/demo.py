"""Demo data: the clinician's recent decline shows in their insights; the nurse's steady days don't.

Builds on the wellbeing seeder's 90 days (whose last six are a heavy stretch) with journal
entries that name the signs of strain, and a self-check from five weeks ago; gives the demo
nurse two steady months. Idempotent: each part is skipped when it is already there.
"""

import contextlib
import datetime
import random

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import User
from insights.models import Instrument, SelfCheck
from insights.services import entry_signals_refresh, self_check_submit
from journals.content_types import EntryContent
from journals.models import Entry
from journals.services import entry_create
from wellbeing.dates import local_today
from wellbeing.models import CheckIn
from wellbeing.services import checkin_create

CLINICIAN = "clinician@zenora.example"
STEADY = "nurse@zenora.example"
RECENT_ENTRIES = (
    (
        1,
        "Couldn't switch off",
        "Another night where I couldn't sleep. I keep seeing the images from Tuesday's session.",
    ),
    (3, "Running on empty", "Completely drained after back-to-back sessions. I felt numb in the last one."),
    (5, "Heavy week", "I can't stop thinking about what my client told me. Skipped my walk again."),
)


def seed_demo_insights() -> list[str]:
    lines = []
    try:
        clinician = demo_user(CLINICIAN)
    except User.DoesNotExist:
        return []
    lines += _clinician_entries(clinician)
    lines += _clinician_self_check(clinician)
    entry_signals_refresh(user=clinician)
    with contextlib.suppress(User.DoesNotExist):
        lines += _steady_checkins(demo_user(STEADY))
    return lines


def _clinician_entries(user: User) -> list[str]:
    now = timezone.now()
    if Entry.objects.filter(user=user, created_at__gte=now - datetime.timedelta(days=6)).count() >= 3:
        return []
    for days_ago, title, body in RECENT_ENTRIES:
        entry_create(
            user=user,
            content=EntryContent(title=title, body=body),
            created_at=now - datetime.timedelta(days=days_ago),
        )
    return [f"Insights: {len(RECENT_ENTRIES)} recent entries for {CLINICIAN} that show strain."]


def _clinician_self_check(user: User) -> list[str]:
    instrument = Instrument.objects.filter(slug="vt-self-check").first()
    if instrument is None or SelfCheck.objects.filter(user=user).exists():
        return []
    # Five weeks ago: some strain, still satisfied with the work. A re-check is now due.
    answers = {item["id"]: 1 for item in instrument.definition["items"]}
    answers.update(ex1=2, ex2=2, it1=2, hv2=2, cs1=3, cs2=3, cs3=3, cs4=1)
    check = self_check_submit(user=user, instrument=instrument, data={k: str(v) for k, v in answers.items()})
    SelfCheck.objects.filter(pk=check.pk).update(created_at=timezone.now() - datetime.timedelta(days=35))
    return [f"Insights: a self-check from five weeks ago for {CLINICIAN}."]


def _steady_checkins(user: User) -> list[str]:
    if CheckIn.objects.filter(user=user).exists():
        return []
    rng = random.Random(f"zenora-insights-steady-{user.email}")
    today = local_today(user)
    for offset in range(60, 0, -1):
        day = today - datetime.timedelta(days=offset)
        if rng.random() < 0.1:
            continue
        weekend = day.weekday() >= 5
        checkin_create(
            user=user,
            day=day,
            mood=4 if rng.random() < 0.7 or weekend else 3,
            energy=rng.choice([3, 4, 4]),
            sleep=rng.choice([3, 4, 4, 5]),
            exposure=0 if weekend else rng.choice([0, 1, 1, 2]),
        )
    return [f"Insights: two steady months of check-ins for {STEADY}."]
