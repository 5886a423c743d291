"""Live chat rooms of a community: rooms, sequenced messages, mutes and read positions.

Registered with the communities app by ``CommunitiesConfig.import_models`` (same app label,
same tables and migrations).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class ChatRoom(models.Model):
    """A live room. ``last_seq`` hands out each message's place in the room, one at a time."""

    class Retention(models.IntegerChoices):
        END_OF_DAY = 0, "Delete messages once the day is over"
        WEEK = 7, "Keep messages for 7 days"
        MONTH = 30, "Keep messages for 30 days"
        QUARTER = 90, "Keep messages for 90 days"
        FOREVER = -1, "Keep messages until deleted"

    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="chat_rooms"
    )
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60)
    topic = models.CharField(max_length=200, blank=True)
    is_default = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    retention_days = models.IntegerField(choices=Retention.choices, default=Retention.MONTH)
    last_seq = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "slug"], name="chat_room_unique_slug")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:room", args=[self.community.slug, self.slug])

    @property
    def group_name(self) -> str:
        """The Channels group every open socket of this room listens on."""
        return f"chat.room.{self.pk}"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def expiry_cutoff(self, now=None):
        """Messages created before this instant have outlived the room's retention (None: keep)."""
        now = now or timezone.now()
        if self.retention_days == self.Retention.FOREVER:
            return None
        if self.retention_days == self.Retention.END_OF_DAY:
            return now.replace(hour=0, minute=0, second=0, microsecond=0)
        return now - timedelta(days=self.retention_days)


class ChatMessage(models.Model):
    room = models.ForeignKey(ChatRoom, on_delete=models.CASCADE, related_name="messages")
    seq = models.BigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="chat_messages"
    )
    # Chosen by the sender's browser, so a resend after a dropped connection is stored once.
    client_id = models.UUIDField(default=uuid.uuid4)
    body = models.TextField(max_length=4000)
    html = models.TextField()
    warning = models.CharField(max_length=80, blank=True)  # the free label of a content warning
    warning_themes = models.CharField(max_length=120, blank=True, db_default="")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="chat_message_unique_seq"),
            models.UniqueConstraint(
                fields=["room", "author", "client_id"], name="chat_message_unique_client_id"
            ),
        ]
        indexes = [models.Index(fields=["room", "created_at"], name="chat_message_room_created")]

    def __str__(self) -> str:
        return f"message {self.seq} in room {self.room_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def warning_text(self) -> str:
        from zenora.textchecks import warning_text

        return warning_text(self.warning_themes, self.warning)


class ChatMute(models.Model):
    """A moderator's pause on one member's messages in one room, until a time."""

    room = models.ForeignKey(ChatRoom, on_delete=models.CASCADE, related_name="mutes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField()
    muted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="chat_mute_unique")]

    def __str__(self) -> str:
        return f"user {self.user_id} muted in room {self.room_id} until {self.until:%Y-%m-%d %H:%M}"


class ChatReadState(models.Model):
    """How far a member has read in a room, for unread counts."""

    room = models.ForeignKey(ChatRoom, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_seq = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="chat_read_state_unique")]

    def __str__(self) -> str:
        return f"user {self.user_id} read room {self.room_id} up to {self.last_read_seq}"
