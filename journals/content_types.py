"""What an entry holds once decrypted, and the limits every way in (form, autosave, import) shares."""

import json
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError

from journals.models import Mood

BODY_MAX_LENGTH = 100_000
TITLE_MAX_LENGTH = 200
TAG_MAX_LENGTH = 40
TAGS_MAX = 20
PROMPT_MAX_LENGTH = 500


@dataclass
class EntryContent:
    title: str = ""
    body: str = ""
    tags: list[str] = field(default_factory=list)
    mood: int | None = None
    prompt: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "EntryContent":
        data = json.loads(text)
        return cls(
            title=data.get("title", ""),
            body=data.get("body", ""),
            tags=list(data.get("tags", [])),
            mood=data.get("mood"),
            prompt=data.get("prompt", ""),
        )

    @property
    def mood_label(self) -> str:
        return Mood(self.mood).label if self.mood in Mood.values else ""

    def is_empty(self) -> bool:
        return not (self.title.strip() or self.body.strip() or self.tags)


def parse_tags(value: str | list | None) -> list[str]:
    """'work, #sleep, Work' -> ['work', 'sleep']: trimmed, without '#', duplicates dropped."""
    if value is None:
        return []
    raw = value.split(",") if isinstance(value, str) else value
    tags: list[str] = []
    seen: set[str] = set()
    for item in raw:
        if not isinstance(item, str):
            raise ValidationError("Each tag must be text.")
        tag = " ".join(item.strip().lstrip("#").split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def validate_content(content: EntryContent, *, require_body: bool = True) -> None:
    """Raise ValidationError (by field) when an entry breaks a limit. Never echoes the text."""
    errors: dict[str, str] = {}
    if require_body and not content.body.strip():
        errors["body"] = "Write something in the entry before saving it."
    if len(content.body) > BODY_MAX_LENGTH:
        errors["body"] = (
            f"An entry can be at most {BODY_MAX_LENGTH:,} characters; this one has {len(content.body):,}. "
            "Your text is still here — split it into two entries."
        )
    if len(content.title) > TITLE_MAX_LENGTH:
        errors["title"] = f"A title can be at most {TITLE_MAX_LENGTH} characters."
    if len(content.tags) > TAGS_MAX:
        errors["tags"] = f"Use at most {TAGS_MAX} tags."
    elif any(len(tag) > TAG_MAX_LENGTH for tag in content.tags):
        errors["tags"] = f"Each tag can be at most {TAG_MAX_LENGTH} characters."
    if content.mood is not None and content.mood not in Mood.values:
        errors["mood"] = "Choose a mood from the list, or leave it empty."
    if len(content.prompt) > PROMPT_MAX_LENGTH:
        errors["prompt"] = f"A prompt can be at most {PROMPT_MAX_LENGTH} characters."
    if errors:
        raise ValidationError(errors)
