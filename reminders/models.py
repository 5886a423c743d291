"""Reminders, the person's quiet hours, and the beat's last tick.

What each reminder decision became (sent in Zenora, emailed, skipped and why) is written to the
notification centre's outbox, ``notifications.models.Delivery``, the one ledger for every email.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reminders.schedule import Occurrence, parse_times

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]
MAX_TIMES_A_DAY = 3
MAX_SNOOZES = 3


class Reminder(models.Model):
    """One schedule of one kind for one person, with the next instant it is due (UTC)."""

    class Kind(models.TextChoices):
        CHECKIN = "checkin", "Daily check-in"
        HEAVY_DAY = "heavy_day", "After a heavy day"
        WEEKLY_SUMMARY = "weekly_summary", "Weekly summary"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    enabled = models.BooleanField(default=True)
    weekdays = models.JSONField(default=list, help_text="0 is Monday.")
    times = models.JSONField(default=list, help_text="Local times as HH:MM.")
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=False)
    # The zone next_due_at was computed in; a mismatch with the person's zone means "recompute".
    time_zone = models.CharField(max_length=64, default="UTC")
    next_due_at = models.DateTimeField(null=True, blank=True)
    next_day = models.DateField(null=True, blank=True)
    next_time = models.TimeField(null=True, blank=True)
    # Above zero, next_due_at is that many snoozes of the slot (next_day, next_time).
    snooze_count = models.PositiveSmallIntegerField(default=0)
    skip_through = models.DateField(null=True, blank=True, help_text="'Not today': no slots up to this day.")
    last_day = models.DateField(null=True, blank=True)
    last_time = models.TimeField(null=True, blank=True)
    last_snooze = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="reminders_one_per_kind")]
        indexes = [
            # The tick's only query: due reminders, oldest first.
            models.Index(fields=["next_due_at"], name="reminders_due", condition=Q(next_due_at__isnull=False))
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder {self.pk}"

    @property
    def local_times(self) -> list[datetime.time]:
        return parse_times(self.times)

    @property
    def next_occurrence(self) -> Occurrence | None:
        if self.next_due_at is None or self.next_day is None or self.next_time is None:
            return None
        return Occurrence(self.next_due_at, self.next_day, self.next_time)

    @property
    def slot_key(self) -> str:
        """Unique per person, kind, local day and chosen time (and snooze): the exactly-once key."""
        key = f"reminders.{self.kind}:{self.user_id}:{self.next_day}:{self.next_time:%H%M}"
        return f"{key}:snooze{self.snooze_count}" if self.snooze_count else key

    @property
    def weekday_names(self) -> list[str]:
        return [WEEKDAY_NAMES[day] for day in sorted(self.weekdays)]


class ReminderPreferences(models.Model):
    """What applies to all of a person's reminders: quiet hours and the heavy-day threshold."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    heavy_threshold = models.PositiveSmallIntegerField(
        default=3, help_text="Trauma-heavy sessions in a day that make it a heavy day."
    )

    def __str__(self) -> str:
        return f"reminder preferences of {self.user_id}"


class BeatTick(models.Model):
    """The last periodic tick that finished, for /healthz (shared by every process, unlike a cache)."""

    name = models.CharField(max_length=40, primary_key=True)
    finished_at = models.DateTimeField()
    claimed = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} at {self.finished_at:%Y-%m-%d %H:%M:%S}"
