import datetime

import factory

from accounts.tests.factories import UserFactory
from wellbeing.models import CheckIn, Goal, GoalCheck
from wellbeing.services import encrypt_goal_text


class CheckInFactory(factory.django.DjangoModelFactory):
    """A check-in with numbers only; use the services to write notes (they are encrypted)."""

    class Meta:
        model = CheckIn

    user = factory.SubFactory(UserFactory)
    day = factory.LazyFunction(datetime.date.today)
    mood = 3
    energy = 3
    sleep = 3
    exposure = 0
    themes = factory.LazyFunction(list)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    cadence = Goal.Cadence.DAILY
    times_per_week = 7
    start_day = factory.LazyFunction(datetime.date.today)
    content = b""

    @factory.post_generation
    def title(self, create: bool, extracted: str | None, **kwargs) -> None:
        encrypt_goal_text(self.user, self, title=extracted or "A walk after my last session", reason="")
        if create:
            self.save(update_fields=["content"])


class GoalCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalCheck

    goal = factory.SubFactory(GoalFactory)
    user = factory.LazyAttribute(lambda check: check.goal.user)
    day = factory.LazyFunction(datetime.date.today)
