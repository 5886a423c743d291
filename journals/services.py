"""Every write to the journal. Plaintext exists only in memory, between the form and the cipher."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from journals.content_types import EntryContent, validate_content
from journals.crypto import data_key_for, destroy_data_key, encrypt_bytes
from journals.models import Draft, Entry
from zenora.crisis import classify


class EntryConflict(Exception):
    """The entry was saved elsewhere (another tab) after this editor opened it."""

    def __init__(self, entry: Entry):
        super().__init__("The entry changed since it was opened.")
        self.entry = entry


@sensitive_variables("content")
def encrypt_content(user: User, content: EntryContent, *, context: str) -> bytes:
    return encrypt_bytes(data_key_for(user), content.to_json().encode(), user_pk=user.pk, context=context)


def _discard_draft(user: User, draft_id: uuid.UUID | None) -> None:
    if draft_id:
        Draft.objects.filter(pk=draft_id, user=user).delete()


@transaction.atomic
@sensitive_variables("content")
def entry_create(
    *,
    user: User,
    content: EntryContent,
    draft_id: uuid.UUID | None = None,
    created_at: datetime | None = None,
) -> Entry:
    validate_content(content)
    now = timezone.now()
    entry = Entry(user=user, created_at=created_at or now, updated_at=now)
    entry.content = encrypt_content(user, content, context=entry.crypto_context)
    entry.save(force_insert=True)
    _discard_draft(user, draft_id)
    return entry


@transaction.atomic
@sensitive_variables("content")
def entry_update(
    *,
    user: User,
    entry_id: uuid.UUID,
    base_version: int,
    content: EntryContent,
    draft_id: uuid.UUID | None = None,
) -> Entry:
    """Save an edit; if someone saved since ``base_version`` (another tab), raise EntryConflict."""
    validate_content(content)
    entry = Entry.objects.select_for_update().filter(pk=entry_id, user=user).first()
    if entry is None:
        raise Http404
    if entry.version != base_version:
        raise EntryConflict(entry)
    entry.content = encrypt_content(user, content, context=entry.crypto_context)
    entry.version += 1
    entry.updated_at = timezone.now()
    entry.save(update_fields=["content", "version", "updated_at"])
    _discard_draft(user, draft_id)
    return entry


@transaction.atomic
def entry_delete(*, user: User, entry_id: uuid.UUID) -> None:
    deleted, _ = Entry.objects.filter(pk=entry_id, user=user).delete()
    if not deleted:
        raise Http404


@dataclass
class DraftSaved:
    draft: Draft
    conflict: bool
    crisis: bool


@transaction.atomic
@sensitive_variables("content")
def draft_save(
    *,
    user: User,
    draft_id: uuid.UUID,
    content: EntryContent,
    entry_id: uuid.UUID | None = None,
    base_version: int | None = None,
) -> DraftSaved:
    """Keep unfinished writing on the server, encrypted. A draft id of someone else's answers 404."""
    validate_content(content, require_body=False)
    entry = None
    if entry_id is not None:
        entry = Entry.objects.filter(pk=entry_id, user=user).only("id", "version").first()
        if entry is None:
            raise Http404
    draft = Draft.objects.select_for_update().filter(pk=draft_id).first()
    if draft is not None and draft.user_id != user.pk:
        raise Http404
    if draft is None:
        draft = Draft(id=draft_id, user=user)
    draft.entry = entry
    draft.base_version = base_version if entry is not None else None
    draft.content = encrypt_content(user, content, context=draft.crypto_context)
    draft.updated_at = timezone.now()
    draft.save()
    conflict = entry is not None and base_version is not None and entry.version != base_version
    crisis = classify(content.title, content.body).is_personal
    return DraftSaved(draft=draft, conflict=conflict, crisis=crisis)


@transaction.atomic
def draft_discard(*, user: User, draft_id: uuid.UUID) -> None:
    Draft.objects.filter(pk=draft_id, user=user).delete()


@transaction.atomic
def journal_erase(user: User) -> None:
    """For account deletion: the data key goes first (crypto-shredding), then the rows."""
    destroy_data_key(user=user)
    Draft.objects.filter(user=user).delete()
    Entry.objects.filter(user=user).delete()


# --- import -------------------------------------------------------------------------------

IMPORT_MAX_BYTES = 20 * 1024 * 1024
IMPORT_MAX_ENTRIES = 10_000


class ImportFileError(Exception):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (entry number, reason)

    @property
    def total(self) -> int:
        return self.imported + self.duplicates + len(self.rejected)


@dataclass
class ImportCandidate:
    content: EntryContent
    created_at: datetime
    updated_at: datetime
    number: int = 0  # its position in the file, for the report


def _identity(created_at: datetime, content: EntryContent) -> tuple:
    return (created_at.replace(microsecond=0).isoformat(), content.title, content.body)


@transaction.atomic
@sensitive_variables("candidates")
def journal_import(
    *, user: User, candidates: list[ImportCandidate], rejected: list[tuple[int, str]]
) -> ImportReport:
    """Write every valid, new entry in one transaction: all of them or, on any failure, none."""
    from journals.selectors import read_all_entries

    existing = {_identity(view.created_at, view.content) for view in read_all_entries(user) if view.readable}
    report = ImportReport(rejected=list(rejected))
    rows = []
    for candidate in candidates:
        identity = _identity(candidate.created_at, candidate.content)
        if identity in existing:
            report.duplicates += 1
            continue
        existing.add(identity)
        try:
            validate_content(candidate.content)
        except ValidationError:
            report.rejected.append((candidate.number, "it breaks an entry limit"))
            continue
        entry = Entry(user=user, created_at=candidate.created_at, updated_at=candidate.updated_at)
        entry.content = encrypt_content(user, candidate.content, context=entry.crypto_context)
        rows.append(entry)
    Entry.objects.bulk_create(rows, batch_size=500)
    report.imported = len(rows)
    report.rejected.sort()
    return report
