"""Crisis language in private writing: show the writer where help is, at once. Nothing is sent.

Phrases live in journals/content/crisis_phrases.txt. Resources are configured per deployment
with ``settings.CRISIS_RESOURCES_FILE`` (a JSON file shaped like
journals/content/crisis_resources.json); ``crisis_resources()`` is reusable by any app.
"""

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from zenora.phrases import contains_phrase

CONTENT = Path(__file__).parent / "content"
PHRASES_FILE = CONTENT / "crisis_phrases.txt"
DEFAULT_RESOURCES_FILE = CONTENT / "crisis_resources.json"

logger = logging.getLogger(__name__)


def contains_crisis_language(*texts: str) -> bool:
    return contains_phrase(PHRASES_FILE, *texts)


@lru_cache(maxsize=4)
def _load_resources(path: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # The path is configuration, never user text, so it is safe to log.
        logger.warning("CRISIS_RESOURCES_FILE %s could not be read; using the default resources", path)
        data = json.loads(DEFAULT_RESOURCES_FILE.read_text(encoding="utf-8"))
    data.setdefault("heading", "You don't have to carry this alone")
    data.setdefault("intro", "")
    data["resources"] = [r for r in data.get("resources", []) if isinstance(r, dict) and r.get("name")]
    return data


def crisis_resources() -> dict[str, Any]:
    """This deployment's crisis resources: {"heading", "intro", "resources": [{name, detail, phone, url}]}."""
    return _load_resources(getattr(settings, "CRISIS_RESOURCES_FILE", "") or str(DEFAULT_RESOURCES_FILE))
