from django.conf import settings
from django.db import models


class Notification(models.Model):
    """Something that happened for one person. Titles name public things only, never private text."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the event went out by email, on its own or in a digest; never sent twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_recent"),
            models.Index(
                fields=["recipient"], name="notif_recipient_unread", condition=models.Q(read_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationSettings(models.Model):
    """How a person wants to hear about events by email. In-app notifications always appear."""

    class EmailMode(models.TextChoices):
        IMMEDIATE = "immediate", "One email per event"
        DIGEST = "digest", "One daily digest"
        OFF = "off", "No email"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_mode = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE)
    # Kinds switched away from their default, by key: {"communities.reply": false}.
    email_kinds = models.JSONField(default=dict, blank=True)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Notification settings for {self.user_id}"
