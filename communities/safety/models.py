"""Reports and safety flags on posts and chat messages.

Registered with the communities app by ``CommunitiesConfig.import_models`` (same app label,
same tables and migrations).
"""

from django.conf import settings
from django.db import models


class Report(models.Model):
    """Something in a community that a moderator should look at: a member's report, or a flag
    Zenora raised itself when it saw crisis language. The reporter is never shown to the author."""

    class Source(models.TextChoices):
        MEMBER = "member", "Reported by a member"
        CRISIS = "crisis", "Crisis language: the writer may need support"
        CLINICAL = "clinical", "Talk of a client's risk (for awareness)"

    class Reason(models.TextChoices):
        IDENTIFYING = "identifying", "It could identify a client"
        NEEDS_WARNING = "needs_warning", "Heavy content without a content warning"
        WORRIED = "worried", "I'm worried about the writer"
        HARASSMENT = "harassment", "Unkind, harassing or disrespectful"
        SPAM = "spam", "Spam or off-topic"
        OTHER = "other", "Something else"

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="reports")
    post = models.ForeignKey(
        "communities.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    chat_message = models.ForeignKey(
        "communities.ChatMessage", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MEMBER)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    note = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=200, blank=True)
    # Why Zenora raised a crisis flag: the category (zenora.crisis.CATEGORIES) and the words that
    # decided it, from the post or message the moderator is shown anyway. Journals never flag.
    crisis_category = models.CharField(max_length=20, blank=True)
    crisis_phrase = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["community", "-created_at"],
                name="report_open_recent",
                condition=models.Q(resolved_at__isnull=True),
            ),
            models.Index(fields=["post"], name="report_post"),
            models.Index(fields=["chat_message"], name="report_chat_message"),
            models.Index(fields=["reporter"], name="report_reporter"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=False) | models.Q(chat_message__isnull=False),
                name="report_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} in {self.community_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    @property
    def crisis_category_label(self) -> str:
        from zenora.crisis import CATEGORY_LABELS

        return CATEGORY_LABELS.get(self.crisis_category, "")
