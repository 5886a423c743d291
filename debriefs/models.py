"""Structured, voluntary debrief sessions held in a community's live room.

A session keeps a copy of its format's phases, so editing a community's format later never
changes a session that was scheduled or run with it. Nothing here stores what anyone said:
the conversation itself is ordinary chat in the room.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse


class CommunityFormat(models.Model):
    """A community's own debrief format, next to the ones shipped in content/formats.json."""

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="debrief_formats"
    )
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    # [{"name": str, "question": str, "minutes": int}, ...]
    phases = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["community", "name"], name="debrief_format_community")]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        return f"custom:{self.pk}"


class DebriefSession(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        LIVE = "live", "In progress"
        ENDED = "ended", "Ended"
        CANCELLED = "cancelled", "Cancelled"

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="debrief_sessions"
    )
    room = models.ForeignKey("communities.ChatRoom", on_delete=models.CASCADE, related_name="debriefs")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=120)
    description = models.TextField(max_length=2000, blank=True)
    audience = models.CharField("who it is for", max_length=200, blank=True)
    starts_at = models.DateTimeField()
    format_key = models.CharField(max_length=40)
    format_name = models.CharField(max_length=80)
    phases = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    current_phase = models.PositiveSmallIntegerField(default=0)
    furthest_phase = models.PositiveSmallIntegerField(default=0)
    phase_started_at = models.DateTimeField(null=True, blank=True)
    break_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    attendance_count = models.PositiveIntegerField(default=0)
    # Raised on every change a calendar must pick up (the .ics SEQUENCE).
    revision = models.PositiveIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            # One debrief at a time in a room.
            models.UniqueConstraint(
                fields=["room"], condition=models.Q(state="live"), name="debrief_one_live_per_room"
            ),
        ]
        indexes = [
            models.Index(fields=["community", "state", "starts_at"], name="debrief_community_upcoming"),
            models.Index(fields=["room", "state"], name="debrief_room_state"),
            models.Index(fields=["state", "starts_at"], name="debrief_state_starts"),
            models.Index(fields=["state", "ended_at"], name="debrief_state_ended"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("debriefs:detail", args=[self.pk])

    @property
    def phase_count(self) -> int:
        return len(self.phases)

    @property
    def phase(self) -> dict:
        return self.phases[self.current_phase] if self.phases else {"name": "", "question": "", "minutes": 0}

    @property
    def is_live(self) -> bool:
        return self.state == self.State.LIVE

    @property
    def is_scheduled(self) -> bool:
        return self.state == self.State.SCHEDULED

    @property
    def phases_completed(self) -> int:
        """Phases the group reached before the end (the phase it ended in counts as done)."""
        if self.state != self.State.ENDED:
            return 0
        return min(self.furthest_phase + 1, self.phase_count)

    @property
    def planned_minutes(self) -> int:
        return sum(int(phase.get("minutes", 0)) for phase in self.phases)

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=max(self.planned_minutes, 15))


class Rsvp(models.Model):
    """Someone said "I'll come". Only used to remind them and to tell them of changes."""

    session = models.ForeignKey(DebriefSession, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="debrief_rsvps")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="debrief_rsvp_unique")]
        indexes = [models.Index(fields=["user"], name="debrief_rsvp_user")]

    def __str__(self) -> str:
        return f"user {self.user_id} will come to debrief {self.session_id}"


class Participant(models.Model):
    """Someone joined a live session after reading its ground rules: attendance and follow-up."""

    session = models.ForeignKey(DebriefSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="debrief_participations"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="debrief_participant_unique")]
        indexes = [
            models.Index(fields=["user"], name="debrief_participant_user"),
            models.Index(
                fields=["session"],
                name="debrief_participant_follow",
                condition=models.Q(follow_up_sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} in debrief {self.session_id}"


class Pass(models.Model):
    """Someone passed a round. Only the facilitator sees it, as "passed"; deleted when the session ends."""

    session = models.ForeignKey(DebriefSession, on_delete=models.CASCADE, related_name="passes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phase = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "phase", "user"], name="debrief_pass_unique")
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} passed phase {self.phase} of debrief {self.session_id}"


class CheckoutTally(models.Model):
    """How many people left a session feeling ``score`` (1-5): counts only, never a row per answer.

    An answer is added to a count, so no stored row, id or timestamp can be lined up with the
    person who gave it. ``CheckoutMark`` (a separate "answered" set) only stops double answers.
    """

    session = models.ForeignKey(DebriefSession, on_delete=models.CASCADE, related_name="checkout_tallies")
    score = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "score"], name="debrief_tally_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="debrief_tally_score"
            ),
        ]

    def __str__(self) -> str:
        return f"debrief {self.session_id}: {self.count} x {self.score}"


class CheckoutMark(models.Model):
    """This person has answered the check-out of this session (but not what they answered).

    No timestamp on purpose: with one, the order of marks could be matched to changes in the
    tallies.
    """

    session = models.ForeignKey(DebriefSession, on_delete=models.CASCADE, related_name="checkout_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="debrief_checkout_once")]

    def __str__(self) -> str:
        return f"user {self.user_id} checked out of debrief {self.session_id}"
