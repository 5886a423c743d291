"""Insights keep numbers only: derived signals, settings, self-check answers and team opt-ins.

Nothing here holds words a person wrote. ``EntrySignal`` is derived from a private journal
entry (a sentiment score and theme weights by slug): it is readable by the entry's author
alone, and goes with the entry (and with the account) by cascade.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class InsightSettings(models.Model):
    class Sensitivity(models.TextChoices):
        LOW = "low", "Low: only clear, lasting changes"
        NORMAL = "normal", "Normal"
        HIGH = "high", "High: tell me about smaller changes too"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="insight_settings"
    )
    enabled = models.BooleanField(default=True, help_text="Show the early-warning level on Today.")
    sensitivity = models.CharField(max_length=10, choices=Sensitivity.choices, default=Sensitivity.NORMAL)
    # Kinds of suggestion the person never wants to see again, by key.
    dismissed_kinds = models.JSONField(default=list, blank=True)
    recheck_notified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"insight settings of {self.user_id}"


class EntrySignal(models.Model):
    """Numbers derived from one journal entry's text, computed on the server for its author."""

    entry = models.OneToOneField(
        "journals.Entry", on_delete=models.CASCADE, primary_key=True, related_name="insight_signal"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(help_text="The entry's day in the author's time zone.")
    version = models.PositiveIntegerField(help_text="The entry version these numbers were computed from.")
    sentiment = models.FloatField()
    themes = models.JSONField(default=dict, help_text="Theme slug -> weight.")
    crisis = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["user", "day"], name="insights_signal_user_day")]

    def __str__(self) -> str:
        return f"signals of entry {self.entry_id}"


class DailyLevel(models.Model):
    """The early-warning level as computed for a day (nightly), so a person sees its history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    level = models.CharField(max_length=10, blank=True)
    points = models.PositiveSmallIntegerField(default=0)
    reason_keys = models.JSONField(default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="insights_level_one_per_day")]

    def __str__(self) -> str:
        return f"{self.level or 'no level'} on {self.day}"


class Instrument(models.Model):
    """A questionnaire, as data: loaded from a file by ``manage.py load_instrument``."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    definition = models.JSONField()
    is_active = models.BooleanField(default=True)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SelfCheck(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_checks")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="responses")
    instrument_version = models.CharField(max_length=40)
    answers = models.JSONField(help_text="Item id -> chosen value.")
    scores = models.JSONField(help_text="Score key -> {score, band, concern}.")
    summary_band = models.CharField(max_length=120)
    summary_concern = models.PositiveSmallIntegerField(default=0)
    summary_top = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "instrument", "-created_at"], name="insights_selfcheck_recent")
        ]

    def __str__(self) -> str:
        return f"self-check {self.pk}"


class TeamShare(models.Model):
    """A member agreed to add their daily check-in scores to a community's k-anonymous trends."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opted_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="insights_teamshare_once")]
        indexes = [models.Index(fields=["user"], name="insights_teamshare_user")]

    def __str__(self) -> str:
        return f"{self.user_id} shares with {self.community_id}"
