import datetime

import pytest

from insights.models import InsightSettings
from insights.selectors import personal_insights
from insights.services import entry_signals_refresh
from insights.suggestions import suggestions_for
from insights.tests.factories import declining_month
from wellbeing.dates import local_today
from wellbeing.tests.factories import CheckInFactory, GoalCheckFactory, GoalFactory

pytestmark = pytest.mark.django_db


def _suggestions(user):
    entry_signals_refresh(user=user)
    return suggestions_for(user, personal_insights(user), prefs=InsightSettings(user=user))


def test_suggestions_each_say_why(user):
    declining_month(user)
    items = _suggestions(user)
    kinds = [item.kind for item in items]
    assert kinds[0] == "self-check"
    assert "journal-prompt" in kinds and "reach-out" in kinds
    assert all(item.why for item in items)
    prompt = next(item for item in items if item.kind == "journal-prompt")
    assert "your entries this week mention" in prompt.why
    assert prompt.url.startswith("/journal/new/?prompt=")


def test_suggestions_offer_a_goal_that_helped_before(user):
    today = local_today(user)
    goal = GoalFactory(
        user=user, title="A walk after my last session", start_day=today - datetime.timedelta(days=60)
    )
    for offset in range(1, 41):
        day = today - datetime.timedelta(days=offset)
        walked = offset % 2 == 0
        CheckInFactory(user=user, day=day, mood=5 if walked else 3)
        if walked:
            GoalCheckFactory(goal=goal, day=day)
    items = _suggestions(user)
    goal_item = next(item for item in items if item.kind == "goal")
    assert "A walk after my last session" in goal_item.title
    assert "your mood averaged 5.0, against 3.0 on other days" in goal_item.why


def test_dismissed_kinds_are_left_out(user):
    declining_month(user)
    entry_signals_refresh(user=user)
    prefs = InsightSettings(user=user, dismissed_kinds=["self-check", "reach-out"])
    kinds = {item.kind for item in suggestions_for(user, personal_insights(user), prefs=prefs)}
    assert not kinds & {"self-check", "reach-out"}


def test_suggestions_link_lessons_and_exercises_when_learning_has_them(user):
    from learning.models import Exercise, Tag

    exercise = Exercise.objects.create(slug="five-senses", title="Five senses", kind="grounding", minutes=3)
    exercise.tags.add(Tag.objects.create(slug="intrusive-thoughts"))
    declining_month(user)
    items = _suggestions(user)
    exercise_item = next(item for item in items if item.kind == "exercise")
    assert exercise_item.url == "/learn/exercises/five-senses/"
