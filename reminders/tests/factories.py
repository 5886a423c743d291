import factory

from accounts.tests.factories import UserFactory
from reminders.models import Reminder


class ReminderFactory(factory.django.DjangoModelFactory):
    """A reminder row as saved; call ``reminder_save`` when the next due instant matters."""

    class Meta:
        model = Reminder

    user = factory.SubFactory(UserFactory)
    kind = Reminder.Kind.CHECKIN
    weekdays = factory.LazyFunction(lambda: [0, 1, 2, 3, 4, 5, 6])
    times = factory.LazyFunction(lambda: ["09:00"])
    in_app = True
    email = True
    time_zone = factory.LazyAttribute(lambda reminder: reminder.user.time_zone)
