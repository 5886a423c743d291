"""The private journal. Nothing a person writes is stored in plaintext.

An entry's title, body, tags, mood and prompt live in one AES-GCM ciphertext (``content``)
made with the author's data key (journals/crypto.py) and bound to the entry's UUID, so a
database dump shows only who wrote when. These models are deliberately absent from the
Django admin.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class DataKey(models.Model):
    """A person's data key, wrapped by a master key from JOURNAL_KEYS. Deleting it shreds their text."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_data_key"
    )
    wrapped_key = models.BinaryField()
    master_key_id = models.CharField(
        max_length=16, help_text="Fingerprint of the master key that wrapped it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"data key of user {self.user_id}"


class Mood(models.IntegerChoices):
    STRUGGLING = 1, "Struggling"
    LOW = 2, "Low"
    OKAY = 3, "Okay"
    GOOD = 4, "Good"
    WELL = 5, "Really well"


class Entry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    content = models.BinaryField()
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="journal_entry_user_created")]
        verbose_name_plural = "entries"

    def __str__(self) -> str:
        return f"journal entry {self.pk}"

    @property
    def crypto_context(self) -> str:
        return f"journal_entry:{self.pk}"


class Draft(models.Model):
    """Autosaved, unfinished writing: a new entry or an edit of one, encrypted like an entry.

    The id is made in the browser's page (one per open editor), so two tabs never share a draft.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_drafts"
    )
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="drafts")
    base_version = models.PositiveIntegerField(null=True, blank=True)
    content = models.BinaryField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "-updated_at"], name="journal_draft_user_updated")]

    def __str__(self) -> str:
        return f"journal draft {self.pk}"

    @property
    def crypto_context(self) -> str:
        return f"journal_draft:{self.pk}"
