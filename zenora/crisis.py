"""Crisis language, and where help is: the one module the journal, the forum, live rooms and
insights use, so they agree on what is a crisis.

The phrases are one data file, zenora/content/crisis_language.txt, in three lists: personal
crisis language (the writer may be in danger), clinical talk about a client's risk, and the
words that make a sentence about someone else. Sentence by sentence, a personal phrase makes
the text ``CRISIS_PERSONAL`` unless the sentence is about someone else (a client's disclosure,
a risk assessment): then, like the clinical phrases, it is ``CRISIS_CLINICAL``. Figures of
speech ("this caseload is killing me") are in neither list.

What each place does with the level: personal shows the writer crisis resources at once (and
in a group also alerts its moderators); clinical is a quiet flag to a group's moderators and
shows nothing in a journal.

Resources are configured per deployment with ``settings.CRISIS_RESOURCES_FILE``, a JSON file
shaped like the generic one shipped in zenora/content/crisis_resources.json::

    {"heading": "…", "intro": "…",
     "resources": [{"name", "detail", "phone", "hours", "url"}, …]}

``crisis_resources()`` is the one reader every page uses (journal, groups, help now). A
missing or malformed file never breaks a page: the shipped guidance is shown instead, marked
``configured: False`` so pages can say the clinic's own list could not be read.
"""

import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from zenora.phrases import normalise, phrase_pattern

CONTENT = Path(__file__).parent / "content"
PHRASES_FILE = CONTENT / "crisis_language.txt"
DEFAULT_RESOURCES_FILE = CONTENT / "crisis_resources.json"
# Longer texts are checked on their first part only: the check must stay fast on any input.
CHECK_MAX_CHARS = 25000

logger = logging.getLogger(__name__)

CRISIS_PERSONAL = "personal"  # the writer may be in danger: resources now (and moderators alerted)
CRISIS_CLINICAL = "clinical"  # talk about a client's risk: a quiet flag, nothing alarming
_SENTENCES = re.compile(r"(?<=[.!?;\n])\s+")


def classify_crisis(*texts: str) -> str:
    """``CRISIS_PERSONAL``, ``CRISIS_CLINICAL`` or "" for the given texts."""
    personal = phrase_pattern(str(PHRASES_FILE), "personal")
    clinical = phrase_pattern(str(PHRASES_FILE), "clinical")
    about_someone_else = phrase_pattern(str(PHRASES_FILE), "about someone else")
    level = ""
    for text in texts:
        for sentence in _SENTENCES.split(normalise((text or "")[:CHECK_MAX_CHARS])):
            if personal.search(sentence):
                if not about_someone_else.search(sentence):
                    return CRISIS_PERSONAL
                level = CRISIS_CLINICAL
            elif clinical.search(sentence):
                level = CRISIS_CLINICAL
    return level


def is_personal_crisis(*texts: str) -> bool:
    """Whether to show the writer where help is, at once."""
    return classify_crisis(*texts) == CRISIS_PERSONAL


RESOURCE_FIELDS = ("name", "detail", "phone", "hours", "url")
SAFE_URL_PREFIXES = ("https://", "http://", "tel:")


def _resource(item: dict[str, Any]) -> dict[str, str]:
    resource = {key: str(item.get(key) or "").strip() for key in RESOURCE_FIELDS}
    resource["detail"] = resource["detail"] or str(item.get("description") or "").strip()
    if not resource["url"].startswith(SAFE_URL_PREFIXES):
        resource["url"] = ""
    return resource


def _read(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("resources", []), list):
        raise ValueError("expected an object with a 'resources' list")
    return {
        "heading": str(data.get("heading") or "You don't have to carry this alone"),
        "intro": str(data.get("intro") or ""),
        "resources": [
            _resource(r) for r in data.get("resources", []) if isinstance(r, dict) and r.get("name")
        ],
        "configured": True,
    }


@lru_cache(maxsize=4)
def _load_resources(path: str) -> dict[str, Any]:
    try:
        return _read(Path(path))
    except (OSError, ValueError):
        # The path is configuration, never user text, so it is safe to log.
        logger.warning("CRISIS_RESOURCES_FILE %s could not be read; using the default resources", path)
        return {**_read(DEFAULT_RESOURCES_FILE), "configured": False}


def crisis_resources() -> dict[str, Any]:
    """This deployment's crisis resources: {"heading", "intro", "configured", "resources": [...]}."""
    return _load_resources(getattr(settings, "CRISIS_RESOURCES_FILE", "") or str(DEFAULT_RESOURCES_FILE))
