"""Every read of the journal. Decryption happens here, for the author alone."""

import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from accounts.models import User
from journals.content_types import EntryContent
from journals.crypto import DecryptionError, data_key_for, decrypt_bytes
from journals.models import Draft, Entry


@dataclass
class EntryView:
    """A decrypted entry, or a placeholder saying it could not be decrypted."""

    id: uuid.UUID
    created_at: datetime
    updated_at: datetime
    version: int
    content: EntryContent
    readable: bool = True

    @property
    def title(self) -> str:
        return self.content.title

    @property
    def display_title(self) -> str:
        if self.content.title.strip():
            return self.content.title
        first_line = self.content.body.strip().splitlines()[0] if self.content.body.strip() else ""
        return (first_line[:80] + "…") if len(first_line) > 80 else (first_line or "Untitled entry")

    @property
    def excerpt(self) -> str:
        text = " ".join(self.content.body.split())
        return text[:220] + ("…" if len(text) > 220 else "")


@dataclass
class DraftView:
    id: uuid.UUID
    entry_id: uuid.UUID | None
    updated_at: datetime
    content: EntryContent
    base_version: int | None


def user_zone(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def entries_of(user: User) -> QuerySet[Entry]:
    return Entry.objects.filter(user=user)


def get_entry(user: User, entry_id: uuid.UUID) -> Entry:
    """The user's own entry; anyone else's (or none) answers 404."""
    return get_object_or_404(Entry, pk=entry_id, user=user)


def _decrypt_content(user: User, blob: bytes, context: str) -> EntryContent:
    key = data_key_for(user, create=False)
    return EntryContent.from_json(decrypt_bytes(key, blob, user_pk=user.pk, context=context).decode())


def read_entry(user: User, entry: Entry) -> EntryView:
    """Decrypt one entry; DecryptionError if it was tampered with, moved or shredded."""
    return EntryView(
        id=entry.pk,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
        version=entry.version,
        content=_decrypt_content(user, entry.content, entry.crypto_context),
    )


def read_entries(user: User, entries) -> list[EntryView]:
    """Decrypt many; an unreadable one becomes a placeholder so the rest of the journal still shows."""
    views = []
    for entry in entries:
        try:
            views.append(read_entry(user, entry))
        except (DecryptionError, ValueError):
            views.append(
                EntryView(
                    entry.pk,
                    entry.created_at,
                    entry.updated_at,
                    entry.version,
                    EntryContent(),
                    readable=False,
                )
            )
    return views


def read_all_entries(user: User) -> list[EntryView]:
    return read_entries(user, entries_of(user).order_by("created_at"))


def day_start(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def search_entries(
    user: User,
    *,
    words: str = "",
    tag: str = "",
    mood: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[EntryView]:
    """Filter the user's entries. Dates narrow the SQL; words, tag and mood are matched after
    decrypting on the server for this user alone (no plaintext index exists)."""
    zone = user_zone(user)
    queryset = entries_of(user).order_by("-created_at")
    if date_from:
        queryset = queryset.filter(created_at__gte=day_start(date_from, zone))
    if date_to:
        queryset = queryset.filter(created_at__lt=day_start(date_to + timedelta(days=1), zone))
    needles = [word.casefold() for word in words.split()]
    wanted_tag = tag.strip().lstrip("#").casefold()
    results = []
    for view in read_entries(user, queryset):
        if not view.readable:
            continue
        content = view.content
        if mood is not None and content.mood != mood:
            continue
        if wanted_tag and wanted_tag not in {t.casefold() for t in content.tags}:
            continue
        if needles:
            haystack = " ".join([content.title, content.body, content.prompt, *content.tags]).casefold()
            if not all(needle in haystack for needle in needles):
                continue
        results.append(view)
    return results


def entry_months(user: User) -> list[dict]:
    """[{month: date, count: int}], newest first, counted in the user's own time zone."""
    rows = (
        entries_of(user)
        .annotate(month=TruncMonth("created_at", tzinfo=user_zone(user)))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("-month")
    )
    return [{"month": row["month"].date(), "count": row["count"]} for row in rows]


def drafts_of(user: User, *, limit: int = 10) -> list[DraftView]:
    views = []
    for draft in Draft.objects.filter(user=user).order_by("-updated_at")[:limit]:
        try:
            content = _decrypt_content(user, draft.content, draft.crypto_context)
        except (DecryptionError, ValueError):
            continue
        if not content.is_empty():
            views.append(DraftView(draft.pk, draft.entry_id, draft.updated_at, content, draft.base_version))
    return views


def get_draft(user: User, draft_id: uuid.UUID) -> DraftView:
    draft = get_object_or_404(Draft, pk=draft_id, user=user)
    content = _decrypt_content(user, draft.content, draft.crypto_context)
    return DraftView(draft.pk, draft.entry_id, draft.updated_at, content, draft.base_version)


def journal_summary(user: User) -> dict:
    """One query: how many entries and when the last was written (for the Today card)."""
    return entries_of(user).aggregate(count=Count("id"), last_written=Max("created_at"))
