"""The journal as JSON (re-importable) and as a zip of Markdown files with front matter."""

import io
import json
import re
import unicodedata
import zipfile
from typing import Any

from django.utils import timezone

from accounts.models import User
from journals.selectors import EntryView, read_all_entries, user_zone

EXPORT_FORMAT = "zenora-journal"
EXPORT_VERSION = 1


def entry_as_dict(view: EntryView) -> dict[str, Any]:
    content = view.content
    return {
        "id": str(view.id),
        "created_at": view.created_at.isoformat(),
        "updated_at": view.updated_at.isoformat(),
        "title": content.title,
        "body": content.body,
        "tags": content.tags,
        "mood": content.mood,
        "mood_label": content.mood_label,
        "prompt": content.prompt,
    }


def journal_export_data(user: User, views: list[EntryView] | None = None) -> dict[str, Any]:
    """JSON-ready: every entry decrypted, oldest first. Also the journal's part of "export my data"."""
    views = read_all_entries(user) if views is None else views
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "time_zone": user.time_zone,
        "entries": [entry_as_dict(view) for view in views if view.readable],
        "unreadable_entries": [str(view.id) for view in views if not view.readable],
    }


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50] or "entry"


def entry_markdown(view: EntryView, zone) -> str:
    content = view.content
    # JSON strings are valid YAML scalars, so the front matter stays correct whatever was typed.
    front = [
        "---",
        f"title: {json.dumps(content.title, ensure_ascii=False)}",
        f"created: {view.created_at.astimezone(zone).isoformat()}",
        f"updated: {view.updated_at.astimezone(zone).isoformat()}",
        f"tags: {json.dumps(content.tags, ensure_ascii=False)}",
        f"mood: {json.dumps(content.mood_label or None)}",
        f"prompt: {json.dumps(content.prompt or None, ensure_ascii=False)}",
        f"id: {view.id}",
        "---",
        "",
    ]
    heading = [f"# {content.title}", ""] if content.title.strip() else []
    return "\n".join(front + heading + [content.body.rstrip(), ""])


def journal_export_zip(user: User) -> bytes:
    all_views = read_all_entries(user)
    data = journal_export_data(user, all_views)
    views = [view for view in all_views if view.readable]
    zone = user_zone(user)
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for view in views:
            stem = f"{view.created_at.astimezone(zone):%Y-%m-%d-%H%M}-{_slug(view.content.title or view.excerpt)}"
            name, counter = stem, 2
            while name in used:
                name, counter = f"{stem}-{counter}", counter + 1
            used.add(name)
            archive.writestr(f"entries/{name}.md", entry_markdown(view, zone))
        archive.writestr("journal.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr(
            "README.txt",
            "Your Zenora journal.\n\nentries/ holds one Markdown file per entry, with its details in the front "
            "matter.\njournal.json can be imported into a Zenora account (Journal → Export and import).\n"
            "This archive is not encrypted: keep it somewhere safe.\n",
        )
    return buffer.getvalue()
