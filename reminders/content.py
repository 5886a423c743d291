"""What a reminder says. Counts and encouragement only: never journal text, moods or notes."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from reminders.models import Reminder
from wellbeing.models import CheckIn, GoalCheck


@dataclass(frozen=True)
class ReminderMessage:
    title: str
    url: str  # the reminder's own page: check in, snooze, or "not today"
    text: str
    html: str


TITLES = {
    Reminder.Kind.CHECKIN: "Time for your check-in",
    Reminder.Kind.HEAVY_DAY: "After a heavy day: a few minutes for yourself",
    Reminder.Kind.WEEKLY_SUMMARY: "Your week in Zenora",
}


def week_counts(user, last_day: datetime.date) -> dict[str, int]:
    first = last_day - datetime.timedelta(days=6)
    return {
        "checkin_days": CheckIn.objects.filter(user=user, day__gte=first, day__lte=last_day).count(),
        "goal_checks": GoalCheck.objects.filter(user=user, day__gte=first, day__lte=last_day).count(),
    }


def encouragement(checkin_days: int) -> str:
    if checkin_days >= 6:
        return "That is a steady rhythm. Thank you for looking after yourself."
    if checkin_days >= 3:
        return "Every check-in is a moment of noticing. Well done for making room for them."
    if checkin_days >= 1:
        return "A busy week. Even one check-in counts; there is no streak to keep up."
    return "A new week is a fresh start. Thirty seconds is enough whenever you are ready."


def reminder_message(reminder: Reminder, day: datetime.date) -> ReminderMessage:
    url = reverse("reminders:detail", kwargs={"pk": reminder.pk})
    context = {
        "reminder": reminder,
        "title": TITLES[reminder.kind],
        "link": f"{settings.SITE_URL}{url}",
        "checkin_link": f"{settings.SITE_URL}{reverse('wellbeing:checkin_create')}",
        "settings_link": f"{settings.SITE_URL}{reverse('reminders:settings')}",
        "day": day,
    }
    if reminder.kind == Reminder.Kind.WEEKLY_SUMMARY:
        counts = week_counts(reminder.user, day)
        context.update(counts, encouragement=encouragement(counts["checkin_days"]))
    template = f"reminders/email_{reminder.kind}"
    return ReminderMessage(
        title=TITLES[reminder.kind],
        url=url,
        text=render_to_string(f"{template}.txt", context),
        html=render_to_string(f"{template}.html", context),
    )
