from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


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


class Delivery(models.Model):
    """One decision to send (or not) something to someone, and what became of it.

    The outbox: every email Zenora sends is a row here (``notifications.delivery``), and senders
    with their own schedule (reminders) record their in-app and skipped decisions here too. Its
    unique ``dedupe_key`` is what makes a redelivered task, a second beat or a restarted worker
    harmless. Nothing private is stored: subjects and bodies carry counts and encouragement only.
    """

    class Channel(models.TextChoices):
        IN_APP = "in_app", "In Zenora"
        EMAIL = "email", "Email"
        NONE = "none", "Not sent"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped"
        FAILED = "failed", "Could not be delivered"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=64)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    dedupe_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.CharField(max_length=40, blank=True, help_text="Why it was skipped.")
    due_at = models.DateTimeField(null=True, blank=True)
    # Email only: what is sent (never private text), how often it was tried, and its link's use.
    subject = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    unsubscribe_kind = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=100, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table and its index names are those it had when reminders held the outbox: the
        # model moved (migrations notifications 0002, reminders 0002), the rows did not.
        db_table = "reminders_delivery"
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["user", "-created_at"], name="reminders_delivery_recent"),
            # The beat's sweep for emails whose task was lost with a crashed worker.
            models.Index(
                fields=["next_attempt_at"],
                name="reminders_delivery_pending",
                condition=Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} {self.status}"
