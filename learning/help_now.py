"""Crisis and support lines for the 'help now' page, configured per deployment.

Read from ``settings.CRISIS_RESOURCES_FILE`` (JSON) when set, else from the generic file
shipped in ``learning/content/help_now.json``. Format::

    {"intro": "…", "resources": [{"name", "phone", "hours", "url", "description"}, …]}

A missing or malformed file never breaks the page: it falls back to the shipped guidance and
says the configured list could not be read.
"""

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

DEFAULT_FILE = Path(__file__).resolve().parent / "content" / "help_now.json"
_FIELDS = ("name", "phone", "hours", "url", "description")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HelpNow:
    intro: str
    resources: list[dict[str, str]] = field(default_factory=list)
    configured: bool = True


def _read(path: Path) -> HelpNow:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("resources", []), list):
        raise ValueError("expected an object with a 'resources' list")
    resources = []
    for item in data.get("resources", []):
        if isinstance(item, dict) and item.get("name"):
            resource = {key: str(item.get(key) or "").strip() for key in _FIELDS}
            # journals.crisis reads the same file and calls the description "detail".
            resource["description"] = resource["description"] or str(item.get("detail") or "").strip()
            if resource["url"] and not resource["url"].startswith(("https://", "http://", "tel:")):
                resource["url"] = ""
            resources.append(resource)
    return HelpNow(intro=str(data.get("intro") or ""), resources=resources)


def help_now_resources() -> HelpNow:
    configured = getattr(settings, "CRISIS_RESOURCES_FILE", "")
    if configured:
        try:
            return _read(Path(configured))
        except (OSError, ValueError) as error:
            # Only the path and the parser's complaint are logged: the file holds no private text.
            logger.warning(
                "crisis resources file unreadable", extra={"path": configured, "error": str(error)}
            )
            fallback = _read(DEFAULT_FILE)
            return HelpNow(intro=fallback.intro, resources=fallback.resources, configured=False)
    return _read(DEFAULT_FILE)
