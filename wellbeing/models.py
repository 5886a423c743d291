"""The daily check-in, exposure to trauma material, self-care goals and weekly reflections.

Numbers (mood, energy, sleep, exposure, dates) are stored in the clear so statistics run
in the database; everything a person writes in words (a check-in note, a goal's title and
reason, a reflection) is an AES-GCM ciphertext made with their data key (journals/crypto.py)
and bound to the row's UUID, so it is readable by its author alone. Deliberately absent
from the Django admin.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

EXPOSURE_MAX = 20
NOTE_MAX_LENGTH = 1000
GOAL_TITLE_MAX_LENGTH = 120
GOAL_REASON_MAX_LENGTH = 500


class Mood(models.IntegerChoices):
    STRUGGLING = 1, "Struggling"
    LOW = 2, "Low"
    OKAY = 3, "Okay"
    GOOD = 4, "Good"
    WELL = 5, "Really well"


class Energy(models.IntegerChoices):
    DRAINED = 1, "Drained"
    LOW = 2, "Low"
    STEADY = 3, "Steady"
    GOOD = 4, "Good"
    FULL = 5, "Full of energy"


class Sleep(models.IntegerChoices):
    VERY_POOR = 1, "Very poor"
    POOR = 2, "Poor"
    FAIR = 3, "Fair"
    GOOD = 4, "Good"
    RESTFUL = 5, "Restful"


# The scales of a check-in, in the order they are asked: field name, label, choices.
SCALES: tuple[tuple[str, str, type[models.IntegerChoices]], ...] = (
    ("mood", "Mood", Mood),
    ("energy", "Energy", Energy),
    ("sleep", "Sleep quality", Sleep),
)

# Theme slugs shared across Zenora for the kinds of material a clinician is exposed to.
EXPOSURE_THEMES: dict[str, str] = {
    "suicide": "Suicide",
    "self-harm": "Self-harm",
    "child-abuse": "Child abuse",
    "sexual-violence": "Sexual violence",
    "violence": "Violence",
    "death": "Death and loss",
    "other": "Other",
}


def scale_label(scale: type[models.IntegerChoices], value: int | None) -> str:
    if value is None:
        return ""
    try:
        return scale(value).label
    except ValueError:
        return ""


class CheckIn(models.Model):
    """One person's check-in for one day of their own calendar (their time zone)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField(help_text="The day in the person's own time zone.")
    mood = models.PositiveSmallIntegerField(choices=Mood.choices)
    energy = models.PositiveSmallIntegerField(choices=Energy.choices)
    sleep = models.PositiveSmallIntegerField(choices=Sleep.choices)
    exposure = models.PositiveSmallIntegerField(
        default=0, help_text="Trauma-heavy sessions or cases that day."
    )
    themes = models.JSONField(default=list, blank=True)
    note = models.BinaryField(null=True, blank=True, help_text="Encrypted with the author's data key.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="wellbeing_checkin_one_per_day"),
            models.CheckConstraint(
                condition=Q(mood__gte=1, mood__lte=5), name="wellbeing_checkin_mood_range"
            ),
            models.CheckConstraint(
                condition=Q(energy__gte=1, energy__lte=5), name="wellbeing_checkin_energy_range"
            ),
            models.CheckConstraint(
                condition=Q(sleep__gte=1, sleep__lte=5), name="wellbeing_checkin_sleep_range"
            ),
            models.CheckConstraint(
                condition=Q(exposure__gte=0, exposure__lte=EXPOSURE_MAX),
                name="wellbeing_checkin_exposure_range",
            ),
        ]

    def __str__(self) -> str:
        return f"check-in {self.pk}"

    @property
    def note_context(self) -> str:
        return f"checkin_note:{self.pk}"

    @property
    def mood_label(self) -> str:
        return scale_label(Mood, self.mood)

    @property
    def energy_label(self) -> str:
        return scale_label(Energy, self.energy)

    @property
    def sleep_label(self) -> str:
        return scale_label(Sleep, self.sleep)

    @property
    def theme_labels(self) -> list[str]:
        return [EXPOSURE_THEMES.get(slug, slug) for slug in self.themes or []]


class Goal(models.Model):
    """A self-care goal: done every day, or a number of times a week."""

    class Cadence(models.TextChoices):
        DAILY = "daily", "Every day"
        WEEKLY = "weekly", "A number of times a week"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ARCHIVED = "archived", "Archived"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goals")
    # Title and reason together, as JSON, encrypted with the author's data key.
    content = models.BinaryField()
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    times_per_week = models.PositiveSmallIntegerField(default=7)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    start_day = models.DateField(help_text="The day the goal began, in the person's time zone.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["user", "status"], name="wellbeing_goal_user_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(times_per_week__gte=1, times_per_week__lte=7), name="wellbeing_goal_times_range"
            ),
        ]

    def __str__(self) -> str:
        return f"goal {self.pk}"

    @property
    def content_context(self) -> str:
        return f"goal:{self.pk}"

    @property
    def weekly_target(self) -> int:
        return 7 if self.cadence == self.Cadence.DAILY else self.times_per_week

    @property
    def cadence_text(self) -> str:
        if self.cadence == self.Cadence.DAILY:
            return "every day"
        if self.times_per_week == 1:
            return "once a week"
        return f"{self.times_per_week} times a week"


class GoalCheck(models.Model):
    """A goal done on a day (the person's own day); back-filling an earlier day is fine."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="checks")
    # Kept beside the goal so a page reads all of a person's check-offs in one indexed query.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="goal_checks")
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "day"], name="wellbeing_goalcheck_once_per_day")
        ]
        indexes = [models.Index(fields=["user", "day"], name="wellbeing_goalcheck_user_day")]

    def __str__(self) -> str:
        return f"goal {self.goal_id} done on {self.day}"


class WeeklyReflection(models.Model):
    """An optional look back at a week (Monday to Sunday): which goals helped, and a note."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_reflections"
    )
    week_start = models.DateField(help_text="The Monday the week begins.")
    helped = models.ManyToManyField(Goal, blank=True, related_name="reflections")
    note = models.BinaryField(null=True, blank=True, help_text="Encrypted with the author's data key.")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="wellbeing_reflection_one_per_week")
        ]

    def __str__(self) -> str:
        return f"reflection {self.pk}"

    @property
    def note_context(self) -> str:
        return f"reflection_note:{self.pk}"
