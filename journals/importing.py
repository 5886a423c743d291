"""Reading an uploaded journal file: validated entry by entry, nothing trusted."""

import json
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from journals.content_types import EntryContent, parse_tags, validate_content
from journals.exporting import EXPORT_FORMAT
from journals.services import IMPORT_MAX_BYTES, IMPORT_MAX_ENTRIES, ImportCandidate, ImportFileError

ENTRY_FIELDS = {"id", "created_at", "updated_at", "title", "body", "tags", "mood", "mood_label", "prompt"}


def _entries_list(data) -> list:
    if (
        isinstance(data, dict)
        and data.get("format") == "zenora-export"
        and isinstance(data.get("journal"), dict)
    ):
        data = data["journal"]  # the account's "export my data" file holds the journal inside
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ImportFileError(
            "This is not a Zenora journal export: choose the journal.json from a journal export "
            "or the file from “Export your data”."
        )
    if data.get("version") != 1:
        raise ImportFileError(
            "This journal file comes from a newer version of Zenora and cannot be read here."
        )
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise ImportFileError("The file has no list of entries.")
    if len(entries) > IMPORT_MAX_ENTRIES:
        raise ImportFileError(
            f"The file has {len(entries):,} entries; at most {IMPORT_MAX_ENTRIES:,} can be imported at once."
        )
    return entries


def _moment(value, *, zone, required: bool) -> datetime | None:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise ValidationError("its date is missing")
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError("its date is not a valid date and time")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, zone)
    if moment > timezone.now() + timedelta(days=1):
        raise ValidationError("its date is in the future")
    if moment.year < 1900:
        raise ValidationError("its date is too far in the past")
    return moment


def _candidate(item, *, zone) -> ImportCandidate:
    if not isinstance(item, dict):
        raise ValidationError("it is not an entry")
    unknown = set(item) - ENTRY_FIELDS
    if unknown:
        raise ValidationError("it has fields Zenora does not know")
    for name in ("title", "body", "prompt"):
        if item.get(name) is not None and not isinstance(item.get(name), str):
            raise ValidationError(f"its {name} is not text")
    mood = item.get("mood")
    if mood is not None and (isinstance(mood, bool) or not isinstance(mood, int)):
        raise ValidationError("its mood is not one of Zenora's moods")
    tags = item.get("tags") or []
    if not isinstance(tags, list):
        raise ValidationError("its tags are not a list")
    content = EntryContent(
        title=item.get("title") or "",
        body=item.get("body") or "",
        tags=parse_tags(tags),
        mood=mood,
        prompt=item.get("prompt") or "",
    )
    try:
        validate_content(content)
    except ValidationError as error:
        # The field messages are ours and never contain the entry's text.
        raise ValidationError(
            "; ".join(m[0].rstrip(".").lower() for m in error.message_dict.values())
        ) from error
    created_at = _moment(item.get("created_at"), zone=zone, required=True)
    updated_at = _moment(item.get("updated_at"), zone=zone, required=False) or created_at
    return ImportCandidate(content=content, created_at=created_at, updated_at=max(updated_at, created_at))


def parse_journal_file(raw: bytes, *, zone) -> tuple[list[ImportCandidate], list[tuple[int, str]]]:
    """(valid candidates, [(entry number, reason)]); ImportFileError when the whole file is unusable."""
    if len(raw) > IMPORT_MAX_BYTES:
        raise ImportFileError(f"The file is larger than {IMPORT_MAX_BYTES // (1024 * 1024)} MB.")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ImportFileError(
            "The file is not valid JSON. Choose the journal.json from a Zenora export."
        ) from error
    candidates, rejected = [], []
    for number, item in enumerate(_entries_list(data), start=1):
        try:
            candidate = _candidate(item, zone=zone)
            candidate.number = number
            candidates.append(candidate)
        except ValidationError as error:
            rejected.append((number, error.messages[0]))
    return candidates, rejected
