import datetime

import pytest

from accounts.demo import seed_demo_users
from wellbeing.dates import local_today
from wellbeing.demo import DEMO_DAYS, DEMO_EMAIL, seed_demo_wellbeing
from wellbeing.models import CheckIn, Goal, GoalCheck
from wellbeing.selectors import goal_text

pytestmark = pytest.mark.django_db


def test_seed_gives_the_demo_clinician_varied_days_goals_and_a_heavy_stretch():
    seed_demo_users()
    seed_demo_wellbeing()
    from accounts.demo import demo_user

    user = demo_user(DEMO_EMAIL)
    today = local_today(user)
    checkins = list(CheckIn.objects.filter(user=user))
    assert 70 <= len(checkins) < DEMO_DAYS
    assert min(c.day for c in checkins) >= today - datetime.timedelta(days=DEMO_DAYS - 1)
    assert not any(c.day == today for c in checkins)  # today is left for the person
    assert len({c.mood for c in checkins}) >= 4
    recent = [c for c in checkins if c.day >= today - datetime.timedelta(days=6)]
    assert recent
    assert all(c.exposure >= 4 for c in recent)
    goals = list(Goal.objects.filter(user=user))
    assert [goal_text(user, g)[0] for g in goals][0] == "A walk after my last session"
    assert GoalCheck.objects.filter(user=user).count() > 40

    counts = (CheckIn.objects.count(), Goal.objects.count(), GoalCheck.objects.count())
    seed_demo_wellbeing()
    assert (CheckIn.objects.count(), Goal.objects.count(), GoalCheck.objects.count()) == counts


def test_seed_without_demo_users_does_nothing():
    assert seed_demo_wellbeing() == []
    assert not CheckIn.objects.exists()
