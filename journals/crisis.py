"""Crisis language in private writing: show the writer where help is, at once. Nothing is sent.

Phrases live in journals/content/crisis_phrases.txt. Resources are configured per deployment
with ``settings.CRISIS_RESOURCES_FILE``, a JSON file shaped like the generic one shipped in
journals/content/crisis_resources.json::

    {"heading": "…", "intro": "…",
     "resources": [{"name", "detail", "phone", "hours", "url"}, …]}

``crisis_resources()`` is the one reader every page uses (journal, groups, help now). A
missing or malformed file never breaks a page: the shipped guidance is shown instead, marked
``configured: False`` so pages can say the clinic's own list could not be read.
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
